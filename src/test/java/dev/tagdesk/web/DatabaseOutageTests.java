package dev.tagdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.TagDeskApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * External mode with PostgreSQL stopped under a running TagDesk: pages, logins and API calls fail
 * fast with a friendly, translated "database unavailable" (503 page, 503 problem, health DOWN), never
 * an error with internals; when PostgreSQL is back, the same running TagDesk and the same browser
 * session work again, without a restart.
 */
class DatabaseOutageTests {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @TempDir
    Path data;

    HttpClient browser = newBrowser();

    int port;

    @Test
    void whilePostgresIsDownEveryPathAnswersAFriendly503AndAllWorksAgainWhenItIsBack() throws Exception {
        int postgresPort = freePort();
        EmbeddedPostgres postgres = postgres(postgresPort);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TagDeskApplication.class)
                .run(
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--tagdesk.demo-data=true",
                        "--tagdesk.rules.nightly=false",
                        "--server.port=0",
                        "--spring.main.banner-mode=off")) {
            port = ((WebServerApplicationContext) app).getWebServer().getPort();
            logIn("ops.sales");
            assertThat(get("/tags", false).statusCode()).isEqualTo(200);
            assertThat(get("/api/v1/tags", true).statusCode()).isEqualTo(200);

            // Someone else opens the login form before the outage (its CSRF token is kept in their
            // session, in the database) and sends it during it.
            HttpClient loggedIn = browser;
            browser = newBrowser();
            String loginForm = loginForm("admin");
            HttpClient someoneElse = browser;
            browser = loggedIn;

            postgres.close();

            long started = System.nanoTime();
            HttpResponse<String> page = get("/tags", false);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("fails fast")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).contains(DatabaseUnavailable.RETRY_AFTER);
            assertThat(page.body()).contains("数据库暂时不可用").contains("没有任何数据被修改");
            assertNoInternals(page.body());

            HttpResponse<String> api = get("/api/v1/tags", true);
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(api.body()).contains("\"code\":\"DATABASE_UNAVAILABLE\"");
            assertNoInternals(api.body());

            HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/api/v1/members/x/tags/1"))
                    .header("Authorization", basic("ops.sales"))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(write.statusCode()).isEqualTo(503);
            assertNoInternals(write.body());

            browser = someoneElse;
            HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(loginForm)));
            assertThat(login.statusCode())
                    .as("a login is not told the password is wrong")
                    .isEqualTo(503);
            assertThat(login.body()).contains("数据库暂时不可用");
            // The login form itself needs its session (its CSRF token) in the database: 503 too.
            HttpResponse<String> form = get("/login", false);
            assertThat(form.statusCode()).isEqualTo(503);
            assertThat(form.body()).contains("数据库暂时不可用");
            assertNoInternals(form.body());

            assertThat(get("/actuator/health", false).statusCode()).isEqualTo(503);

            postgres = postgres(postgresPort);
            long back = System.nanoTime();
            while (get("/actuator/health", false).statusCode() != 200) {
                assertThat(Duration.ofNanos(System.nanoTime() - back))
                        .as("recovers by itself")
                        .isLessThan(Duration.ofSeconds(30));
                Thread.sleep(200);
            }

            logIn("admin");
            assertThat(get("/tags", false).statusCode()).as("no restart").isEqualTo(200);
            assertThat(get("/api/v1/tags", true).statusCode()).isEqualTo(200);
        } finally {
            postgres.close();
        }
    }

    private static HttpClient newBrowser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private EmbeddedPostgres postgres(int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private void logIn(String username) throws Exception {
        HttpResponse<String> login = postLogin(username);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/"));
    }

    private HttpResponse<String> postLogin(String username) throws Exception {
        String body = loginForm(username);
        return send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The login form, filled in: its CSRF token is the one the form carries. */
    private String loginForm(String username) throws Exception {
        HttpResponse<String> form = get("/login", false);
        Matcher token = CSRF.matcher(form.body());
        assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
        return "username=" + username + "&password=tagdesk-demo&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path, boolean api) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (api) {
            request.header("Authorization", basic("ops.sales"));
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(
                request.header("Accept-Language", "zh-CN")
                        .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String username) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":tagdesk-demo").getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception", "org.", "java.", "SQL", "PSQL", "Connection refused");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
