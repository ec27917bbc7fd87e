package dev.tagdesk.bench;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.tag.TagService;
import dev.tagdesk.tag.TagViews.TagFilter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * TagDesk at scale: 10,000 departments, 200,000 members, 2,000 tags and 1,000,000 assignments on
 * the embedded PostgreSQL. Measures the visibility check for one user and the tag list page under
 * 16 concurrent requests, and prints the figures (also to target/bench/scale.md).
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=ScaleBenchmark}
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DemoReset.class)
class ScaleBenchmark {

    static final int CONCURRENCY = 16;
    static final int REQUESTS_PER_CLIENT = 40;

    @LocalServerPort
    int port;

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    CurrentScope scopes;

    @Autowired
    TagService tags;

    final StringBuilder report = new StringBuilder();

    @Test
    void tagDeskAtScale() throws Exception {
        reset.toDemoData();
        long start = System.nanoTime();
        new ScaleData(jdbc, passwords).generate();
        line("member_tag pages all-visible after vacuum: %s",
                jdbc.sql("select relallvisible || ' of ' || relpages from pg_class where relname = 'member_tag'")
                        .query(String.class)
                        .single());
        line("Generated data in %.1f s: %,d departments, %,d members, %,d tags, %,d assignments",
                (System.nanoTime() - start) / 1e9,
                count("department"), count("member"), count("tag"), count("member_tag"));

        CurrentUser ops = user("ops.bench");
        visibilityCheck(ops);
        for (String[] page : new String[][] {
            {"admin", "/tags?size=50"}, {"ops.bench", "/tags?size=50"}, {"admin", "/tags?size=50&q=bench_1"},
            // ordered by members: the count of every filtered tag decides the page
            {"admin", "/tags?size=50&sort=-count"}, {"ops.bench", "/tags?size=50&sort=-count"}
        }) {
            tagList(page[0], page[1], 1, 200);
            tagList(page[0], page[1], CONCURRENCY, REQUESTS_PER_CLIENT);
            wrk(page[0], page[1]);
        }

        Path out = Path.of("target", "bench", "scale.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println("\n=== ScaleBenchmark ===\n" + report);
    }

    void visibilityCheck(CurrentUser ops) {
        long visibleTag = jdbc.sql("select id from tag where whole_company and name like 'BENCH_%' limit 1").query(Long.class).single();
        double[] resolve = time(500, () -> scopes.of(ops));
        Scope scope = scopes.of(ops);
        double[] check = time(500, () -> tags.tag(scope, visibleTag));
        double[] count = time(200, () -> tags.list(scope, new TagFilter("", null, null, null, null, 0, 1)));
        line("Visibility for one OPS user (home at depth 2 of 10,049 departments), %d runs each:", 500);
        line("- resolve the scope (home department path): median %.2f ms, p95 %.2f ms", resolve[0], resolve[1]);
        line("- check one tag and build its view: median %.2f ms, p95 %.2f ms", check[0], check[1]);
        line("- count every tag visible to the user (first page of 1): median %.2f ms, p95 %.2f ms", count[0], count[1]);
        Scope admin = scopes.of(user("admin"));
        for (Scope s : List.of(admin, scope)) {
            double[] page = time(200, () -> tags.list(s, new TagFilter("", null, null, null, null, 0, 50)));
            double[] groups = time(200, () -> tags.groups(s));
            double[] options = time(200, () -> tags.departmentOptions(s, List.of()));
            line("- tag list parts as %s: a page of 50 with its total %.2f ms, groups %.2f ms, department options %.2f ms (%d)",
                    s.username(), page[0], groups[0], options[0], tags.departmentOptions(s, List.of()).size());
        }
    }

    double[] time(int runs, Runnable action) {
        for (int i = 0; i < 50; i++) {
            action.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[(int) (runs * 0.95)]};
    }

    void tagList(String username, String path, int concurrency, int requestsPerClient) throws Exception {
        HttpClient client = loggedIn(username);
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        for (int i = 0; i < 30; i++) {
            get(client, uri);
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<double[]>> futures = new ArrayList<>();
        long wall = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            futures.add(pool.submit(() -> {
                double[] ms = new double[requestsPerClient];
                for (int i = 0; i < requestsPerClient; i++) {
                    long t = System.nanoTime();
                    get(client, uri);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                return ms;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<double[]> f : futures) {
            for (double v : f.get()) {
                all.add(v);
            }
        }
        double seconds = (System.nanoTime() - wall) / 1e9;
        pool.shutdown();
        all.sort(null);
        line("- GET %s as %s, %d concurrent clients, %d requests: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, %.0f requests/s",
                path, username, concurrency, all.size(),
                all.get(all.size() / 2), all.get((int) (all.size() * 0.95)), all.get((int) (all.size() * 0.99)),
                all.size() / seconds);
    }

    /**
     * The same page under 16 connections from wrk, a separate and much lighter load generator than
     * this JVM's own HTTP clients (skipped where wrk is not installed).
     */
    void wrk(String username, String path) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            line("- (wrk not installed: no external load figures)");
            return;
        }
        CookieManager cookies = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        logIn(client, username);
        String session = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("SESSION"))
                .map(c -> "SESSION=" + c.getValue())
                .findFirst()
                .orElseThrow();
        Process wrk = new ProcessBuilder(
                        "wrk", "-t2", "-c" + CONCURRENCY, "-d20s", "-s", "bench/wrk-p95.lua",
                        "-H", "Cookie: " + session, "http://127.0.0.1:" + port + path)
                .redirectErrorStream(true)
                .start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        String summary = output.lines().filter(l -> l.startsWith("wrk:") || l.contains("Non-2xx")).reduce("", (a, b) -> a + b + " ");
        line("- GET %s as %s, %d connections from wrk for 20 s: %s", path, username, CONCURRENCY, summary.replace("wrk: ", "").strip());
    }

    HttpClient loggedIn(String username) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        logIn(client, username);
        return client;
    }

    void logIn(HttpClient client, String username) throws Exception {
        String login = get(client, URI.create("http://127.0.0.1:" + port + "/login"));
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        csrf.find();
        String form = "username=" + username + "&password=tagdesk-demo&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    static String get(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    CurrentUser user(String username) {
        return jdbc.sql("select id, username, password_hash, role, department_id from app_user where username = ?")
                .param(username)
                .query((rs, i) -> new CurrentUser(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Role.valueOf(rs.getString(4)), (Long) rs.getObject(5), true))
                .single();
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
