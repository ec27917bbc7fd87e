package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * One name rule for every display name: a right-to-left override, a line break or another invisible
 * character is refused in tag, group, department, member and rule names and in the names of uploaded
 * files, naming the character and where it is; nothing is stored.
 */
@WebTest
class DisplayNameRuleTests {

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

    @ParameterizedTest
    @ValueSource(strings = {"市场\u202E部", "市场\r\n部", "市场\u200B部"})
    void departmentGroupAndMemberNamesRefuseInvisibleCharacters(String name) throws Exception {
        long hq = demo.departmentId("HQ");
        String escaped = json(name);
        assertRefused(mvc.perform(post("/api/v1/departments")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":%s,\"code\":\"NEWD\",\"parentId\":%d}".formatted(escaped, hq))
                        .with(demo.as("admin")))
                .andReturn());
        assertRefused(mvc.perform(post("/api/v1/tag-groups")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":%s,\"kind\":\"STATIC\"}".formatted(escaped))
                        .with(demo.as("admin")))
                .andReturn());
        String account = demo.memberOf("SALES");
        assertRefused(mvc.perform(put("/api/v1/members/" + account)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":%s,\"departmentIds\":[%d],\"version\":%d}"
                                .formatted(
                                        escaped,
                                        demo.departmentId("SALES"),
                                        demo.count("select version from member where account = ?", account)))
                        .with(demo.as("admin")))
                .andReturn());
        assertThat(demo.count("select count(*) from department where code = 'NEWD'"))
                .isZero();
        assertThat(demo.count("select count(*) from member where name like '市场%'"))
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"名单\u202Evsc.exe", "名单\r\n.csv", "名单\u0000.csv"})
    void uploadedFileNamesFollowTheSameRuleInTheApiAndOnThePage(String fileName) throws Exception {
        MockMultipartFile file =
                new MockMultipartFile("file", fileName, "text/csv", "姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8));
        MvcResult api = mvc.perform(multipart("/api/v1/imports").file(file).with(demo.as("ops.sales")))
                .andReturn();
        assertThat(api.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("\"code\":\"FILE_NAME_INVALID_CHARACTER\"")
                .contains("文件名第 3 个字符");

        MvcResult page = mvc.perform(
                        multipart("/imports").file(file).with(csrf()).with(demo.as("ops.sales")))
                .andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(page.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("id=\"refusals\"")
                .contains("请重命名文件后再上传");
        assertThat(demo.count("select count(*) from import_job")).isZero();
    }

    @Test
    void aFileNameOverTwoHundredFiftyFiveCharactersIsRefusedNotCut() throws Exception {
        MockMultipartFile file = new MockMultipartFile(
                "file", "名".repeat(256) + ".csv", "text/csv", "姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8));
        MvcResult api = mvc.perform(multipart("/api/v1/imports").file(file).with(demo.as("ops.sales")))
                .andReturn();
        assertThat(api.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("\"code\":\"FILE_NAME_TOO_LONG\"")
                .contains("255");
    }

    private static void assertRefused(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("NAME_INVALID_CHARACTER")
                .contains("第 3 个字符");
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars()
                .forEach(
                        c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
