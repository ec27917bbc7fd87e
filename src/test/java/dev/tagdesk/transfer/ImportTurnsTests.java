package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.cluster.Instance;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports wait for their turn before they take a database connection: with one reading turn, a
 * preview whose upload stalls holds it, a second preview waits, and after the longest wait it is
 * refused as busy (its job failed, nothing staged) while the first finishes normally.
 */
@WebTest
class ImportTurnsTests {

    @Autowired
    MemberTagImports imports;

    @Autowired
    ImportProgress progress;

    @Autowired
    KeptUploads keptUploads;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    CurrentScope currentScope;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Instance instance;

    @Autowired
    @Qualifier(ImportConfiguration.EXECUTOR)
    TaskExecutor importExecutor;

    ImportRunner oneReaderAtOnce;
    Scope admin;
    byte[] file;

    @BeforeEach
    void runnerWithOneReadingTurn() {
        reset.toDemoData();
        // Every file read while the caller waits, one at a time, each waiting at most 300 ms for its turn.
        ImportProperties oneReadingTurn = new ImportProperties(
                100L * 1024 * 1024,
                20_000,
                10_000,
                Long.MAX_VALUE,
                1,
                1,
                Duration.ofMillis(300),
                10L * 1024 * 1024,
                30,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20));
        ImportTurns oneReadingTurnAtOnce =
                new ImportTurns(jdbc, transactions, progress, imports, oneReadingTurn, instance);
        oneReaderAtOnce =
                new ImportRunner(imports, progress, oneReadingTurnAtOnce, keptUploads, oneReadingTurn, importExecutor);
        admin = currentScope.of(demo.user("admin"));
        String[] member = jdbc.sql("""
                        select name, account from member m where not exists (
                            select 1 from member_tag mt join tag t on t.id = mt.tag_id
                            where mt.member_id = m.id and t.name = '偏好_数码')
                        order by account limit 1""")
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
        file = ("\uFEFF姓名,账号,标签1\r\n" + member[0] + "," + member[1] + ",偏好_数码\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPreviewThatWaitedTooLongForItsTurnIsRefusedAsBusyAndTheOneAheadFinishes() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch uploadResumes = new CountDownLatch(1);
        InputStream stalled = new ByteArrayInputStream(file) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reading.countDown();
                try {
                    uploadResumes.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.read(b, off, len);
            }
        };
        CompletableFuture<MemberTagImports.ImportReport> first = CompletableFuture.supplyAsync(() -> {
            try {
                return oneReaderAtOnce.preview(
                        admin, "first.csv", stalled, file.length, MemberTagImports.Mode.MERGE, false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(reading.await(30, TimeUnit.SECONDS))
                .as("the first preview is reading")
                .isTrue();

        long started = System.nanoTime();
        assertThatThrownBy(() -> oneReaderAtOnce.preview(
                        admin,
                        "second.csv",
                        new ByteArrayInputStream(file),
                        file.length,
                        MemberTagImports.Mode.MERGE,
                        false))
                .isInstanceOfSatisfying(RefusedException.class, refused -> assertThat(refused.code())
                        .isEqualTo("IMPORT_BUSY"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(jdbc.sql(
                                "select status || '/' || failed_during || '/' || failure from import_job where file_name = 'second.csv'")
                        .query(String.class)
                        .single())
                .isEqualTo("FAILED/READING/BUSY");
        assertThat(jdbc.sql("""
                        select count(*) from import_row r join import_job j on j.id = r.job_id
                        where j.file_name = 'second.csv'""").query(Long.class).single()).isZero();

        uploadResumes.countDown();
        MemberTagImports.ImportReport report = first.get(30, TimeUnit.SECONDS);
        assertThat(report.status()).isEqualTo(ImportStatus.PREVIEWED);
        assertThat(report.toAdd()).isEqualTo(1);
    }
}
