package dev.tagdesk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class AuditLogTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final RequestPostProcessor OPS_SALES = httpBasic("ops.sales", "tagdesk-demo");
    static final RequestPostProcessor AUDITOR = httpBasic("auditor", "tagdesk-demo");

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    long tag;
    String seller;

    /** Some history: ops.sales tags a member, reaches for 采购部's tag and member, and for the audit log. */
    @BeforeEach
    void someHistory() throws Exception {
        reset.toDemoData();
        tag = demo.count("select id from tag where name = '偏好_数码'");
        seller = demo.memberOf("SALES-E");
        demo.update("delete from member_tag where tag_id = ?", tag);
        mvc.perform(put("/api/v1/members/" + seller + "/tags/" + tag).with(OPS_SALES))
                .andExpect(status().isCreated());
        long purchaseTag = demo.count("select id from tag where name = 'PUR_供应商_一级'");
        mvc.perform(get("/api/v1/tags/" + purchaseTag).with(OPS_SALES)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/members/" + demo.memberOf("PUR")).with(OPS_SALES))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/audit-events").with(OPS_SALES)).andExpect(status().isForbidden());
        mvc.perform(get("/audit").with(demo.as("ops.sales"))).andExpect(status().isForbidden());
    }

    @Test
    void refusedAccessesAreLoggedWithoutRevealingAnythingToTheRefused() throws Exception {
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'ACCESS_REFUSED' and actor = 'ops.sales'"))
                .isEqualTo(2);
        assertThat(demo.count("""
                        select count(*) from audit_event where action = 'ACCESS_DENIED' and actor = 'ops.sales'
                        and target_id in ('GET /api/v1/audit-events', 'GET /audit')""")).isEqualTo(2);
        mvc.perform(get("/api/v1/audit-events")
                        .param("action", "ACCESS_REFUSED")
                        .with(AUDITOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items[0].after.scope").exists());
    }

    @Test
    void auditorsFilterByActorActionTagAndTimeAndSeeBeforeAndAfter() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        String yesterday =
                LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
        mvc.perform(get("/api/v1/audit-events")
                        .param("actor", "OPS.SALES")
                        .param("action", "MEMBER_TAGGED")
                        .param("from", today)
                        .param("to", today)
                        .with(AUDITOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].actor").value("ops.sales"));
        mvc.perform(get("/api/v1/audit-events").param("to", yesterday).with(AUDITOR))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/v1/audit-events")
                        .param("from", today)
                        .param("to", yesterday)
                        .with(AUDITOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("AUDIT_RANGE_REVERSED"));

        long live = renameTheLiveStreamTag();
        mvc.perform(get("/api/v1/audit-events")
                        .param("tagId", String.valueOf(live))
                        .with(ADMIN))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].action").value("TAG_UPDATED"))
                .andExpect(jsonPath("$.items[0].before.name").value("渠道_直播间"))
                .andExpect(jsonPath("$.items[0].after.name").value("渠道_直播间_抖音"));

        mvc.perform(get("/audit").param("tagId", String.valueOf(live)).with(demo.as("auditor")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td class=\"audit-action\">修改标签</td>")))
                .andExpect(content().string(containsString("渠道_直播间_抖音")))
                .andExpect(content().string(not(containsString("<code>MEMBER_TAGGED</code>"))))
                .andExpect(content().string(not(containsString("<td class=\"audit-action\">给成员添加标签</td>"))));
    }

    @Test
    void entriesReadWithTranslatedActionsTargetsByNameAReadableDiffAndWhereFrom() throws Exception {
        long live = renameTheLiveStreamTag();
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(live))
                        .param("detach", "true")
                        .with(ADMIN))
                .andExpect(status().isOk());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(
                mvc.perform(get("/audit").param("tag", "渠道_直播间_抖音").with(demo.as("auditor")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(StandardCharsets.UTF_8));
        var rows = page.select("#audit-table tbody tr");
        assertThat(rows).hasSize(2);
        // newest first: the deletion, then the rename; the deleted tag keeps its last name, linked
        assertThat(rows.get(0).select(".audit-action").text()).isEqualTo("删除标签（移入回收站）");
        assertThat(rows.get(1).select(".audit-action").text()).isEqualTo("修改标签");
        assertThat(rows.get(1).select(".audit-target").text()).isEqualTo("标签 渠道_直播间_抖音");
        assertThat(rows.get(1).select(".audit-target a").attr("href")).isEqualTo("/tags/" + live);
        assertThat(rows.get(1).select(".audit-changes li").eachText())
                .containsExactly("名称： 渠道_直播间 → 渠道_直播间_抖音", "说明： 演示标签：渠道›直播间 → （空）");
        assertThat(rows.get(1).select("td").last().text()).isEqualTo("127.0.0.1");
        // no machine code is shown to the reader
        assertThat(page.select("#audit-table").text())
                .doesNotContain("TAG_UPDATED")
                .doesNotContain("tag " + live);
        // the filter offers the names the log knows, and who acted
        assertThat(page.select("#tag-names option").eachAttr("value")).contains("渠道_直播间_抖音", "渠道_直播间");
        assertThat(page.select("#actors option").eachAttr("value")).contains("admin");

        // the old name finds the same tag; a name the log never saw finds nothing
        assertThat(org.jsoup.Jsoup.parse(
                                mvc.perform(get("/audit").param("tag", "渠道_直播间").with(demo.as("auditor")))
                                        .andReturn()
                                        .getResponse()
                                        .getContentAsString(StandardCharsets.UTF_8))
                        .select("#audit-table tbody tr"))
                .hasSize(2);
        assertThat(org.jsoup.Jsoup.parse(
                                mvc.perform(get("/audit").param("tag", "从未有过").with(demo.as("auditor")))
                                        .andReturn()
                                        .getResponse()
                                        .getContentAsString(StandardCharsets.UTF_8))
                        .select("#audit-total")
                        .text())
                .isEqualTo("共 0 条记录");
    }

    @Test
    void everyActionTagDeskAuditsHasItsNameInBothLanguages() throws Exception {
        java.util.Set<String> codes = new java.util.TreeSet<>();
        java.util.regex.Pattern audited = java.util.regex.Pattern.compile("AuditRecord\\.of\\(\\s*\"([A-Z_]+)\"");
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var matcher = audited.matcher(java.nio.file.Files.readString(file));
                while (matcher.find()) {
                    codes.add(matcher.group(1));
                }
            }
        }
        assertThat(codes).contains("TAG_CREATED", "MEMBER_TAGGED", "LOGIN_LOCKED");
        for (String language : List.of("messages.properties", "messages_zh_CN.properties")) {
            java.util.Properties messages = new java.util.Properties();
            try (var in = new java.io.InputStreamReader(
                    getClass().getResourceAsStream("/" + language), StandardCharsets.UTF_8)) {
                messages.load(in);
            }
            for (String code : codes) {
                assertThat(messages.getProperty("audit.action." + code))
                        .as("audit.action.%s in %s", code, language)
                        .isNotBlank();
            }
        }
    }

    @Test
    void theLogExportsAsCsvWithTheSameRulesAndTheExportIsAuditedToo() throws Exception {
        long entries = demo.count("select count(*) from audit_event where actor = 'ops.sales'");
        byte[] csv = mvc.perform(
                        get("/audit/events.csv").param("actor", "ops.sales").with(demo.as("auditor")))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/csv;charset=UTF-8"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(csv).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text).startsWith("时间,操作人,操作,操作说明,对象类型,对象,变更前,变更后,来源地址,经由令牌\r\n");
        assertThat(text.split("\r\n")).hasSize(1 + (int) entries);
        assertThat(text).contains(",ops.sales,MEMBER_TAGGED,给成员添加标签,");
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'EXPORT_AUDIT_LOG' and actor = 'auditor'"))
                .isEqualTo(1);
        mvc.perform(get("/api/v1/audit-events.csv").with(OPS_SALES)).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit-events.csv").with(ADMIN)).andExpect(status().isOk());
    }

    /** An admin renames 渠道_直播间 to 渠道_直播间_抖音 over the API; the tag's id. */
    private long renameTheLiveStreamTag() throws Exception {
        long live = demo.count("select id from tag where name = '渠道_直播间'");
        long group = demo.count("select group_id from tag where id = ?", live);
        mvc.perform(put("/api/v1/tags/" + live)
                        .contentType("application/json")
                        .content(
                                "{\"name\":\"渠道_直播间_抖音\",\"groupId\":%d,\"color\":\"#9D4EDD\",\"wholeCompany\":true,\"version\":0}"
                                        .formatted(group))
                        .with(ADMIN))
                .andExpect(status().isOk());
        return live;
    }
}
