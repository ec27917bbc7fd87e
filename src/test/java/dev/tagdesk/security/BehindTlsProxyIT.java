package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.RawHttp;
import dev.tagdesk.support.RawHttp.Response;
import dev.tagdesk.support.ServerTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * TagDesk in its real server (Tomcat), as a TLS-terminating proxy on the same machine talks to it:
 * requests the proxy marks as HTTPS are secure (Secure cookies, HSTS), and no redirect is ever built
 * from the Host a client sent.
 */
@ServerTest
class BehindTlsProxyIT {

    static final String EVIL = "evil.example";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    RawHttp http;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        http = new RawHttp(port);
    }

    /** One browser's visit, every request with the same extra headers (and the session it was given). */
    class Visit {
        final String version;
        final List<String> headers;
        String session;

        Visit(String version, String... headers) {
            this.version = version;
            this.headers = List.of(headers);
        }

        Response get(String path) {
            return remember(http.send(head("GET " + path), null));
        }

        Response post(String path, String form) {
            List<String> head = head("POST " + path);
            head.add("Content-Type: application/x-www-form-urlencoded");
            return remember(http.send(head, form));
        }

        Response logIn(String username, String password) {
            String token = csrf(get("/login"));
            return post("/login", "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + token);
        }

        private List<String> head(String requestLine) {
            List<String> head = new ArrayList<>();
            head.add(requestLine + " " + version);
            head.addAll(headers);
            if (session != null) {
                head.add("Cookie: SESSION=" + session);
            }
            return head;
        }

        private Response remember(Response response) {
            response.cookieValue("SESSION").ifPresent(id -> session = id);
            return response;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.0"})
    void noRedirectIsBuiltFromTheHostTheClientSent(String version) {
        // From the proxy's address, so X-Forwarded-Host is believed too.
        Visit visit = new Visit(version, "Host: " + EVIL, "X-Forwarded-Host: " + EVIL, "X-Forwarded-Proto: https");
        List<Response> redirects = new ArrayList<>();

        redirects.add(expectRedirect(visit.get("/tags"), "/login"));
        redirects.add(expectRedirect(visit.logIn("admin", "wrong"), "/login?error"));
        redirects.add(expectRedirect(visit.logIn("admin", "tagdesk-demo"), "/"));
        // A controller's own redirect (the login page to a logged-in user).
        redirects.add(expectRedirect(visit.get("/login"), "/"));
        String token = csrf(visit.get("/tags"));
        redirects.add(expectRedirect(visit.post("/logout", "_csrf=" + token), "/login?logout"));

        Visit expired = new Visit(version, "Host: " + EVIL);
        expired.session = "MDEyMzQ1Njc4OUFCQ0RFRjAxMjM0NTY3ODlBQkNERUY="; // a session id nobody holds
        redirects.add(expectRedirect(expired.get("/tags"), "/login?expired"));

        assertThat(redirects)
                .allSatisfy(
                        response -> assertThat(response.headers().toString()).doesNotContain(EVIL));
    }

    @Test
    void behindATlsProxyTheSessionCookieIsSecureAndHstsIsSent() {
        Visit visit = new Visit(
                "HTTP/1.1",
                "Host: tagdesk.example.internal",
                "X-Forwarded-Proto: https",
                "X-Forwarded-For: 203.0.113.7");

        Response page = visit.get("/login");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.setCookie("SESSION"))
                .hasValueSatisfying(cookie ->
                        assertThat(cookie).containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly"));
        assertThat(page.header("Strict-Transport-Security"))
                .hasValueSatisfying(
                        hsts -> assertThat(hsts).contains("max-age=31536000").contains("includeSubDomains"));

        Response wrong = visit.post("/login", "username=admin&password=wrong&_csrf=" + csrf(page));
        assertThat(wrong.header("Location")).contains("/login?error");
        // The client's address is the one the proxy names, in the audit log too.
        assertThat(jdbc.sql("select remote_address from audit_event where action = 'LOGIN_FAILED'")
                        .query(String.class)
                        .list())
                .containsExactly("203.0.113.7");

        Response login = visit.logIn("admin", "tagdesk-demo");
        assertThat(login.header("Location")).contains("/");
        // The session id changes at login: the new cookie is Secure too.
        assertThat(login.setCookie("SESSION"))
                .hasValueSatisfying(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
        assertThat(login.header("Strict-Transport-Security")).isPresent();

        Response api = http.send(
                List.of(
                        "GET /api/v1/departments HTTP/1.1",
                        "Host: tagdesk.example.internal",
                        "X-Forwarded-Proto: https",
                        "Authorization: Basic "
                                + Base64.getEncoder()
                                        .encodeToString("admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8))),
                null);
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.header("Strict-Transport-Security")).isPresent();
    }

    @Test
    void withoutTheProxyNothingClaimsHttps() {
        Visit visit = new Visit("HTTP/1.1", "Host: localhost");

        Response page = visit.get("/login");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.setCookie("SESSION"))
                .hasValueSatisfying(cookie -> assertThat(cookie).doesNotContainIgnoringCase("secure"));
        assertThat(page.header("Strict-Transport-Security")).isEmpty();

        Response login = visit.logIn("admin", "tagdesk-demo");
        assertThat(login.header("Location")).contains("/");
        assertThat(login.setCookie("SESSION"))
                .hasValueSatisfying(cookie -> assertThat(cookie).doesNotContainIgnoringCase("secure"));
        assertThat(login.header("Strict-Transport-Security")).isEmpty();
    }

    private static Response expectRedirect(Response response, String location) {
        assertThat(response.status()).as(response.headers().toString()).isEqualTo(302);
        assertThat(response.header("Location")).contains(location);
        return response;
    }

    private static String csrf(Response page) {
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token in " + page.body()).isTrue();
        return token.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
