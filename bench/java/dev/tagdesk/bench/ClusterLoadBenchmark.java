package dev.tagdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged TagDesk instances (external mode) on one PostgreSQL, under the mixed traffic of
 * {@link LoadBenchmark} (tag list, searches, member pages, tagging a member through the page form,
 * small imports through the API, both exports) from 32 clients, each sending its requests to the
 * instances in turn (a round-robin balancer with no stickiness). Three phases of a minute, in one run on
 * one machine, after a minute of warm-up on both: one instance alone; both; both with one killed
 * (SIGKILL) half-way. A client that cannot
 * connect to an instance tries the other (as a balancer does); a request the killed instance was
 * answering when it died may fail, nothing else may. After each phase every write a client was told
 * about is in the database, and no import is left running.
 *
 * <p>{@code mvn -DskipTests package && mvn -Pbench test -Dtest=ClusterLoadBenchmark}
 * ({@code -Dload.clients=…}, {@code -Dload.seconds=…} per phase)
 */
class ClusterLoadBenchmark {

    static final int CLIENTS = Integer.getInteger("load.clients", 32);
    static final Duration PHASE = Duration.ofSeconds(Long.getLong("load.seconds", 60));
    static final String[] USERS = {"admin", "ops.sales", "auditor", "admin", "ops.purchase", "admin", "ops.sales", "auditor"};
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final String[] TERMS = {"渠道", "偏好", "SALES", "生命周期", "会员", "VIP", "双十一", "数码", "华东", "PUR"};

    @TempDir
    Path data;

    /** (account, tag id, member name, tag name) not yet assigned: each is written at most once. */
    final Queue<String[]> freshPairs = new ConcurrentLinkedQueue<>();

    final Map<String, List<String>> accountsInScope = new TreeMap<>();
    final StringBuilder report = new StringBuilder();

    @Test
    void oneInstanceThenTwoThenOneOfTwoKilled() throws Exception {
        int databasePort = PackagedApp.freePort();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data.resolve("pg"))
                        .setCleanDataDirectory(true)
                        .setPort(databasePort)
                        .setServerConfig("max_connections", "60")
                        .start();
                PackagedApp first = PackagedApp.external(jdbcUrl(databasePort), databasePort)
                        .start(instance("bench-1"));
                PackagedApp second = PackagedApp.external(jdbcUrl(databasePort), databasePort)
                        .start(instance("bench-2"))) {
            try (Connection db = first.database()) {
                prepare(db);
            }
            report.append(String.format(
                    Locale.ROOT,
                    "%d clients, %d s a phase, %d cores, PostgreSQL %s (one server, both instances on it)%n%n",
                    CLIENTS,
                    PHASE.toSeconds(),
                    Runtime.getRuntime().availableProcessors(),
                    postgres.getPostgresDatabase().getConnection().getMetaData().getDatabaseProductVersion()));
            report.append("| phase | requests | req/s | p50 ms | p95 ms | errors | lost in flight | writes acknowledged / missing"
                    + " | imports left running | served |\n");
            report.append("|---|---|---|---|---|---|---|---|---|---|\n");

            // Both JVMs warm up (JIT, pools, caches) first, so that the phases compare instances, not warm-up.
            Phase warmUp = run(
                    "warm-up (both)", first, List.of(new Target("bench-1", first), new Target("bench-2", second)), null);
            Phase one = run("1 instance", first, List.of(new Target("bench-1", first)), null);
            Phase two = run(
                    "2 instances", first, List.of(new Target("bench-1", first), new Target("bench-2", second)), null);
            Target doomed = new Target("bench-2", second);
            Phase killed = run("2, one killed at " + PHASE.toSeconds() / 2 + " s", first,
                    List.of(new Target("bench-1", first), doomed), doomed);

            report.append('\n');
            for (Phase phase : List.of(one, two, killed)) {
                phase.routes(report);
            }
            Files.createDirectories(Path.of("target", "bench"));
            Files.writeString(Path.of("target", "bench", "cluster-load.md"), report);
            System.out.println("\n=== ClusterLoadBenchmark ===\n" + report);

            for (Phase phase : List.of(warmUp, one, two, killed)) {
                assertThat(phase.errors).as(phase.name + ": errors").isEmpty();
                assertThat(phase.writesMissing).as(phase.name + ": writes acknowledged but missing").isZero();
                assertThat(phase.importsLeftRunning).as(phase.name + ": imports left running").isZero();
            }
        }
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static String[] instance(String name) {
        return new String[] {
            "--tagdesk.instance.name=" + name,
            // A dead instance's import is failed by the other within 10 s (30 s by default).
            "--tagdesk.import.heartbeat=PT2S",
            "--tagdesk.import.dead-after=PT10S"
        };
    }

    /** An instance as the clients see it: up until a connection to it is refused. */
    static final class Target {
        final String name;
        final PackagedApp app;
        volatile boolean down;
        /** When the kill was sent, and when the process was gone (nanoTime). */
        volatile long killSent = Long.MAX_VALUE;
        volatile long killedAt = Long.MAX_VALUE;
        final AtomicLong served = new AtomicLong();

        Target(String name, PackagedApp app) {
            this.name = name;
            this.app = app;
        }

        URI uri(String path) {
            return app.uri(path);
        }
    }

    /** One phase's traffic and what it found. */
    final class Phase {
        final String name;
        final List<Target> targets;
        final Map<String, Queue<Long>> latencies = new ConcurrentHashMap<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicLong lostInFlight = new AtomicLong();
        final Queue<String[]> acknowledged = new ConcurrentLinkedQueue<>();
        final Queue<String[]> unknown = new ConcurrentLinkedQueue<>();
        long writesMissing;
        long importsLeftRunning;

        Phase(String name, List<Target> targets) {
            this.name = name;
            this.targets = targets;
        }

        void routes(StringBuilder out) {
            out.append("**").append(name).append("**\n\n| route | requests | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
            new TreeMap<>(latencies).forEach((route, times) -> {
                List<Long> sorted = sorted(times);
                out.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f |%n", route, sorted.size(),
                        percentile(sorted, 0.50), percentile(sorted, 0.95), sorted.get(sorted.size() - 1) / 1e6));
            });
            errors.stream().limit(20).forEach(e -> out.append("error: ").append(e).append('\n'));
            out.append('\n');
        }
    }

    private Phase run(String name, PackagedApp database, List<Target> targets, Target toKill) throws Exception {
        Phase phase = new Phase(name, targets);
        long before;
        try (Connection db = database.database()) {
            before = count(db, "select count(*) from member_tag");
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        long start = System.nanoTime();
        long end = start + PHASE.toNanos();
        if (toKill != null) {
            clients.submit(() -> {
                Thread.sleep(PHASE.toMillis() / 2);
                toKill.killSent = System.nanoTime();
                toKill.app.killJvm();
                toKill.killedAt = System.nanoTime();
                return null;
            });
        }
        for (int i = 0; i < CLIENTS; i++) {
            String user = USERS[i % USERS.length];
            int first = i;
            clients.submit(() -> {
                try {
                    new Client(phase, user, first).run(end);
                } catch (Exception e) {
                    phase.errors.add(user + ": " + e);
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(PHASE.toSeconds() + 180, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Connection db = database.database()) {
            // An import the killed instance was running is failed by the other once its heartbeat is missed.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count(db, "select count(*) from import_job where status in ('READING', 'APPLYING')") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            phase.importsLeftRunning = count(db, "select count(*) from import_job where status in ('READING', 'APPLYING')");
            long after = count(db, "select count(*) from member_tag");
            long acknowledgedThere = present(db, List.copyOf(phase.acknowledged));
            long unknownThere = present(db, List.copyOf(phase.unknown));
            phase.writesMissing = phase.acknowledged.size() - acknowledgedThere;
            if (after != before + acknowledgedThere + unknownThere) {
                phase.errors.add("assignments: before " + before + ", after " + after + ", acknowledged "
                        + acknowledgedThere + ", of unknown outcome and there " + unknownThere);
            }
        }
        List<Long> all = new ArrayList<>();
        phase.latencies.values().forEach(all::addAll);
        Collections.sort(all);
        StringBuilder served = new StringBuilder();
        targets.forEach(t -> served.append(t.name).append(' ').append(String.format(Locale.ROOT, "%,d", t.served.get())).append(' '));
        report.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f | %d | %d | %,d / %d | %d | %s|%n",
                name, all.size(), all.size() / seconds, percentile(all, 0.50), percentile(all, 0.95),
                phase.errors.size(), phase.lostInFlight.get(), phase.acknowledged.size(), phase.writesMissing,
                phase.importsLeftRunning, served));
        return phase;
    }

    /** One person at a browser, their requests balanced over the instances in turn. */
    final class Client {
        final Phase phase;
        final String user;
        final HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        int next;

        Client(Phase phase, String user, int first) {
            this.phase = phase;
            this.user = user;
            this.next = first;
        }

        void run(long end) throws Exception {
            String token = logIn();
            List<String> accounts = accountsInScope.get(user);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < end) {
                int roll = random.nextInt(100);
                if (roll < 30) {
                    expect(get("tag list", "/tags?page=" + random.nextInt(2)), 200);
                } else if (roll < 45) {
                    String term = URLEncoder.encode(TERMS[random.nextInt(TERMS.length)], StandardCharsets.UTF_8);
                    expect(get("tag search", "/tags?q=" + term), 200);
                } else if (roll < 65) {
                    HttpResponse<String> page =
                            get("member page", "/members/" + accounts.get(random.nextInt(accounts.size())));
                    if (expect(page, 200)) {
                        token = csrf(page.body(), token);
                    }
                } else if (roll < 85 && user.equals("admin")) {
                    tagAMember(token);
                } else if (roll < 90 && user.equals("admin")) {
                    smallImport();
                } else if (roll < 95) {
                    expect(get("member-tag export", "/exports/member-tags.csv"), 200);
                } else {
                    expect(get("tag list export", "/exports/tags.csv"), 200);
                }
            }
        }

        private void tagAMember(String token) throws Exception {
            String[] pair = freshPairs.poll();
            if (pair == null) {
                return;
            }
            String form = "tagId=" + pair[1] + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            HttpResponse<String> saved = call("tag a member", target -> HttpRequest.newBuilder(
                            target.uri("/members/" + pair[0] + "/tags"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            if (saved == null) {
                phase.unknown.add(pair);
            } else if (expect(saved, 302)) {
                phase.acknowledged.add(pair);
            }
        }

        /** Five fresh (member, tag) pairs in one CSV file, applied at once through the API. */
        private void smallImport() throws Exception {
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
            HttpResponse<String> response = call("small import (API)", target -> HttpRequest.newBuilder(
                            target.uri("/api/v1/imports?dryRun=false"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (response == null) {
                phase.unknown.addAll(rows);
            } else if (expect(response, 201) && response.body().contains("\"applied\":true")) {
                phase.acknowledged.addAll(rows);
            } else if (response.statusCode() == 201) {
                phase.errors.add("import not applied: " + response.body());
            }
        }

        private String logIn() throws Exception {
            HttpResponse<String> page = get("login", "/login");
            String token = csrf(page.body(), null);
            String form = "username=" + user + "&password=tagdesk-demo&_csrf="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8);
            HttpResponse<String> login = call("login", target -> HttpRequest.newBuilder(target.uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            expect(login, 302);
            return csrf(get("home", "/").body(), token);
        }

        private HttpResponse<String> get(String route, String path) throws Exception {
            HttpResponse<String> response = call(route, target -> HttpRequest.newBuilder(target.uri(path))
                    .header("Accept", "text/html")
                    .GET());
            return response;
        }

        /**
         * Sends the request to the next instance that is up. One that refuses the connection, or whose
         * process was already gone when the request was sent (a pooled connection to it breaks), never
         * saw the request: it is marked down and the next is tried, as a balancer does. One that broke
         * off an answer it was giving when it was killed lost the request in flight; anything else is an
         * error. Returns null when the request's outcome is unknown.
         */
        private HttpResponse<String> call(String route, Function<Target, HttpRequest.Builder> request)
                throws Exception {
            for (int tries = 0; tries < phase.targets.size(); tries++) {
                Target target = nextUp();
                if (target == null) {
                    break;
                }
                long start = System.nanoTime();
                try {
                    HttpResponse<String> response = browser.send(
                            request.apply(target).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    phase.latencies.computeIfAbsent(route, r -> new ConcurrentLinkedQueue<>())
                            .add(System.nanoTime() - start);
                    target.served.incrementAndGet();
                    return response;
                } catch (ConnectException refused) {
                    target.down = true;
                } catch (IOException broken) {
                    if (start >= target.killedAt) {
                        target.down = true;
                        continue;
                    }
                    if (System.nanoTime() >= target.killSent) {
                        target.down = true;
                        phase.lostInFlight.incrementAndGet();
                        return null;
                    }
                    phase.errors.add(route + " on " + target.name + ": " + broken);
                    return null;
                }
            }
            phase.errors.add(route + ": no instance could be reached");
            return null;
        }

        private Target nextUp() {
            for (int i = 0; i < phase.targets.size(); i++) {
                Target target = phase.targets.get(Math.floorMod(next++, phase.targets.size()));
                if (!target.down) {
                    return target;
                }
            }
            return null;
        }

        private boolean expect(HttpResponse<String> response, int status) {
            if (response == null) {
                return false;
            }
            if (response.statusCode() != status) {
                phase.errors.add(response.request().method() + " " + response.uri().getPath() + " → "
                        + response.statusCode());
                return false;
            }
            return true;
        }
    }

    private void prepare(Connection db) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet pairs = statement.executeQuery("""
                        select m.account, t.id, m.name, t.name from member m cross join tag t
                        join tag_group g on g.id = t.group_id
                        where t.deleted_at is null and t.whole_company and not g.exclusive
                          and not exists (select 1 from member_tag mt where mt.member_id = m.id and mt.tag_id = t.id)
                        order by random() limit 30000""")) {
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

    /** How many of these (account, tag id) pairs are assigned. */
    private static long present(Connection db, List<String[]> pairs) throws Exception {
        if (pairs.isEmpty()) {
            return 0;
        }
        Array accounts = db.createArrayOf("text", pairs.stream().map(p -> p[0]).toArray());
        Array tags = db.createArrayOf("int8", pairs.stream().map(p -> Long.valueOf(p[1])).toArray());
        try (PreparedStatement statement = db.prepareStatement("""
                select count(*) from unnest(?, ?) as p(account, tag_id)
                join member m on m.account = p.account
                join member_tag mt on mt.member_id = m.id and mt.tag_id = p.tag_id""")) {
            statement.setArray(1, accounts);
            statement.setArray(2, tags);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String csrf(String html, String fallback) {
        Matcher token = CSRF.matcher(html);
        return token.find() ? token.group(1) : fallback;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<Long> sorted(Queue<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted;
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(sorted.size() * p) - 1) / 1e6;
    }
}
