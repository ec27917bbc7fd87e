package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.Translations;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Deleting a tag that an auto-tag rule names: the deletion lists the rules and asks (cancel, or disable
 * them); a rule naming a deleted tag says so, cannot be enabled and is never run, until the tag is
 * restored or the rule edited. Before, the rule list showed 添加「#30」 and the rule ran as "完成 +0".
 */
@WebTest
class RulesNamingDeletedTagsTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final RequestPostProcessor OPS_SALES = httpBasic("ops.sales", "tagdesk-demo");

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    /** The demo's tag 待激活 and its enabled rule "7天未活跃待激活", which adds it. */
    long waiting;

    long demoRule;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        waiting = demo.count("select id from tag where name = '待激活'");
        demoRule = demo.count("select id from tag_rule where name = '7天未活跃待激活'");
    }

    boolean deleted(long tagId) {
        return demo.count("select count(*) from tag where id = ? and deleted_at is not null", tagId) == 1;
    }

    boolean enabled(long ruleId) {
        return demo.count("select count(*) from tag_rule where id = ? and enabled", ruleId) == 1;
    }

    void deleteDisablingRules(long tagId) throws Exception {
        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + tagId + "],\"detach\":true,\"disableRules\":true}")
                        .with(ADMIN))
                .andExpect(status().isOk());
    }

    /** The demo rule as saved, enabled, at its current version. */
    String enableBody(long ruleId) throws Exception {
        String rule = mvc.perform(get("/api/v1/rules/" + ruleId).with(ADMIN))
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        long version = ((Number) com.jayway.jsonpath.JsonPath.read(rule, "$.version")).longValue();
        return """
                {"name":"7天未活跃待激活","enabled":true,
                 "condition":{"all":[{"inactiveDays":7},{"status":"ACTIVE"}]},
                 "action":{"add":[%d],"remove":[],"shelfLifeDays":14},
                 "departments":[{"departmentId":%d,"includeSubDepartments":true}],"version":%d}""".formatted(waiting, demo.departmentId("HQ"), version);
    }

    @Test
    void deletingATagAnEnabledRuleNamesWithoutTheChoiceDeletesNothingAndListsTheRule() throws Exception {
        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + waiting + "],\"detach\":true}")
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("TAG_NAMED_BY_RULES"))
                .andExpect(jsonPath("$.rules[0].id").value(demoRule))
                .andExpect(jsonPath("$.rules[0].name").value("7天未活跃待激活"))
                .andExpect(jsonPath("$.rules[0].enabled").value(true))
                .andExpect(jsonPath("$.detail", containsString("7天未活跃待激活")));

        mvc.perform(get("/tags/delete").param("ids", String.valueOf(waiting)).with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"delete-rules\"")))
                .andExpect(content().string(containsString("href=\"/rules/" + demoRule + "\"")))
                .andExpect(content().string(containsString("7天未活跃待激活")))
                .andExpect(content().string(containsString("name=\"disableRules\"")));
        mvc.perform(post("/tags/delete")
                        .param("ids", String.valueOf(waiting))
                        .param("detach", "true")
                        .with(demo.as("admin"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("没有删除任何标签")))
                .andExpect(content().string(containsString("7天未活跃待激活")));

        assertThat(deleted(waiting)).isFalse();
        assertThat(enabled(demoRule)).isTrue();
        assertThat(demo.count("select count(*) from audit_event where action = 'TAG_DELETED'"))
                .isZero();
    }

    @Test
    void withTheChoiceTheTagGoesToTheRecycleBinAndTheRuleIsDisabledAndAudited() throws Exception {
        mvc.perform(post("/tags/delete")
                        .param("ids", String.valueOf(waiting))
                        .param("detach", "true")
                        .param("disableRules", "true")
                        .with(demo.as("admin"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/recycle-bin"));

        assertThat(deleted(waiting)).isTrue();
        assertThat(enabled(demoRule)).isFalse();
        assertThat(demo.count("""
                        select count(*) from audit_event where action = 'RULE_DISABLED' and target_id = ?
                          and actor = 'admin' and before_state ->> 'enabled' = 'true' and after_state ->> 'enabled' = 'false'
                          and after_state ->> 'reason' = 'TAG_DELETED'""", String.valueOf(demoRule))).isOne();
    }

    @Test
    void theRuleListThePageAndTheRunHistoryShowTheDeletedTagWithALinkToTheRecycleBin() throws Exception {
        deleteDisablingRules(waiting);

        mvc.perform(get("/rules").with(demo.as("admin")))
                .andExpect(content().string(containsString("添加已删除的标签「待激活」")))
                .andExpect(content().string(containsString("href=\"/recycle-bin\"")))
                .andExpect(content().string(not(containsString("#" + waiting))));
        mvc.perform(get("/rules").param("lang", "en").with(demo.as("admin")))
                .andExpect(content().string(containsString("add deleted tag &quot;待激活&quot;")));
        mvc.perform(get("/rules/" + demoRule).with(demo.as("admin")))
                .andExpect(content().string(containsString("id=\"rule-deleted-tags\"")))
                .andExpect(content().string(containsString("已删除的标签「待激活」")))
                .andExpect(content().string(containsString("href=\"/recycle-bin\"")));
        mvc.perform(get("/api/v1/rules/" + demoRule).with(ADMIN))
                .andExpect(jsonPath("$.deletedTags[0].id").value(waiting))
                .andExpect(jsonPath("$.deletedTags[0].name").value("待激活"));

        mvc.perform(post("/rules/" + demoRule + "/run").with(demo.as("admin")).with(csrf()));
        mvc.perform(get("/rules/runs").with(demo.as("admin")))
                .andExpect(content().string(containsString("已跳过")))
                .andExpect(content().string(containsString("已删除的标签「待激活」")))
                .andExpect(content().string(containsString("href=\"/recycle-bin\"")));
    }

    @Test
    void enablingARuleThatNamesADeletedTagIsRefusedNamingTheTag() throws Exception {
        deleteDisablingRules(waiting);

        mvc.perform(put("/api/v1/rules/" + demoRule)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(enableBody(demoRule))
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("RULE_TAG_DELETED"))
                .andExpect(jsonPath("$.detail", containsString("待激活")));
        // The form keeps the deleted tag chosen, so saving it enabled is refused the same way.
        org.jsoup.nodes.Document form =
                org.jsoup.Jsoup.parse(mvc.perform(get("/rules/" + demoRule).with(demo.as("admin")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        org.jsoup.nodes.Element chosen = form.selectFirst("#addTagIds option[value=" + waiting + "][selected]");
        assertThat(chosen).isNotNull();
        assertThat(chosen.text()).isEqualTo("已删除的标签「待激活」");
        assertThat(chosen.attr("data-deleted")).isEqualTo("true");
        assertThat(enabled(demoRule)).isFalse();
        assertThat(Translations.fillable("refusal.RULE_TAG_DELETED", "待激活")).isTrue();

        // Kept disabled, it may still be renamed while it waits for the tag; a rule may not start naming it.
        mvc.perform(put("/api/v1/rules/" + demoRule)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(enableBody(demoRule)
                                .replace("\"enabled\":true", "\"enabled\":false")
                                .replace("7天未活跃待激活", "7天未活跃待激活（停用）"))
                        .with(ADMIN))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/rules")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"新规则","enabled":false,"condition":{"lacksTag":%d},"action":{"add":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(
                                        waiting,
                                        demo.count("select id from tag where name = '偏好_数码'"),
                                        demo.departmentId("HQ")))
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("RULE_TAG_DELETED"))
                .andExpect(jsonPath("$.errors[0].field").value("condition"));
    }

    @Test
    void aRunNeverRunsARuleThatNamesADeletedTagAndSaysSo() throws Exception {
        deleteDisablingRules(waiting);

        mvc.perform(post("/api/v1/rules/" + demoRule + "/run").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.steps[0].status").value("SKIPPED"))
                .andExpect(jsonPath("$.steps[0].reason").value("TAG_DELETED"))
                .andExpect(jsonPath("$.steps[0].reasonArgs[0]").value("待激活"))
                .andExpect(jsonPath("$.steps[0].added").value(0));

        // A rule left enabled on a deleted tag (written before this check existed) is skipped by every run.
        demo.update("update tag_rule set enabled = true where id = ?", demoRule);
        mvc.perform(post("/api/v1/rules/run").with(ADMIN))
                .andExpect(jsonPath("$.steps[0].status").value("SKIPPED"))
                .andExpect(jsonPath("$.steps[0].reasonArgs[0]").value("待激活"));
        assertThat(demo.count("select count(*) from member_tag where rule_id = ?", demoRule))
                .isZero();
        assertThat(Translations.fillable("run.reason.TAG_DELETED", "待激活")).isTrue();
        assertThat(Translations.translated("run.status.SKIPPED")).isTrue();
    }

    @Test
    void restoringTheTagLetsTheRuleBeEnabledAgain() throws Exception {
        deleteDisablingRules(waiting);
        mvc.perform(post("/api/v1/tags/" + waiting + "/restore").with(ADMIN)).andExpect(status().isOk());

        mvc.perform(put("/api/v1/rules/" + demoRule)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(enableBody(demoRule))
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(true))
                .andExpect(jsonPath("$.deletedTags.length()").value(0));
        mvc.perform(get("/rules").with(demo.as("admin")))
                .andExpect(content().string(containsString("添加「待激活」")))
                .andExpect(content().string(not(containsString("已删除的标签"))));
    }

    @Test
    void aTagNamedOnlyInsideANestedConditionGroupIsFoundToo() throws Exception {
        long digital = demo.count("select id from tag where name = '偏好_数码'");
        long hq = demo.departmentId("HQ");
        mvc.perform(post("/api/v1/rules")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"嵌套","enabled":false,
                                 "condition":{"any":[{"inactiveDays":90},{"all":[{"status":"ACTIVE"},{"carriedTag":%d,"days":30}]}]},
                                 "action":{"add":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(digital, waiting, hq))
                        .with(ADMIN))
                .andExpect(status().isCreated());

        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + digital + "],\"detach\":true}")
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("TAG_NAMED_BY_RULES"))
                .andExpect(jsonPath("$.rules.length()").value(1))
                .andExpect(jsonPath("$.rules[0].name").value("嵌套"))
                .andExpect(jsonPath("$.rules[0].enabled").value(false));
        assertThat(deleted(digital)).isFalse();
    }

    /**
     * Rules are admins' to change: an OPS user may delete a tag of their own department, but not one a
     * rule names (enabled or not), and may not disable the rule by deleting it. They are told which
     * rules (all of them readable on their own rules page) and that an admin must change them first.
     */
    @Test
    void anOpsUserCannotDeleteATagARuleNamesNorDisableTheRuleThatWay() throws Exception {
        long salesOnly = demo.count("select id from tag where name = 'SALES_大客户'");
        long sales = demo.departmentId("SALES");
        String created = mvc.perform(post("/api/v1/rules")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"销售沉睡大客户","enabled":true,"condition":{"inactiveDays":60},
                                 "action":{"add":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":false}]}""".formatted(salesOnly, sales))
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        long salesRule = demo.count("select id from tag_rule where name = '销售沉睡大客户'");
        assertThat(created).contains("\"id\":" + salesRule);

        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + salesOnly + "],\"detach\":true,\"disableRules\":true}")
                        .with(OPS_SALES))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("TAG_NAMED_BY_RULES_ADMIN"))
                .andExpect(jsonPath("$.rules[0].id").value(salesRule))
                .andExpect(jsonPath("$.rules[0].name").value("销售沉睡大客户"));
        mvc.perform(get("/tags/delete").param("ids", String.valueOf(salesOnly)).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("销售沉睡大客户")))
                .andExpect(content().string(containsString("id=\"delete-rules-admin-only\"")))
                .andExpect(content().string(not(containsString("name=\"disableRules\""))))
                .andExpect(content().string(not(containsString("id=\"confirm-delete\""))));
        mvc.perform(post("/tags/delete")
                        .param("ids", String.valueOf(salesOnly))
                        .param("detach", "true")
                        .param("disableRules", "true")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("只有管理员")));
        assertThat(deleted(salesOnly)).isFalse();
        assertThat(enabled(salesRule)).isTrue();

        // Disabled, the rule still names the tag: an admin decides, an OPS user is still refused.
        demo.update("update tag_rule set enabled = false where id = ?", salesRule);
        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + salesOnly + "],\"detach\":true}")
                        .with(OPS_SALES))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("TAG_NAMED_BY_RULES_ADMIN"));
        assertThat(deleted(salesOnly)).isFalse();
        // A rule they may not read (采购部's, on a company-wide tag) is neither named nor hinted at.
        long digital = demo.count("select id from tag where name = '偏好_数码'");
        mvc.perform(post("/api/v1/rules")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"采购数码","enabled":true,"condition":{"inactiveDays":60},"action":{"add":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":false}]}""".formatted(digital, demo.departmentId("PUR")))
                        .with(ADMIN))
                .andExpect(status().isCreated());
        mvc.perform(get("/tags/delete").param("ids", String.valueOf(digital)).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("采购数码"))))
                .andExpect(content().string(not(containsString("id=\"delete-rules"))));
        assertThat(Translations.fillable("refusal.TAG_NAMED_BY_RULES", 1, "x")).isTrue();
        assertThat(Translations.fillable("refusal.TAG_NAMED_BY_RULES_ADMIN", "x"))
                .isTrue();
    }
}
