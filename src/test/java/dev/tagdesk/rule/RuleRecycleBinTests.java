package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.ConsoleSessions;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Deleting an auto-tag rule keeps it, disabled, for the recycle-bin period: it leaves the rule list
 * and every check, frees its name, is listed among the deleted rules (in the reader's scope), can be
 * restored by an admin (disabled, refused while a live rule has its name), and is purged after the
 * period. Every step is audited.
 */
@WebTest
class RuleRecycleBinTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final String RULE = "7天未活跃待激活";

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    RuleRecycleBin bin;

    long rule;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        rule = demo.count("select id from tag_rule where name = ?", RULE);
        // The demo rule has tagged some members, so its assignments name it.
        demo.update("update member_tag set rule_id = ? where tag_id = (select id from tag where name = '待激活')", rule);
    }

    void deleteOnThePage() throws Exception {
        mvc.perform(post("/rules/" + rule + "/delete").with(demo.as("admin")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/rules"));
    }

    @Test
    void aDeletedRuleLeavesTheListIsKeptDisabledAndListedAmongTheDeletedOnes() throws Exception {
        long assignments = demo.count("select count(*) from member_tag where rule_id = ?", rule);
        assertThat(assignments).isPositive();

        deleteOnThePage();

        assertThat(demo.count(
                        "select count(*) from tag_rule where id = ? and not enabled and deleted_by = 'admin'", rule))
                .isEqualTo(1);
        assertThat(demo.count("select count(*) from member_tag where rule_id = ?", rule))
                .isEqualTo(assignments);
        // The member's page still names the rule that tagged them (the rules module gives the name).
        String tagged = demo.text(
                "select m.account from member_tag mt join member m on m.id = mt.member_id where mt.rule_id = ?"
                        + " order by m.account limit 1",
                rule);
        mvc.perform(get("/members/" + tagged).with(demo.as("admin")))
                .andExpect(content().string(containsString("由规则「" + RULE + "」添加")));
        mvc.perform(get("/rules").with(demo.as("admin")))
                .andExpect(content().string(not(containsString(RULE))))
                .andExpect(content().string(containsString("href=\"/rules/deleted\"")));
        mvc.perform(get("/rules/" + rule).with(demo.as("admin"))).andExpect(status().isNotFound());
        mvc.perform(get("/rules/deleted").with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(RULE)))
                .andExpect(content().string(containsString("id=\"restore-rule-" + rule + "\"")))
                .andExpect(content().string(containsString("保留 30 天")));
        mvc.perform(get("/rules/deleted").with(demo.as("auditor")))
                .andExpect(content().string(containsString(RULE)))
                .andExpect(content().string(not(containsString("restore-rule-"))));
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'RULE_DELETED' and target_id = ? and after_state ->> 'deleted' = 'true'",
                        String.valueOf(rule)))
                .isEqualTo(1);
    }

    @Test
    void aRestoredRuleComesBackDisabledAfterItsNameIsFreedAgain() throws Exception {
        deleteOnThePage();
        // Meanwhile someone creates a rule with the freed name (a copy of the deleted one).
        long copy = demo.count("""
                insert into tag_rule (name, enabled, condition, action, tag_ids, created_by)
                select name, false, condition, action, tag_ids, 'admin' from tag_rule where id = ? returning id""", rule);

        var refused = mvc.perform(post("/rules/" + rule + "/restore")
                        .with(demo.as("admin"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/rules/deleted"))
                .andReturn();
        mvc.perform(get("/rules/deleted").with(demo.as("admin")).cookie(ConsoleSessions.of(refused)))
                .andExpect(content().string(containsString("已有名为「" + RULE + "」的规则。请先给那条规则改名")));
        mvc.perform(post("/api/v1/rules/" + rule + "/restore").with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("RULE_RESTORE_NAME_TAKEN"));
        assertThat(demo.count("select count(*) from tag_rule where id = ? and deleted_at is not null", rule))
                .isEqualTo(1);

        demo.update("update tag_rule set name = '复制的规则' where id = ?", copy);
        mvc.perform(post("/rules/" + rule + "/restore").with(demo.as("admin")).with(csrf()))
                .andExpect(redirectedUrl("/rules/" + rule));
        mvc.perform(get("/rules/" + rule).with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(RULE)));
        assertThat(demo.count(
                        "select count(*) from tag_rule where id = ? and deleted_at is null and not enabled", rule))
                .isEqualTo(1);
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'RULE_RESTORED' and target_id = ?",
                        String.valueOf(rule)))
                .isEqualTo(1);
    }

    @Test
    void onlyAdminsRestoreAndOpsSeeOnlyTheDeletedRulesOfTheirScope() throws Exception {
        deleteOnThePage(); // applies to HQ with its sub-departments: every OPS user reads it
        long purchaseOnly = demo.count("""
                insert into tag_rule (name, enabled, condition, action, tag_ids, created_by, deleted_at, deleted_by)
                values ('采购部的规则', false, '{"all":[{"inactiveDays":30}]}', '{"add":[],"remove":[]}', '{}', 'admin', now(), 'admin')
                returning id""");
        demo.update(
                "insert into tag_rule_department (rule_id, department_id, include_sub_departments) values (?, ?, false)",
                purchaseOnly,
                demo.departmentId("PUR"));

        mvc.perform(get("/rules/deleted").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(RULE)))
                .andExpect(content().string(not(containsString("采购部的规则"))));
        mvc.perform(get("/rules/deleted").with(demo.as("ops.purchase")))
                .andExpect(content().string(containsString("采购部的规则")));
        mvc.perform(post("/rules/" + rule + "/restore")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/rules/" + purchaseOnly + "/restore").with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isForbidden());
        // A live rule, or one that does not exist, is not in the bin.
        long live = demo.count("""
                insert into tag_rule (name, enabled, condition, action, tag_ids, created_by)
                values ('在用的规则', false, '{"all":[{"inactiveDays":30}]}', '{"add":[],"remove":[]}', '{}', 'admin')
                returning id""");
        mvc.perform(post("/api/v1/rules/" + live + "/restore").with(ADMIN)).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/rules/999999/restore").with(ADMIN)).andExpect(status().isNotFound());
    }

    @Test
    void aDeletedRuleTakesNoPartInTheChecksOfOtherRules() throws Exception {
        mvc.perform(delete("/api/v1/rules/" + rule).with(ADMIN)).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/rules/deleted").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(rule))
                .andExpect(jsonPath("$.items[0].name").value(RULE));

        // The same rule again, enabled, under the freed name: neither a name clash nor a conflict with itself.
        long waiting = demo.count("select id from tag where name = '待激活'");
        mvc.perform(post("/api/v1/rules")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","enabled":true,
                                 "condition":{"all":[{"inactiveDays":7},{"status":"ACTIVE"}]},
                                 "action":{"add":[%d],"remove":[],"shelfLifeDays":14},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(RULE, waiting, demo.departmentId("HQ")))
                        .with(ADMIN))
                .andExpect(status().isCreated());
    }

    @Test
    void thePurgeRemovesRulesDeletedLongerAgoThanThePeriodAndKeepsTheirAssignments() throws Exception {
        long assignments = demo.count("select count(*) from member_tag where rule_id = ?", rule);
        deleteOnThePage();
        long recent = demo.count("""
                insert into tag_rule (name, enabled, condition, action, tag_ids, created_by, deleted_at, deleted_by)
                values ('昨天删除的规则', false, '{"all":[{"inactiveDays":30}]}', '{"add":[],"remove":[]}', '{}', 'admin',
                        now() - interval '1 day', 'admin') returning id""");
        demo.update("update tag_rule set deleted_at = now() - interval '31 days' where id = ?", rule);

        assertThat(bin.purgeExpired()).isEqualTo(1);

        assertThat(demo.count("select count(*) from tag_rule where id = ?", rule))
                .isZero();
        assertThat(demo.count("select count(*) from tag_rule where id = ?", recent))
                .isEqualTo(1);
        assertThat(demo.count("select count(*) from member_tag where rule_id = ?", rule))
                .isZero();
        assertThat(demo.count("select count(*) from member_tag where tag_id = (select id from tag where name = '待激活')"))
                .isEqualTo(assignments);
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'RULE_PURGED' and after_state::text like ?",
                        "%" + RULE + "%"))
                .isEqualTo(1);
        assertThat(bin.purgeExpired()).isZero();
    }
}
