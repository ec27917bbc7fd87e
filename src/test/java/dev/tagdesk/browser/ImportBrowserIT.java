package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An operations user uploads a file with mistakes, reads them at the top, fixes the file and applies it. */
class ImportBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    /** The first (or last) member of 华东区 by account, made to carry no tag. */
    String eastSellerWithoutTags(String order) {
        String account = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E'
                        order by m.account\s""" + ("desc".equals(order) ? "desc" : "asc") + " limit 1")
                .query(String.class)
                .single();
        jdbc.sql("delete from member_tag where member_id = (select id from member where account = ?)")
                .param(account)
                .update();
        return account;
    }

    String nameOf(String account) {
        return jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();
    }

    @Test
    void uploadSeeTheProblemsFixAndApply() throws Exception {
        String account = eastSellerWithoutTags("asc");
        String name = nameOf(account);

        Path wrong = Files.createTempFile("标签导入", ".csv");
        Files.write(
                wrong,
                ("\uFEFF姓名,账号,标签1,标签2\r\n" + name + "," + account + ",偏好_数码,PUR_供应商_一级\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        Page page = loggedIn("ops.sales");
        page.locator("nav a[href='/imports']").click();
        page.locator("#file").setInputFiles(wrong);
        page.locator("#preview").click();

        assertThat(page.locator("#import-errors")).containsText("发现 1 个错误");
        assertThat(page.locator("#import-errors")).containsText("第 2 行第 4 列：标签“PUR_供应商_一级”不存在或您不可见。");
        assertThat(page.locator("#apply")).hasCount(0);
        BrowserSupport.screenshot(page, "import-errors");
        com.microsoft.playwright.Download report =
                page.waitForDownload(() -> page.locator("#download-errors").click());
        String reportText = Files.readString(report.path(), StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(reportText)
                .startsWith("\uFEFF姓名,账号,标签1,标签2,错误\r\n")
                .contains(account + ",偏好_数码,PUR_供应商_一级,第 2 行第 4 列");

        Path fixed = Files.createTempFile("标签导入", ".csv");
        Files.write(
                fixed,
                ("姓名,账号,标签1,标签2\r\n" + name + "," + account + ",偏好_数码,渠道_线上活动＿双十一\r\n")
                        .getBytes(java.nio.charset.Charset.forName("GBK")));
        page.navigate(url("/imports"));
        page.locator("#file").setInputFiles(fixed);
        page.locator("#preview").click();
        assertThat(page.locator("#import-summary")).containsText("GB18030 · 逗号");
        assertThat(page.locator("#import-add")).hasText("2");
        assertThat(page.locator("#import-warnings")).containsText("按命名规则匹配到标签");
        page.locator("#apply button").click();
        assertThat(page.locator("#flash")).hasText("导入已执行，共 2 处变更。");
        BrowserSupport.screenshot(page, "import-applied");

        page.navigate(url("/members/" + account));
        assertThat(page.locator("#member-tags")).containsText("渠道_线上活动_双十一");
        assertThat(page.locator("#member-tags")).containsText("导入");
        page.context().close();
    }

    /**
     * The partial import applies only the clean rows and reports the rest: a file with three clean rows
     * and two bad ones, at 1440 and at 390 px. The preview lists the changes, filtered by kind; all or
     * nothing is not offered; 只导入无错误的行 asks first with the numbers, then the page says 3 applied
     * and 2 skipped, lists the skipped rows with why, and keeps the error report.
     */
    @Test
    void thePartialImportAppliesOnlyTheCleanRowsAndReportsTheRest() throws Exception {
        java.util.List<String> sellers = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E'
                        group by m.account having count(*) = 1 order by m.account limit 8""").query(String.class).list();
        jdbc.sql("delete from member_tag where member_id in (select id from member where account = any(?))")
                .param(sellers.toArray(String[]::new))
                .update();
        int[][] sizes = {{1440, 900}, {390, 844}};
        for (int run = 0; run < sizes.length; run++) {
            int width = sizes[run][0];
            java.util.List<String> four = sellers.subList(run * 4, run * 4 + 4);
            // The third member carries 生命周期_老客: the file's 生命周期_新客 replaces it.
            jdbc.sql("""
                            insert into member_tag (member_id, tag_id, source, assigned_by)
                            select m.id, t.id, 'MANUAL', 'admin' from member m, tag t where m.account = ? and t.name = '生命周期_老客'""").param(four.get(2)).update();
            Path file = Files.createTempFile("部分导入", ".csv");
            Files.write(
                    file,
                    ("\uFEFF姓名,账号,标签1\r\n"
                                    + nameOf(four.get(0)) + "," + four.get(0) + ",偏好_数码\r\n"
                                    + nameOf(four.get(1)) + "," + four.get(1) + ",偏好_美妆\r\n"
                                    + nameOf(four.get(2)) + "," + four.get(2) + ",生命周期_新客\r\n"
                                    + nameOf(four.get(3)) + "," + four.get(3) + ",偏好_不存在的标签\r\n"
                                    + "某人,no.such.member,偏好_数码\r\n")
                            .getBytes(StandardCharsets.UTF_8));

            Page page = loggedIn("ops.sales");
            page.setViewportSize(width, sizes[run][1]);
            page.navigate(url("/imports"));
            page.locator("#file").setInputFiles(file);
            page.locator("#preview").click();
            assertThat(page.locator("#import-errors")).containsText("发现 2 个错误");
            assertThat(page.locator("#apply")).hasCount(0);
            assertThat(page.locator("#only-clean-rows-counts")).hasText("这样会导入 3 行、跳过 2 行（添加 3 个标签，移除 1 个）；更改见下方列表。");
            assertThat(page.locator("#import-changes tbody tr")).hasCount(3);
            assertThat(page.locator("#import-changes tbody tr").nth(2)).containsText("替换 生命周期_老客 换成 生命周期_新客");
            assertThat(page.locator("#import-changes tbody tr").nth(2)).containsText("执行后 30 天到期");
            assertThat(page.locator("#import-changes")).not().containsText(four.get(3));
            noSidewaysScroll(page, width + " px, preview");
            BrowserSupport.screenshot(page, "import-clean-rows-preview-" + width);

            page.locator("#changes-kind-remove").click();
            assertThat(page.locator("#import-changes tbody tr")).hasCount(1);
            assertThat(page.locator("#import-changes tbody tr")).containsText(four.get(2));
            page.locator("#changes-kind-all").click();
            assertThat(page.locator("#import-changes tbody tr")).hasCount(3);

            String[] asked = {null};
            page.onceDialog(dialog -> {
                asked[0] = dialog.message();
                dialog.accept();
            });
            page.locator("#apply-clean-rows").click();
            assertThat(page.locator("#import-clean-rows-applied")).containsText("已导入 3 行，跳过 2 行");
            org.assertj.core.api.Assertions.assertThat(asked[0])
                    .isEqualTo("只导入无错误的行：将导入 3 行，跳过 2 行（有错误的行，或有错误的成员的行）。确定继续吗？");
            assertThat(page.locator("#flash")).hasText("只导入了无错误的行：共 4 处变更。");
            assertThat(page.locator("h1")).hasText("已执行（只导入了无错误的行）");
            assertThat(page.locator("#import-skipped tbody tr")).hasCount(2);
            assertThat(page.locator("#import-skipped tbody tr").first()).containsText("偏好_不存在的标签");
            assertThat(page.locator("#import-skipped tbody tr").nth(1)).containsText("no.such.member");
            noSidewaysScroll(page, width + " px, applied");
            BrowserSupport.screenshot(page, "import-clean-rows-applied-" + width);
            com.microsoft.playwright.Download report = page.waitForDownload(
                    () -> page.locator("#download-skipped-errors").click());
            org.assertj.core.api.Assertions.assertThat(Files.readString(report.path(), StandardCharsets.UTF_8))
                    .contains(four.get(3) + ",偏好_不存在的标签,第 5 行第 3 列", "no.such.member");

            page.navigate(url("/members/" + four.get(2)));
            assertThat(page.locator("#member-tags")).containsText("生命周期_新客");
            assertThat(page.locator("#member-tags")).not().containsText("生命周期_老客");
            page.navigate(url("/members/" + four.get(3)));
            assertThat(page.locator("#member-tags")).not().containsText("偏好");
            page.context().close();
        }
    }

    static void noSidewaysScroll(Page page, String where) {
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .as(where + ": the page scrolls sideways by")
                .isLessThanOrEqualTo(0);
    }

    @Test
    void aFullWidthHeaderIsReadAgainInOneClickAndAFileThatChangesNothingSaysSo() throws Exception {
        String account = eastSellerWithoutTags("desc");
        String name = nameOf(account);
        Path fullWidth = Files.createTempFile("全角", ".csv");
        Files.write(
                fullWidth,
                ("\uFEFF姓名，账号，标签1\r\n" + name + "，" + account + "，偏好_数码\r\n").getBytes(StandardCharsets.UTF_8));

        Page page = loggedIn("ops.sales");
        page.navigate(url("/imports"));
        page.locator("#file").setInputFiles(fullWidth);
        page.locator("#preview").click();
        assertThat(page.locator("#import-errors")).containsText("表头第 3 个字符是全角逗号");
        assertThat(page.locator("#download-errors")).hasCount(0);
        BrowserSupport.screenshot(page, "import-full-width");
        page.locator("#full-width-rerun button").click();
        assertThat(page.locator("h1")).hasText("已预览，尚未执行");
        assertThat(page.locator("#import-summary")).containsText("全角逗号");
        assertThat(page.locator("#import-add")).hasText("1");
        page.locator("#apply button").click();
        assertThat(page.locator("#flash")).hasText("导入已执行，共 1 处变更。");

        page.navigate(url("/imports"));
        page.locator("#file").setInputFiles(fullWidth);
        page.locator("#fullWidthSeparator").check();
        page.locator("#preview").click();
        assertThat(page.locator("#import-nothing-to-change")).containsText("执行这个文件不会改变任何内容");
        page.locator("#apply button").click();
        assertThat(page.locator("#flash")).containsText("没有任何变更");
        page.context().close();
    }

    /**
     * Over the upload limit (100 MB), in the real server: the console shows "file too large" (the CSRF
     * check, reading the form, is where the container first meets the size) and the API answers 413
     * FILE_TOO_LARGE as a problem; nothing is read and no import is opened.
     */
    @Test
    void aFileOverTheUploadLimitIsRefusedAsTooLargeInTheConsoleAndTheApi() throws Exception {
        Path huge = Files.createTempFile("太大", ".csv");
        byte[] line = "张伟,zhang.wei,偏好_数码\r\n".getBytes(StandardCharsets.UTF_8);
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(huge), 1 << 20)) {
            out.write("\uFEFF姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8));
            for (long written = 0; written < 105L * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        long jobsBefore =
                jdbc.sql("select count(*) from import_job").query(Long.class).single();
        try {
            Page page = loggedIn("ops.sales");
            page.navigate(url("/imports"));
            page.locator("#file").setInputFiles(huge);
            page.locator("#preview").click();
            assertThat(page.locator("#too-large")).hasText("文件太大");
            assertThat(page.locator("section")).containsText("没有任何数据被修改");
            BrowserSupport.screenshot(page, "import-too-large");
            page.context().close();

            String boundary = "tagdesk-" + System.nanoTime();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/v1/imports")))
                    .header(
                            "Authorization",
                            "Basic "
                                    + java.util.Base64.getEncoder()
                                            .encodeToString("ops.sales:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(java.net.http.HttpRequest.BodyPublishers.concat(
                            java.net.http.HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                                    + "Content-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                                    + "Content-Type: text/csv\r\n\r\n"),
                            java.net.http.HttpRequest.BodyPublishers.ofFile(huge),
                            java.net.http.HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                    .build();
            var answer = java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            org.assertj.core.api.Assertions.assertThat(answer.statusCode()).isEqualTo(413);
            org.assertj.core.api.Assertions.assertThat(answer.body())
                    .contains("\"code\":\"FILE_TOO_LARGE\"", "文件太大")
                    .doesNotContain("Exception");
        } finally {
            Files.deleteIfExists(huge);
        }
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select count(*) from import_job")
                        .query(Long.class)
                        .single())
                .as("no import was opened")
                .isEqualTo(jobsBefore);
    }

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void aLargeFileShowsItsProgressAndThePageUpdatesItselfWhenItIsDone() throws Exception {
        java.util.List<String> rows = jdbc.sql("""
                        select m.name || ',' || m.account || ',偏好_数码' from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-S' order by m.account""").query(String.class).list();
        StringBuilder text = new StringBuilder("\uFEFF姓名,账号,标签1\r\n");
        while (text.length() < 1_100_000) {
            rows.forEach(row -> text.append(row).append("\r\n"));
        }
        Path large = Files.createTempFile("大文件", ".csv");
        Files.writeString(large, text, StandardCharsets.UTF_8);

        Page page = loggedIn("ops.sales");
        page.navigate(url("/imports"));
        // Hold the job at its checks, so that the progress is seen before it ends.
        try (java.sql.Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (java.sql.Statement lock = blocker.createStatement()) {
                lock.execute("lock table import_problem in access exclusive mode");
            }
            page.locator("#file").setInputFiles(large);
            page.locator("#preview").click();
            assertThat(page.locator("#import-progress")).containsText("可以离开本页");
            BrowserSupport.screenshot(page, "import-progress");
            blocker.rollback();
        }
        assertThat(page.locator("h1"))
                .hasText(
                        "已预览，尚未执行",
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(page.locator("#import-progress")).hasCount(0);
        page.locator("#apply button").click();
        assertThat(page.locator("h1"))
                .hasText(
                        "已执行",
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
        page.context().close();
    }
}
