package dev.tagdesk.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagdesk.support.TagDeskInstance;
import dev.tagdesk.support.Visitor;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Instances that go away in the middle of an import. One that dies (its connections cut, nothing of
 * its own clean-up reaching the database) leaves its import to the survivor, which marks it failed
 * once its heartbeat is missing for {@code tagdesk.import.dead-after} (2 s here); nothing was changed
 * and it applies on the survivor. One that is stopped says it is not ready before it closes its port,
 * and hands back the import it could not finish within its grace.
 */
class LostInstanceTests {

    static TagDeskInstance survivor;

    JdbcClient jdbc;
    String account;
    long tag;

    @BeforeAll
    static void startTheSurvivor() {
        survivor = TagDeskInstance.start("survivor");
    }

    @AfterAll
    static void stopIt() {
        if (survivor != null) {
            survivor.close();
        }
    }

    @BeforeEach
    void demoData() {
        survivor.resetToDemoData();
        jdbc = survivor.jdbc();
        account = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E' order by m.account limit 1""").query(String.class).single();
        tag = jdbc.sql("select id from tag where name = '偏好_数码' and deleted_at is null")
                .query(Long.class)
                .single();
        jdbc.sql("delete from member_tag where tag_id = ? and member_id = (select id from member where account = ?)")
                .params(tag, account)
                .update();
    }

    @Test
    void anImportWhoseInstanceDiesIsFailedByTheSurvivorAndAppliesThere() throws Exception {
        TagDeskInstance doomed = TagDeskInstance.start("doomed");
        long job = preview(doomed);
        DataSource database = survivor.bean(DataSource.class);
        CompletableFuture<HttpResponse<String>> apply;
        try (Connection otherBulkWrite = database.getConnection()) {
            otherBulkWrite.setAutoCommit(false);
            try (Statement lock = otherBulkWrite.createStatement()) {
                lock.execute(dev.tagdesk.tag.internal.Assignments.TAKE_BULK_WRITE_LOCK);
            }
            apply = Visitor.apiAsync(
                    doomed,
                    "POST",
                    "/api/v1/imports/" + job + "/apply",
                    "ops.sales",
                    HttpRequest.BodyPublishers.noBody(),
                    null);
            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(20), () -> state(job).equals("APPLYING/doomed/turn")))
                    .as("the apply runs on the doomed instance: %s", state(job))
                    .isTrue();

            doomed.kill();
            long killed = System.nanoTime();

            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(15), () -> state(job).startsWith("FAILED")))
                    .as("the survivor failed the import: %s", state(job))
                    .isTrue();
            Duration noticed = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(noticed)
                    .as("not before its heartbeat was missing for dead-after")
                    .isGreaterThan(Duration.ofMillis(1_500));
            otherBulkWrite.rollback();
        }
        assertThat(apply.handle((answer, cut) -> cut != null || answer.statusCode() != 200)
                        .get())
                .as("the client of the dead instance never heard of a success")
                .isTrue();
        assertThat(jdbc.sql("select status || '/' || failed_during || '/' || failure from import_job where id = ?")
                        .param(job)
                        .query(String.class)
                        .single())
                .isEqualTo("FAILED/APPLYING/INTERRUPTED");
        assertThat(carries()).as("nothing was changed").isFalse();

        Visitor visitor = new Visitor();
        visitor.logIn(survivor, "ops.sales");
        assertThat(visitor.get(survivor, "/imports/" + job).body())
                .contains("id=\"import-failed\"")
                .contains("执行它的 TagDesk 实例已停止或失去响应")
                .contains("id=\"apply\"");
        HttpResponse<String> again = Visitor.api(survivor, "POST", "/api/v1/imports/" + job + "/apply", "ops.sales");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"APPLIED\"");
        assertThat(carries()).isTrue();
    }

    @Test
    void aStoppingInstanceIsNotReadyBeforeItClosesItsPortAndHandsBackTheImportItCouldNotFinish() throws Exception {
        TagDeskInstance stopping = TagDeskInstance.start(
                "stopping",
                List.of(
                        "tagdesk.shutdown.drain=PT1.5S",
                        "tagdesk.import.shutdown-grace=PT0.5S",
                        "tagdesk.import.background-from-bytes=0"));
        long job = preview(stopping);
        Visitor visitor = new Visitor();
        visitor.logIn(stopping, "ops.sales");
        assertThat(readiness(stopping)).isEqualTo(200);

        DataSource database = survivor.bean(DataSource.class);
        try (Connection otherBulkWrite = database.getConnection()) {
            otherBulkWrite.setAutoCommit(false);
            try (Statement lock = otherBulkWrite.createStatement()) {
                lock.execute(dev.tagdesk.tag.internal.Assignments.TAKE_BULK_WRITE_LOCK);
            }
            String token = Visitor.csrf(visitor.get(stopping, "/imports/" + job));
            HttpResponse<String> started = visitor.post(stopping, "/imports/" + job + "/apply", "_csrf", token);
            assertThat(started.statusCode()).as("applied in the background").isEqualTo(302);
            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(20), () -> state(job).equals("APPLYING/stopping/turn")))
                    .as(state(job))
                    .isTrue();

            int port = stopping.port();
            Thread stop = new Thread(stopping::close, "stop-the-instance");
            stop.start();
            // While it drains, it still answers, and says it is not ready.
            assertThat(TagDeskInstance.within(Duration.ofSeconds(5), () -> readiness(port) == 503))
                    .as("readiness DOWN while the port is still open")
                    .isTrue();
            assertThat(readiness(port)).isEqualTo(503);
            // And it still vouches for its import meanwhile: no other instance takes it for dead.
            java.sql.Timestamp beat = heartbeat(job);
            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(1), () -> heartbeat(job).after(beat)))
                    .as("the heartbeat goes on while the instance drains")
                    .isTrue();
            stop.join(30_000);
            assertThat(stop.isAlive()).isFalse();
            assertThatThrownBy(() -> readiness(port))
                    .as("the port is closed once it stopped")
                    .hasCauseInstanceOf(ConnectException.class);
            assertThat(state(job)).isEqualTo("FAILED/handed back");
            otherBulkWrite.rollback();
        }
        assertThat(jdbc.sql("select status || '/' || failed_during || '/' || failure from import_job where id = ?")
                        .param(job)
                        .query(String.class)
                        .single())
                .isEqualTo("FAILED/APPLYING/INTERRUPTED");
        assertThat(carries()).as("nothing was changed").isFalse();
        HttpResponse<String> again = Visitor.api(survivor, "POST", "/api/v1/imports/" + job + "/apply", "ops.sales");
        assertThat(again.body()).contains("\"status\":\"APPLIED\"");
        assertThat(carries()).isTrue();
    }

    private long preview(TagDeskInstance instance) {
        String name = jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();
        byte[] file = ("\uFEFF姓名,账号,标签1\r\n" + name + "," + account + ",偏好_数码\r\n").getBytes(StandardCharsets.UTF_8);
        Visitor.Multipart upload = Visitor.multipart("lost.csv", file, "dryRun", "true");
        HttpResponse<String> preview = Visitor.apiAsync(
                        instance, "POST", "/api/v1/imports", "ops.sales", upload.body(), upload.contentType())
                .join();
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(201);
        return Long.parseLong(preview.body().replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));
    }

    /** The job's status, where it runs and whether it holds its turn; a failed job says only how it ended. */
    private String state(long job) {
        return jdbc.sql("""
                        select case when status = 'FAILED' then status || '/' || case when failure = 'INTERRUPTED'
                                        and failed_during = 'APPLYING' then 'handed back' else coalesce(failure, '?') end
                                    else status || '/' || coalesce(running_on, '-') || '/'
                                         || case when turn_taken_at is null then 'waiting' else 'turn' end end
                        from import_job where id = ?""").param(job).query(String.class).single();
    }

    private java.sql.Timestamp heartbeat(long job) {
        return jdbc.sql("select heartbeat_at from import_job where id = ?")
                .param(job)
                .query(java.sql.Timestamp.class)
                .single();
    }

    private boolean carries() {
        return jdbc.sql("""
                        select exists (select 1 from member_tag mt join member m on m.id = mt.member_id
                                       where m.account = ? and mt.tag_id = ?)""").params(account, tag).query(Boolean.class).single();
    }

    private static int readiness(TagDeskInstance instance) {
        return readiness(instance.port());
    }

    private static int readiness(int port) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
