package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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

/** The nightly clean-up removes old imports' staged files; the imports stay in the history and say so. */
@WebTest
class ImportFileRetentionTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ImportFileRetention retention;

    @Autowired
    MemberTagImports imports;

    String seller;
    String sellerName;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        seller = demo.memberOf("SALES");
        sellerName = jdbc.sql("select name from member where account = ?")
                .param(seller)
                .query(String.class)
                .single();
    }

    long preview(String rows) throws Exception {
        byte[] file = ("\uFEFF姓名,账号,标签1\r\n" + rows).getBytes(StandardCharsets.UTF_8);
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "旧文件.csv", "text/csv", file))
                        .with(demo.as("ops.sales")))
                .andExpect(status().isCreated());
        return demo.count("select max(id) from import_job");
    }

    long staged(long job) {
        return demo.count("select count(*) from import_row where job_id = ?", job)
                + demo.count("select count(*) from import_problem where job_id = ?", job);
    }

    @Test
    void theFilesOfImportsOlderThanTheRetentionAreRemovedAndTheirPagesSaySo() throws Exception {
        long clean = preview(sellerName + "," + seller + ",偏好_数码\r\n");
        long withErrors = preview("某人,no.such.member,偏好_数码\r\n");
        long recent = preview(sellerName + "," + seller + ",偏好_母婴\r\n");
        assertThat(staged(withErrors)).isEqualTo(2);
        jdbc.sql("update import_job set created_at = now() - interval '31 days' where id in (?, ?)")
                .params(clean, withErrors)
                .update();

        assertThat(retention.removeOldFiles()).isEqualTo(2);
        assertThat(staged(clean)).isZero();
        assertThat(staged(withErrors)).isZero();
        assertThat(staged(recent)).isOne();
        assertThat(retention.removeOldFiles()).as("nothing left to remove").isZero();

        mvc.perform(get("/imports/" + clean).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("已超过保留期（30 天）并已清理")))
                .andExpect(content().string(not(containsString("id=\"apply\""))));
        mvc.perform(get("/imports/" + withErrors).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("账号“no.such.member”不存在")))
                .andExpect(content().string(not(containsString("id=\"download-errors\""))));
        String carried = "select count(*) from member_tag mt join member m on m.id = mt.member_id where m.account = ?";
        long before = demo.count(carried, seller);
        mvc.perform(post("/api/v1/imports/" + clean + "/apply").with(demo.as("ops.sales")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IMPORT_FILE_REMOVED"));
        mvc.perform(get("/api/v1/imports/" + withErrors + "/errors.csv").with(demo.as("ops.sales")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IMPORT_FILE_REMOVED"));
        assertThat(demo.count(carried, seller))
                .as("the refused apply changed nothing")
                .isEqualTo(before);

        // A restart does not take the removed files for files a crash lost.
        imports.failLeftBehind();
        assertThat(jdbc.sql("select status from import_job where id = ?")
                        .param(clean)
                        .query(String.class)
                        .single())
                .isEqualTo("PREVIEWED");
        mvc.perform(get("/imports").with(demo.as("auditor")))
                .andExpect(content().string(containsString("/imports/" + clean)));
        // The recent import is untouched and still applies.
        mvc.perform(post("/api/v1/imports/" + recent + "/apply").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPLIED"));
    }
}
