package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.RawHttp;
import dev.tagdesk.support.ServerTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The edges of the real server, where MockMvc cannot look: what Tomcat refuses before TagDesk runs,
 * what no controller answers ({@code /error}), uploads whose part headers are too long, and API calls
 * a page of another site makes a browser send. Every API answer is a problem+json with a {@code code}.
 */
@ServerTest
class ServerEdgesIT {

    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:tagdesk-demo".getBytes());
    static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops.sales:tagdesk-demo".getBytes());

    @LocalServerPort
    int port;

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void aQueryStringOverTheHeaderLimitGetsAProblemNotTomcatsPage() throws Exception {
        String ids = "ids=1" + "&ids=12345".repeat(1_100);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(url("/api/v1/tags?" + ids))
                .header("Authorization", ADMIN)
                .DELETE());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertProblem(answer, "BAD_REQUEST");
        assertThat(answer.body()).contains("JSON").doesNotContain("Tomcat").doesNotContain("<html");
    }

    @Test
    void pathBytesThatAreNotAPathGetAProblem() {
        RawHttp raw = new RawHttp(port);
        for (String path : new String[] {"/api/v1/tags/%00", "/api/v1/ta%ffgs", "/api/v1/members/a%0d%0ab"}) {
            RawHttp.Response answer =
                    raw.send(List.of("GET " + path + " HTTP/1.1", "Host: localhost", "Authorization: " + ADMIN), null);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(path).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/problem+json"));
            assertThat(answer.body())
                    .as(path)
                    .contains("\"code\":\"")
                    .doesNotContain("Tomcat")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void unknownAddressesAndWrongMethodsUnderTheApiGetProblemsWithACode() throws Exception {
        HttpResponse<String> missing =
                send(HttpRequest.newBuilder(url("/api/v1/nothing-here")).header("Authorization", ADMIN));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertProblem(missing, "NOT_FOUND");

        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(url("/api/v1/tags"))
                .header("Authorization", ADMIN)
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertProblem(wrongMethod, "METHOD_NOT_ALLOWED");

        HttpResponse<String> error = send(HttpRequest.newBuilder(url("/error")));
        assertThat(error.statusCode()).isEqualTo(404);
        assertProblem(error, "NOT_FOUND");

        HttpResponse<String> errorPage =
                send(HttpRequest.newBuilder(url("/error")).header("Accept", "text/html"));
        assertThat(errorPage.statusCode()).isEqualTo(404);
        assertThat(errorPage.body()).contains("<html").doesNotContain("Whitelabel");
    }

    @Test
    void aCrossSiteMultipartPostToTheApiIsRefusedAndChangesNothing() throws Exception {
        String boundary = "----tagdesk";
        String account = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES' order by m.account limit 1""").query(String.class).single();
        String file = "姓名,账号,标签1\r\n,%s,渠道_直播间\r\n".formatted(account);
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + file + "\r\n--" + boundary + "--\r\n";
        long before = count();

        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(url("/api/v1/imports?dryRun=false"))
                .header("Authorization", OPS)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertProblem(crossSite, "CROSS_SITE_REFUSED");
        assertThat(count()).isEqualTo(before);

        HttpResponse<String> foreignOrigin = send(HttpRequest.newBuilder(url("/api/v1/imports?dryRun=false"))
                .header("Authorization", OPS)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(count()).isEqualTo(before);

        HttpResponse<String> program = send(HttpRequest.newBuilder(url("/api/v1/imports?dryRun=false"))
                .header("Authorization", OPS)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(program.statusCode()).isEqualTo(201);
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void browsersAreNotInvitedToABasicPromptButProgramsAre() throws Exception {
        HttpResponse<String> browser = send(HttpRequest.newBuilder(url("/api/v1/tags"))
                .header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Site", "none"));
        assertThat(browser.statusCode()).isEqualTo(401);
        assertThat(browser.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertProblem(browser, "UNAUTHENTICATED");

        HttpResponse<String> program = send(HttpRequest.newBuilder(url("/api/v1/tags")));
        assertThat(program.statusCode()).isEqualTo(401);
        assertThat(program.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertProblem(program, "UNAUTHENTICATED");
    }

    @Test
    void anUploadNameTooLongForItsPartHeadersIsSaidToBeTooLongNotTooLarge() throws Exception {
        String boundary = "----tagdesk";
        String name = "名".repeat(5_000) + ".csv";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/csv\r\n\r\n姓名,账号,标签1\r\n\r\n--" + boundary + "--\r\n";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(url("/api/v1/imports"))
                .header("Authorization", OPS)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertProblem(answer, "FILE_NAME_TOO_LONG");
        assertThat(answer.body()).doesNotContain("FILE_TOO_LARGE");
    }

    @Test
    void aJsonBodyWithoutALengthIsCutOffOnceItPassesTheLimit() throws Exception {
        byte[] body =
                ("{\"name\":\"" + "x".repeat(2_000_000) + "\",\"kind\":\"STATIC\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(url("/api/v1/tag-groups"))
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                // a stream of unknown length is sent chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(answer.statusCode()).isEqualTo(413);
        assertProblem(answer, "BODY_TOO_LARGE");
        assertThat(jdbc.sql("select count(*) from tag_group where name like 'xxxx%'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private long count() {
        return jdbc.sql("select count(*) from import_job").query(Long.class).single();
    }

    private static void assertProblem(HttpResponse<String> answer, String code) {
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"code\":\"" + code + "\"");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
