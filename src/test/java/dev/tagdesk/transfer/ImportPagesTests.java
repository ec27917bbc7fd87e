package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.shared.Flash;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class ImportPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void theTemplateIsUtf8WithBomAndCrlfAsExcelExpects() throws Exception {
        byte[] body = mvc.perform(get("/imports/template.csv").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(
                        header().string("Content-Disposition", containsString("filename*=UTF-8''%E6%A0%87%E7%AD%BE")))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(body).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF姓名,账号,标签1,标签2,标签3\r\n张伟,zhang.wei,渠道_线上活动_双十一,偏好_数码,\r\n");
    }

    @Test
    void aFullWidthHeaderIsReadAgainWithTheFullWidthSeparatorInOneClick() throws Exception {
        String seller = demo.memberOf("SALES");
        String name = name(seller);
        byte[] file =
                ("\uFEFF姓名，账号，标签1\r\n" + name + "，" + seller + "，渠道_线上活动_双十一\r\n").getBytes(StandardCharsets.UTF_8);
        long refused = uploadAs("ops.sales", file);
        mvc.perform(get("/imports/" + refused).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("表头第 3 个字符是全角逗号")))
                .andExpect(content().string(containsString("id=\"full-width-rerun\"")))
                // A file refused before its rows were read has no rows to give back in an error report.
                .andExpect(content().string(not(containsString("id=\"download-errors\""))));
        // Another OPS user cannot re-run it, and learns nothing: 404, like a missing import.
        mvc.perform(post("/imports/" + refused + "/full-width-separator")
                        .with(demo.as("ops.purchase"))
                        .with(csrf()))
                .andExpect(status().isNotFound());

        String rerun = mvc.perform(post("/imports/" + refused + "/full-width-separator")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long previewed = demo.count("select max(id) from import_job");
        assertThat(rerun).isEqualTo("/imports/" + previewed);
        assertThat(previewed).isGreaterThan(refused);
        assertThat(demo.count(
                        "select count(*) from import_job where id = ? and status = 'PREVIEWED' and separator = 'FULLWIDTH_COMMA'"
                                + " and to_add = 1 and error_count = 0 and created_by = 'ops.sales'",
                        previewed))
                .isOne();
        assertThat(demo.count("select count(*) from import_upload"))
                .as("the kept file is taken out")
                .isZero();

        // One click, one re-run: the file is no longer kept.
        mvc.perform(post("/imports/" + refused + "/full-width-separator")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(content().string(containsString("文件已不再保留")));
        assertThat(demo.count("select max(id) from import_job")).isEqualTo(previewed);
    }

    @Test
    void theImportPageWritesLineAndColumnNumbersWithoutAThousandsSeparator() throws Exception {
        long id = uploadAs("admin", ImportApiTests.problemsOnLineAndColumn1234());
        mvc.perform(get("/imports/" + id).with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("第 1234 行第 1234 列超出了表头的列数")))
                .andExpect(content().string(containsString("第 1234 行：账号“no.such.member”不存在")))
                .andExpect(content().string(not(containsString("1,234"))));
        mvc.perform(get("/imports/" + id).param("lang", "en").with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(
                        content().string(containsString("Line 1234, column 1234 is beyond the columns of the header")))
                .andExpect(content().string(containsString("Line 1234: the account &quot;no.such.member&quot;")))
                .andExpect(content().string(not(containsString("1,234"))));
    }

    @Test
    void aFileThatChangesNothingSaysSoBeforeAndAfterItIsApplied() throws Exception {
        String seller = demo.memberOf("SALES");
        byte[] file = ("\uFEFF姓名,账号,标签1\r\n" + name(seller) + "," + seller + ",渠道_线上活动_双十一\r\n")
                .getBytes(StandardCharsets.UTF_8);
        long first = uploadAs("ops.sales", file);
        mvc.perform(get("/imports/" + first).with(demo.as("ops.sales")))
                .andExpect(content().string(not(containsString("id=\"import-nothing-to-change\""))));
        mvc.perform(post("/imports/" + first + "/apply")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(flash().attribute("flash", new Flash("flash.import.applied", 1L)));

        long again = uploadAs("ops.sales", file);
        mvc.perform(get("/imports/" + again).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("执行这个文件不会改变任何内容")));
        String carried = "select string_agg(mt.tag_id || '@' || mt.assigned_at, ',' order by mt.tag_id)"
                + " from member_tag mt join member m on m.id = mt.member_id where m.account = ?";
        String before = jdbc.sql(carried).param(seller).query(String.class).single();
        Flash flash = (Flash) mvc.perform(post("/imports/" + again + "/apply")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getFlashMap()
                .get("flash");
        assertThat(flash.key()).isEqualTo("flash.import.nothingChanged");
        // Applying the same import again (a retry from the API) changes nothing either.
        mvc.perform(post("/api/v1/imports/" + again + "/apply").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPLIED"))
                .andExpect(jsonPath("$.toAdd").value(0))
                .andExpect(jsonPath("$.unchanged").value(1));
        assertThat(jdbc.sql(carried).param(seller).query(String.class).single()).isEqualTo(before);
    }

    @Test
    void theHistoryShowsAuditorsEveryImportAndOpsUsersTheirOwn() throws Exception {
        String seller = demo.memberOf("SALES");
        uploadAs(
                "ops.sales",
                ("\uFEFF姓名,账号,标签1\r\n" + name(seller) + "," + seller + ",偏好_数码\r\n").getBytes(StandardCharsets.UTF_8));
        mvc.perform(get("/imports").with(demo.as("auditor")))
                .andExpect(content().string(containsString("ops.sales")))
                .andExpect(content().string(containsString("销售.csv")));
        mvc.perform(get("/imports").with(demo.as("admin"))).andExpect(content().string(containsString("销售.csv")));
        mvc.perform(get("/imports").with(demo.as("ops.purchase")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("销售.csv"))));
    }

    private long uploadAs(String user, byte[] file) throws Exception {
        mvc.perform(multipart("/imports")
                        .file(new MockMultipartFile("file", "销售.csv", "text/csv", file))
                        .with(demo.as(user))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        return demo.count("select max(id) from import_job");
    }

    private String name(String account) {
        return jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();
    }

    @Test
    void auditorsReadTheHistoryButCannotUpload() throws Exception {
        mvc.perform(get("/imports").with(demo.as("auditor")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"upload\""))));
        mvc.perform(multipart("/imports")
                        .file(new MockMultipartFile(
                                "file", "x.csv", "text/csv", "姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8)))
                        .with(demo.as("auditor"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(demo.count("select count(*) from import_job")).isZero();
    }

    @Test
    void anUploadWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(multipart("/imports")
                        .file(new MockMultipartFile(
                                "file", "x.csv", "text/csv", "姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8)))
                        .with(demo.as("ops.sales")))
                // No session holds a token (as after the session ended): sent to log in again, nothing read.
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(demo.count("select count(*) from import_job")).isZero();
    }

    @Test
    void anImportOfAnotherOpsUserIs404() throws Exception {
        mvc.perform(multipart("/imports")
                .file(new MockMultipartFile(
                        "file", "x.csv", "text/csv", "姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8)))
                .with(demo.as("ops.sales"))
                .with(csrf()));
        long id = demo.count("select max(id) from import_job");
        mvc.perform(get("/imports/" + id).with(demo.as("ops.sales"))).andExpect(status().isOk());
        mvc.perform(get("/imports/" + id).with(demo.as("ops.purchase"))).andExpect(status().isNotFound());
    }
}
