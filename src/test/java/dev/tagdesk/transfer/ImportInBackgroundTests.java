package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.tag.internal.Assignments;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jsoup.Jsoup;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Large files run in the background with progress; interrupted jobs are shown as failed and can be retried. */
@WebTest
class ImportInBackgroundTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ImportRunner runner;

    @Autowired
    MemberTagImports imports;

    @Autowired
    CurrentScope currentScope;

    List<String[]> sellers;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        sellers = jdbc.sql("""
                        select m.name, m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E' order by m.account""")
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    /** Over the size the console reads in the background: every 华东区 member, over and over. */
    byte[] largeFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("\uFEFF姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8));
        while (out.size() < 1_200_000) {
            for (String[] seller : sellers) {
                out.writeBytes((seller[0] + "," + seller[1] + ",偏好_数码\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    String jobStatus(long id) {
        return jdbc.sql("select status from import_job where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    void awaitStatus(long id, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!jobStatus(id).equals(expected)) {
            assertThat(Instant.now()).as("import %d to reach %s", id, expected).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    long carriers(String tag) {
        return demo.count("""
                select count(*) from member_tag mt join tag t on t.id = mt.tag_id join member_department md on md.member_id = mt.member_id
                join department d on d.id = md.department_id where d.code = 'SALES-E' and t.name = ?""", tag);
    }

    @Test
    void aLargeFileIsCheckedAndAppliedInTheBackgroundWhileThePageShowsProgress() throws Exception {
        byte[] file = largeFile();
        assertThat(runner.runsInBackground(file.length)).isTrue();
        long id;
        // Hold the job at its checks, so that the page is seen while it runs.
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table import_problem in access exclusive mode");
            }
            String location = mvc.perform(multipart("/imports")
                            .file(new MockMultipartFile("file", "big.csv", "text/csv", file))
                            .with(demo.as("ops.sales"))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection())
                    .andReturn()
                    .getResponse()
                    .getRedirectedUrl();
            id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            assertThat(jobStatus(id)).isEqualTo("READING");
            mvc.perform(get("/imports/" + id).with(demo.as("ops.sales")))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"import-progress\"")))
                    .andExpect(content().string(containsString("hx-get=\"/imports/" + id + "/progress\"")))
                    .andExpect(content().string(not(containsString("id=\"apply\""))));
            mvc.perform(get("/imports/" + id + "/progress").with(demo.as("ops.sales")))
                    .andExpect(status().isOk())
                    .andExpect(header().doesNotExist("HX-Refresh"))
                    .andExpect(content().string(containsString("id=\"import-progress\"")));
            mvc.perform(get("/imports/" + id + "/progress").with(demo.as("ops.purchase")))
                    .andExpect(status().isNotFound());
            blocker.rollback();
        }
        awaitStatus(id, "PREVIEWED");
        mvc.perform(get("/imports/" + id + "/progress").with(demo.as("ops.sales")))
                .andExpect(header().string("HX-Refresh", "true"));
        long before = carriers("偏好_数码");
        mvc.perform(get("/imports/" + id).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("id=\"apply\"")));

        // Another bulk write holds the lock: the apply waits, and its page says so.
        try (Connection otherApply = dataSource.getConnection()) {
            otherApply.setAutoCommit(false);
            try (Statement lock = otherApply.createStatement()) {
                lock.execute(Assignments.TAKE_BULK_WRITE_LOCK);
            }
            mvc.perform(post("/imports/" + id + "/apply")
                            .with(demo.as("ops.sales"))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            assertThat(jobStatus(id)).isEqualTo("APPLYING");
            mvc.perform(get("/imports/" + id + "/progress").with(demo.as("ops.sales")))
                    .andExpect(header().doesNotExist("HX-Refresh"))
                    .andExpect(content().string(containsString("正在排队")));
            assertThat(carriers("偏好_数码")).isEqualTo(before);
            otherApply.rollback();
        }
        awaitStatus(id, "APPLIED");
        assertThat(carriers("偏好_数码")).isEqualTo(sellers.size()).isGreaterThan(before);
        assertThat(imports.report(currentScope.of(demo.user("ops.sales")), id).toAdd())
                .isEqualTo(sellers.size() - before);
    }

    /** A large file with errors: only its rows without errors are applied, in the background too. */
    @Test
    void onlyTheRowsWithoutErrorsOfALargeFileAreAppliedInTheBackground() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(largeFile());
        out.writeBytes("某人,no.such.member,偏好_数码\r\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes((sellers.get(0)[0] + "," + sellers.get(0)[1] + ",偏好_不存在\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] file = out.toByteArray();
        String location = mvc.perform(multipart("/imports")
                        .file(new MockMultipartFile("file", "big.csv", "text/csv", file))
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        awaitStatus(id, "PREVIEWED");
        var scope = currentScope.of(demo.user("ops.sales"));
        MemberTagImports.ImportReport preview = imports.report(scope, id);
        assertThat(preview.errorCount()).isEqualTo(2);
        assertThat(preview.cleanRows().skipped()).isEqualTo(2);
        assertThat(preview.cleanRows().rows()).isEqualTo(preview.rows() - 2);
        long before = carriers("偏好_数码");

        mvc.perform(post("/imports/" + id + "/apply")
                        .param("onlyCleanRows", "true")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        awaitStatus(id, "APPLIED");
        MemberTagImports.ImportReport applied = imports.report(scope, id);
        assertThat(applied.appliedOnlyCleanRows()).isTrue();
        assertThat(applied.cleanRows().rows()).isEqualTo(preview.rows() - 2);
        assertThat(applied.cleanRows().skipped()).isEqualTo(2);
        assertThat(carriers("偏好_数码")).isEqualTo(sellers.size());
        assertThat(applied.toAdd()).isEqualTo(sellers.size() - before);
        mvc.perform(get("/imports/" + id).with(demo.as("ops.sales")))
                .andExpect(content()
                        .string(containsString("已导入 " + String.format("%,d", preview.rows() - 2) + " 行，跳过 2 行")));
    }

    @Test
    void jobsLeftRunningWhenTagDeskStoppedAreFailedAndAnInterruptedApplyCanBeRetried() throws Exception {
        var scope = currentScope.of(demo.user("ops.sales"));
        String[] seller = sellers.get(0);
        byte[] file = ("姓名,账号,标签1\r\n" + seller[0] + "," + seller[1] + ",偏好_美妆\r\n").getBytes(StandardCharsets.UTF_8);
        long applying = runner.preview(
                        scope, "a.csv", new ByteArrayInputStream(file), file.length, MemberTagImports.Mode.MERGE, false)
                .id();
        long reading = imports.open(scope, "b.csv", 10, MemberTagImports.Mode.MERGE);
        // As if TagDesk had been killed in the middle of both.
        demo.update("update import_job set status = 'APPLYING' where id = ?", applying);

        runner.failInterruptedJobs();

        assertThat(jobStatus(applying)).isEqualTo("FAILED");
        assertThat(jobStatus(reading)).isEqualTo("FAILED");
        mvc.perform(get("/imports/" + reading).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("id=\"import-failed\"")))
                .andExpect(content().string(not(containsString("id=\"apply\""))));
        mvc.perform(get("/imports/" + applying).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("id=\"import-failed\"")))
                .andExpect(content().string(containsString("id=\"apply\"")))
                .andExpect(content().string(containsString("重新执行")));
        // The home page lists both among the imports that need attention, as failed (no error of their own).
        Elements failed = Jsoup.parse(mvc.perform(get("/").with(demo.as("ops.sales")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .select("#attention-imports li .badge");
        assertThat(failed.eachText()).containsExactly("未完成即中止", "未完成即中止");
        assertThat(failed).allSatisfy(badge -> assertThat(badge.hasClass("text-bg-danger"))
                .isTrue());
        mvc.perform(post("/imports/" + applying + "/apply")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(jobStatus(applying)).isEqualTo("APPLIED");
        assertThat(demo.count(
                        "select count(*) from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id where m.account = ? and t.name = '偏好_美妆'",
                        seller[1]))
                .isEqualTo(1);
        mvc.perform(post("/imports/" + reading + "/apply")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"refusals\"")));
    }

    @Test
    void anImportWhoseStagedFileACrashEmptiedIsRefusedAndMustBeUploadedAgain() throws Exception {
        var scope = currentScope.of(demo.user("ops.sales"));
        String[] seller = sellers.get(0);
        byte[] file = ("姓名,账号,标签1\r\n" + seller[0] + "," + seller[1] + ",偏好_美妆\r\n").getBytes(StandardCharsets.UTF_8);
        long id = runner.preview(
                        scope, "c.csv", new ByteArrayInputStream(file), file.length, MemberTagImports.Mode.MERGE, false)
                .id();
        // A kill -9 of PostgreSQL during the apply: crash recovery empties the unlogged staging table.
        demo.update("update import_job set status = 'APPLYING' where id = ?", id);
        demo.update("delete from import_row where job_id = ?", id);
        runner.failInterruptedJobs();

        assertThat(jobStatus(id)).isEqualTo("FAILED");
        mvc.perform(get("/imports/" + id).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("暂存的文件内容在服务器重启时丢失。没有做任何修改：请重新上传文件。")))
                .andExpect(content().string(not(containsString("id=\"apply\""))));
        mvc.perform(post("/imports/" + id + "/apply").with(demo.as("ops.sales")).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("暂存的文件内容在服务器重启时丢失")));
        assertThat(jobStatus(id)).isEqualTo("FAILED");
        assertThat(demo.count(
                        "select count(*) from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id where m.account = ? and t.name = '偏好_美妆'",
                        seller[1]))
                .isZero();
    }
}
