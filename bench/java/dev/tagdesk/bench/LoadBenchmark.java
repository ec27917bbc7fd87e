package dev.tagdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 clients for 60 s of mixed traffic against the packaged TagDesk on loopback (local mode, demo
 * organisation): the tag list, searches, member pages, tagging a member through the page form, small
 * imports through the API and member-tag exports, as admins, OPS and auditors in their own sessions.
 * Counts errors (any unexpected answer), checks that no write was lost (assignments after = before +
 * what the clients were told they added), and prints p50/p95/max per route.
 *
 * <p>{@code mvn -DskipTests package && mvn -Pbench test -Dtest=LoadBenchmark}
 */
class LoadBenchmark {

    static final int CLIENTS = Integer.getInteger("load.clients", 32);
    static final Duration DURATION = Duration.ofSeconds(Long.getLong("load.seconds", 60));
    static final String[] USERS = {"admin", "ops.sales", "auditor", "admin", "ops.purchase", "admin", "ops.sales", "auditor"};
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final String[] TERMS = {"渠道", "偏好", "SALES", "生命周期", "会员", "VIP", "双十一", "数码", "华东", "PUR"};

    @TempDir
    Path data;

    final Map<String, Queue<Long>> latencies = new ConcurrentHashMap<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicLong tagged = new AtomicLong();
    final AtomicLong imported = new AtomicLong();

    /** (account, tag id, member name, tag name) not yet assigned: each is written at most once. */
    final Queue<String[]> freshPairs = new ConcurrentLinkedQueue<>();

    final Map<String, List<String>> accountsInScope = new TreeMap<>();

    @Test
    void thirtyTwoClientsForOneMinute() throws Exception {
        try (PackagedApp app = new PackagedApp(data).start()) {
            long before;
            try (Connection db = app.database()) {
                before = count(db, "select count(*) from member_tag");
                prepare(db);
            }
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long end = System.nanoTime() + DURATION.toNanos();
            for (int i = 0; i < CLIENTS; i++) {
                String user = USERS[i % USERS.length];
                clients.submit(() -> {
                    try {
                        client(app, user, end);
                    } catch (Exception e) {
                        errors.add(user + ": " + e);
                    }
                });
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(DURATION.toSeconds() + 120, TimeUnit.SECONDS)).isTrue();
            long after;
            try (Connection db = app.database()) {
                after = count(db, "select count(*) from member_tag");
            }
            report(before, after);
            assertThat(errors).as("errors").isEmpty();
            assertThat(after).as("assignments after = before + what the clients added").isEqualTo(before + tagged.get() + imported.get());
        }
    }

    private void client(PackagedApp app, String user, long end) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String token = logIn(app, browser, user);
        List<String> accounts = accountsInScope.get(user);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
            int roll = random.nextInt(100);
            boolean writer = !user.equals("auditor");
            if (roll < 30) {
                expect(timed("tag list", () -> get(browser, app, "/tags?page=" + random.nextInt(2))), 200);
            } else if (roll < 45) {
                String term = URLEncoder.encode(TERMS[random.nextInt(TERMS.length)], StandardCharsets.UTF_8);
                expect(timed("tag search", () -> get(browser, app, "/tags?q=" + term)), 200);
            } else if (roll < 65) {
                String account = accounts.get(random.nextInt(accounts.size()));
                HttpResponse<String> page = timed("member page", () -> get(browser, app, "/members/" + account));
                expect(page, 200);
                token = csrf(page.body(), token);
            } else if (roll < 85 && writer && user.equals("admin")) {
                String[] pair = freshPairs.poll();
                if (pair != null) {
                    String form = "tagId=" + pair[1] + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                    HttpResponse<String> saved = timed("tag a member", () -> send(browser, HttpRequest.newBuilder(
                                    app.uri("/members/" + pair[0] + "/tags"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Accept", "text/html")
                            .POST(HttpRequest.BodyPublishers.ofString(form))));
                    expect(saved, 302);
                    if (saved.statusCode() == 302) {
                        tagged.incrementAndGet();
                    }
                }
            } else if (roll < 90 && user.equals("admin")) {
                smallImport(app, browser);
            } else if (roll < 95) {
                expect(timed("member-tag export", () -> get(browser, app, "/exports/member-tags.csv")), 200);
            } else {
                expect(timed("tag list export", () -> get(browser, app, "/exports/tags.csv")), 200);
            }
        }
    }

    /** Five fresh (member, tag) pairs in one CSV file, applied at once through the API. */
    private void smallImport(PackagedApp app, HttpClient browser) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String[] pair = freshPairs.poll();
            if (pair != null) {
                rows.add(pair);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder("\uFEFF姓名,账号,标签1\r\n");
        rows.forEach(r -> csv.append(r[2]).append(',').append(r[0]).append(',').append(r[3]).append("\r\n"));
        String boundary = "tagdesk" + System.nanoTime();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = timed("small import (API)", () -> send(browser, HttpRequest.newBuilder(
                        app.uri("/api/v1/imports?dryRun=false"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
        expect(response, 201);
        Matcher added = Pattern.compile("\"toAdd\":(\\d+)").matcher(response.body());
        if (response.statusCode() == 201 && response.body().contains("\"applied\":true") && added.find()) {
            imported.addAndGet(Long.parseLong(added.group(1)));
        } else {
            errors.add("import not applied: " + response.body());
        }
    }

    private String logIn(PackagedApp app, HttpClient browser, String user) throws Exception {
        String token = csrf(get(browser, app, "/login").body(), null);
        String form = "username=" + user + "&password=tagdesk-demo&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpResponse<String> login = send(browser, HttpRequest.newBuilder(app.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        expect(login, 302);
        return csrf(get(browser, app, "/").body(), token);
    }

    private void prepare(Connection db) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet pairs = statement.executeQuery("""
                        select m.account, t.id, m.name, t.name from member m cross join tag t
                        join tag_group g on g.id = t.group_id
                        where t.deleted_at is null and t.whole_company and not g.exclusive
                          and not exists (select 1 from member_tag mt where mt.member_id = m.id and mt.tag_id = t.id)
                        order by random() limit 20000""")) {
            while (pairs.next()) {
                freshPairs.add(new String[] {pairs.getString(1), pairs.getString(2), pairs.getString(3), pairs.getString(4)});
            }
        }
        for (String user : List.of("admin", "ops.sales", "ops.purchase", "auditor")) {
            List<String> accounts = new ArrayList<>();
            try (Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("""
                            select distinct m.account from member m
                            join member_department md on md.member_id = m.id join department d on d.id = md.department_id
                            where d.path like coalesce((select d2.path from app_user u join department d2 on d2.id = u.department_id
                                                         where u.username = '%s' and u.role = 'OPS'), '/') || '%%'
                            """.formatted(user))) {
                while (rows.next()) {
                    accounts.add(rows.getString(1));
                }
            }
            accountsInScope.put(user, accounts);
        }
    }

    private HttpResponse<String> timed(String route, Request request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = request.send();
        latencies.computeIfAbsent(route, r -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - start);
        return response;
    }

    private void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            errors.add(response.request().method() + " " + response.uri().getPath() + " → " + response.statusCode());
        }
    }

    private static String csrf(String html, String fallback) {
        Matcher token = CSRF.matcher(html);
        return token.find() ? token.group(1) : fallback;
    }

    private static HttpResponse<String> get(HttpClient browser, PackagedApp app, String path) throws Exception {
        return send(browser, HttpRequest.newBuilder(app.uri(path)).header("Accept", "text/html").GET());
    }

    private static HttpResponse<String> send(HttpClient browser, HttpRequest.Builder request) throws Exception {
        return browser.send(
                request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void report(long before, long after) throws Exception {
        StringBuilder out = new StringBuilder();
        long total = latencies.values().stream().mapToLong(Queue::size).sum();
        out.append(String.format(Locale.ROOT, "%d clients, %d s, %,d requests (%.0f/s), %d errors%n",
                CLIENTS, DURATION.toSeconds(), total, total / (double) DURATION.toSeconds(), errors.size()));
        out.append(String.format(Locale.ROOT, "assignments: before %,d, after %,d; clients added %,d by the page and %,d by imports%n",
                before, after, tagged.get(), imported.get()));
        out.append("| route | requests | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
        new TreeMap<>(latencies).forEach((route, times) -> {
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f |%n", route, sorted.size(),
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6));
        });
        errors.stream().limit(20).forEach(e -> out.append("error: ").append(e).append('\n'));
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "load.md"), out);
        System.out.println("\n=== LoadBenchmark ===\n" + out);
    }

    interface Request {
        HttpResponse<String> send() throws Exception;
    }
}
