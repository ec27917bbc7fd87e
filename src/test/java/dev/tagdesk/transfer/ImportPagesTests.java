package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("姓名,账号,标签1,标签2,标签3\r\n");
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
