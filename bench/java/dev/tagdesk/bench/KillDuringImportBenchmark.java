package dev.tagdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * kill -9 of the packaged TagDesk (and its embedded PostgreSQL) in the middle of applying a
 * 1,000,000-assignment import; restart; the database holds all of the import or none of it, the
 * import shows as failed with the phase it failed in, applying it again is refused because the crash
 * emptied its staged file, and uploading the file again adds all of it.
 *
 * <p>{@code mvn -DskipTests package && mvn -Pbench test -Dtest=KillDuringImportBenchmark}
 */
class KillDuringImportBenchmark {

    @TempDir
    Path data;

    final StringBuilder report = new StringBuilder();

    @Test
    void killedMidApplyHoldsAllOrNoneAndCanBeRetried() throws Exception {
        PackagedApp app = new PackagedApp(data.resolve("pg")).start();
        Path file = data.resolve("million.csv");
        try (SingleConnectionDataSource db = database(app)) {
            JdbcClient jdbc = JdbcClient.create(db);
            new ScaleData(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder()).generate();
            jdbc.sql("delete from member_tag where member_id in (select id from member where account like 'bench.%')")
                    .update();
            MillionAssignmentFile.write(MillionAssignmentFile.tags(jdbc), file, null);
        }
        line("File: %,d assignments, %.1f MB", MillionAssignmentFile.ROWS * MillionAssignmentFile.TAGS_PER_ROW, Files.size(file) / 1e6);

        CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return upload(app, file);
            } catch (Exception e) {
                return null; // the connection dies with the server
            }
        });
        long job;
        try (SingleConnectionDataSource db = database(app)) {
            JdbcClient jdbc = JdbcClient.create(db);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (count(jdbc, "select count(*) from import_job where status = 'APPLYING'") == 0) {
                assertThat(System.nanoTime()).as("the import reaches APPLYING").isLessThan(deadline);
                Thread.sleep(100);
            }
            job = count(jdbc, "select max(id) from import_job");
        }
        Thread.sleep(Long.getLong("kill.after.ms", 4_000)); // well into the insert of the million rows
        long killedAt = System.nanoTime();
        app.killHard();
        line("Killed TagDesk and its PostgreSQL with SIGKILL %.1f s into applying import %d", Long.getLong("kill.after.ms", 4_000) / 1000.0, job);
        upload.join();

        PackagedApp again = app.restarted();
        try (PackagedApp restarted = again.start()) {
            line("Restarted (PostgreSQL crash recovery included) and healthy after %.1f s", (System.nanoTime() - killedAt) / 1e9);
            try (SingleConnectionDataSource db = database(restarted)) {
                JdbcClient jdbc = JdbcClient.create(db);
                long imported = imported(jdbc);
                line("Assignments of the import in the database after the restart: %,d", imported);
                assertThat(imported).as("all or none").isIn(0L, 1_000_000L);
                String state = jdbc.sql("select status || '/' || coalesce(failed_during, '') || '/' || coalesce(failure, '') from import_job where id = ?")
                        .param(job)
                        .query(String.class)
                        .single();
                line("The import after the restart: %s", state);
                assertThat(state).as("failed, and marked as needing the file again").isEqualTo("FAILED/STAGING/FILE_LOST");
            }
            HttpResponse<String> shown = send(restarted, HttpRequest.newBuilder(restarted.uri("/api/v1/imports/" + job)).GET());
            assertThat(shown.body()).contains("\"status\":\"FAILED\"");

            // The staged file lived in an unlogged table, which crash recovery empties: applying the
            // job again is refused (nothing half-done is claimed), and the way to retry is to upload
            // the same file again.
            HttpResponse<String> retried = send(restarted, HttpRequest.newBuilder(restarted.uri("/api/v1/imports/" + job + "/apply"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            line("Applying the failed import again: HTTP %d %s", retried.statusCode(),
                    retried.body().contains("IMPORT_FILE_LOST") ? "IMPORT_FILE_LOST (its staged file did not survive the crash)" : retried.body());
            assertThat(retried.statusCode()).isEqualTo(409);
            assertThat(retried.body()).contains("IMPORT_FILE_LOST");

            long retryStart = System.nanoTime();
            HttpResponse<String> again2 = upload(restarted, file);
            line("Uploading the same file again: HTTP %d after %.1f s, %s", again2.statusCode(), (System.nanoTime() - retryStart) / 1e9,
                    again2.body().contains("\"applied\":true") ? "applied" : again2.body());
            assertThat(again2.statusCode()).isEqualTo(201);
            try (SingleConnectionDataSource db = database(restarted)) {
                long imported = imported(JdbcClient.create(db));
                line("Assignments of the import after the retry: %,d", imported);
                assertThat(imported).isEqualTo(1_000_000L);
            }
        } finally {
            Files.createDirectories(Path.of("target", "bench"));
            Files.writeString(Path.of("target", "bench", "kill.md"), report.toString());
            System.out.println("\n=== KillDuringImportBenchmark ===\n" + report);
        }
    }

    private static HttpResponse<String> upload(PackagedApp app, Path file) throws Exception {
        String boundary = "tagdesk" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"million.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = Files.readAllBytes(file);
        byte[] all = new byte[head.length + body.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        System.arraycopy(tail, 0, all, head.length + body.length, tail.length);
        return send(app, HttpRequest.newBuilder(app.uri("/api/v1/imports?dryRun=false"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(all)));
    }

    private static HttpResponse<String> send(PackagedApp app, HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                "admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                        .header("Accept", "application/json")
                        .timeout(Duration.ofMinutes(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static SingleConnectionDataSource database(PackagedApp app) {
        return new SingleConnectionDataSource(
                app.jdbcUrl(), "postgres", "", true);
    }

    private static long imported(JdbcClient jdbc) {
        return count(jdbc, """
                select count(*) from member_tag mt join member m on m.id = mt.member_id
                where m.account like 'bench.%' and mt.source = 'IMPORT'""");
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
