package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.rule.RuleCondition.All;
import dev.tagdesk.rule.RuleCondition.HasStatus;
import dev.tagdesk.rule.RuleCondition.HasTag;
import dev.tagdesk.rule.RuleCondition.InactiveDays;
import dev.tagdesk.rule.RuleCondition.LacksTag;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.tag.internal.Assignments;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** Saving rules: the loop and conflict checks, visibility of their tags, and who may see and change them. */
@WebTest
class AutoTagRulesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    CurrentScope scopes;

    @Autowired
    AutoTagRules rules;

    @Autowired
    RuleEffects effects;

    @Autowired
    RuleRuns runs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatementCounter statements;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    Scope admin;
    long active;
    long silent;
    long hq;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        admin = scopes.of(demo.user("admin"));
        active = tag("活跃客户");
        silent = tag("沉默客户");
        hq = demo.departmentId("HQ");
    }

    long tag(String name) {
        return jdbc.sql("""
                        insert into tag (group_id, name, normalized_name, color, whole_company)
                        values ((select id from tag_group where name = '消费偏好'), ?, ?, '#FFAA00', true) returning id""").params(name, name).query(Long.class).single();
    }

    RuleDefinition rule(String name, RuleCondition condition, List<Long> add, List<Long> remove) {
        return new RuleDefinition(
                name,
                true,
                condition,
                new RuleAction(add, remove, null),
                List.of(new RuleDefinition.Department(hq, true)));
    }

    @Test
    void theSilentAndWakeUpPairIsRefusedNamingTheCycle() throws Exception {
        rules.create(
                admin,
                rule(
                        "沉默客户",
                        new All(List.of(new InactiveDays(30), new HasTag(active))),
                        List.of(silent),
                        List.of(active)));

        mvc.perform(post("/api/v1/rules")
                        .with(httpBasic("admin", "tagdesk-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"唤醒","enabled":false,"condition":{"hasTag":%d},
                                 "action":{"add":[%d],"remove":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(silent, active, silent, hq)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("RULE_CYCLE"))
                .andExpect(jsonPath("$.cycle.length()").value(3))
                .andExpect(jsonPath("$.rules.length()").value(2))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("→")));
        assertThat(demo.count("select count(*) from tag_rule where name = '唤醒'"))
                .isZero();
    }

    @Test
    void twoRulesFightingOverATagConflictUnlessTheirConditionsExcludeEachOther() {
        long vip = tag("重点客户");
        rules.create(admin, rule("加重点", new InactiveDays(3), List.of(vip), List.of()));

        assertThatThrownBy(() -> rules.create(admin, rule("去重点", new HasStatus("ACTIVE"), List.of(), List.of(vip))))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.code()).isEqualTo("RULE_CONFLICT"));

        long marker = tag("标记");
        rules.create(admin, rule("加重点2", new HasTag(marker), List.of(vip), List.of()));
        // Disabled, the first rule is out of the way; with has/lacks 标记 the other two never meet.
        rules.setEnabled(
                admin,
                rules.list(admin).stream()
                        .filter(r -> r.name().equals("加重点"))
                        .findFirst()
                        .orElseThrow()
                        .id(),
                false);
        assertThat(rules.create(admin, rule("去重点", new LacksTag(marker), List.of(), List.of(vip)))
                        .enabled())
                .isTrue();
    }

    @Test
    void aRuleMayOnlyNameTagsVisibleToItsDepartments() {
        long salesOnly = demo.count("select id from tag where name = 'SALES_大客户'");
        RuleDefinition forPurchasing = new RuleDefinition(
                "采购大客户",
                true,
                new InactiveDays(7),
                new RuleAction(List.of(salesOnly), List.of(), null),
                List.of(new RuleDefinition.Department(demo.departmentId("PUR"), false)));

        assertThatThrownBy(() -> rules.create(admin, forPurchasing))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.code()).isEqualTo("RULE_TAG_NOT_VISIBLE"));
    }

    @Test
    void opsReadOnlyTheRulesTouchingTheirDepartmentAndChangeNone() throws Exception {
        long purchasing = demo.departmentId("PUR");
        long purTag = demo.count("select id from tag where name = 'PUR_供应商_一级'");
        RuleViews.RuleView purRule = rules.create(
                admin,
                new RuleDefinition(
                        "采购沉睡",
                        true,
                        new InactiveDays(20),
                        new RuleAction(List.of(purTag), List.of(), null),
                        List.of(new RuleDefinition.Department(purchasing, false))));
        Scope opsSales = scopes.of(demo.user("ops.sales"));

        // The demo's rules apply to 总公司 with its sub-departments: every OPS user reads them.
        List<String> demoRules = List.of("7天未活跃待激活", "三个月内重复咨询相同产品", "点击产品手册链接超 3 次");
        assertThat(rules.list(opsSales))
                .extracting(RuleViews.RuleView::name)
                .containsExactlyInAnyOrderElementsOf(demoRules);
        List<String> purchaseRules = new java.util.ArrayList<>(demoRules);
        purchaseRules.add("采购沉睡");
        assertThat(rules.list(scopes.of(demo.user("ops.purchase"))))
                .extracting(RuleViews.RuleView::name)
                .containsExactlyInAnyOrderElementsOf(purchaseRules);
        assertThat(rules.list(scopes.of(demo.user("auditor")))).hasSize(4);
        assertThatThrownBy(() -> rules.get(opsSales, purRule.id())).isInstanceOf(NotFoundException.class);
        mvc.perform(get("/api/v1/rules/" + purRule.id()).with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/rules/run").with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isForbidden());
        assertThatThrownBy(() -> rules.create(opsSales, rule("x", new InactiveDays(1), List.of(active), List.of())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> runs.runNow(opsSales, null)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theSevenDayInactivityRuleTagsExactlyTheInactiveMembersOnceAndItsDryRunSaysSoBefore() {
        RuleViews.RuleView seeded = rules.list(admin).get(0);
        long waiting = demo.count("select id from tag where name = '待激活'");
        long expected = demo.count("""
                select count(*) from member m where m.status = 'ACTIVE' and m.last_active_at <= now() - interval '7 days'
                  and not exists (select 1 from member_tag mt where mt.member_id = m.id and mt.tag_id = ?)""", waiting);
        assertThat(expected).isGreaterThan(50);

        RuleViews.Preview preview = rules.dryRun(admin, seeded.definition());
        assertThat(preview.toAdd()).singleElement().satisfies(c -> assertThat(c.members())
                .isEqualTo(expected));
        assertThat(preview.sample()).hasSize(10);

        RuleViews.RunView run = runs.runNow(admin, seeded.id());

        assertThat(run.status()).isEqualTo("DONE");
        assertThat(run.added()).isEqualTo(expected);
        assertThat(demo.count("""
                select count(*) from member_tag where tag_id = ? and source = 'RULE' and rule_id = ?
                  and expires_at between now() + interval '13 days' and now() + interval '15 days'""", waiting, seeded.id())).isEqualTo(expected);
        assertThat(demo.count("select count(*) from audit_event where action = 'RULE_APPLIED'"))
                .isEqualTo(1);
        assertThat(runs.runNow(admin, seeded.id()).added()).isZero();
    }

    @Test
    void aRuleIsAppliedInOneStatementAfterTheBulkWriteLockWhateverHowManyMembersItMatches() {
        RuleDefinition few =
                rule("少", new All(List.of(new InactiveDays(29), new HasStatus("LEFT"))), List.of(active), List.of());
        RuleDefinition many = rule("多", new InactiveDays(1), List.of(silent), List.of());
        long run = jdbc.sql("insert into rule_run (trigger, started_by) values ('MANUAL', 'admin') returning id")
                .query(Long.class)
                .single();

        statements.reset();
        RuleEffects.Applied onFew = transactions.execute(s -> effects.apply(1, few, run, "admin", true));
        int forFew = statements.count();
        statements.reset();
        RuleEffects.Applied onMany = transactions.execute(s -> effects.apply(2, many, run, "admin", true));
        int forMany = statements.count();

        assertThat(onMany.added()).isGreaterThan(200).isGreaterThan(onFew.added() * 10);
        // The bulk-write lock, then the one statement that applies the rule.
        assertThat(forFew).isEqualTo(2);
        assertThat(forMany).isEqualTo(2);
    }

    /**
     * A rule's step and an import's apply are bulk writes of the same table: the step waits while an
     * apply holds the bulk-write lock (as two applies do), so the two end as if one came after the other.
     */
    @Test
    void aRuleStepWaitsForAnImportBeingAppliedAndThenRuns() throws Exception {
        rules.create(admin, rule("加活跃", new InactiveDays(1), List.of(active), List.of()));
        CompletableFuture<RuleViews.RunView> run;
        try (Connection applying = dataSource.getConnection()) {
            applying.setAutoCommit(false);
            try (Statement lock = applying.createStatement()) {
                lock.execute(Assignments.TAKE_BULK_WRITE_LOCK);
            }
            run = CompletableFuture.supplyAsync(() -> runs.runNow(admin, null));
            long waiting = 0;
            for (int i = 0; i < 100 && waiting == 0; i++) {
                Thread.sleep(50);
                waiting = demo.count("select count(*) from pg_locks where locktype = 'advisory' and not granted");
            }
            assertThat(waiting).as("the rule's step waits for the lock").isOne();
            assertThat(run).isNotDone();
            assertThat(demo.count("select count(*) from member_tag where tag_id = ?", active))
                    .isZero();
            applying.rollback();
        }
        RuleViews.RunView done = run.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(demo.count("select count(*) from member_tag where tag_id = ?", active))
                .isGreaterThan(200);
    }

    @Test
    void aRunStopsWhenTwoRulesWouldChangeOneMembersTagTwice() {
        // Saved past the checks (as if written before them): one adds 活跃客户, the other removes it.
        RuleViews.RuleView adds = rules.create(admin, rule("加活跃", new InactiveDays(1), List.of(active), List.of()));
        jdbc.sql("""
                        insert into tag_rule (name, enabled, condition, action, tag_ids, created_by)
                        values ('去活跃', true, '{"inactiveDays":1}', cast(? as jsonb), cast(? as bigint[]), 'admin')""")
                .params("{\"add\":[],\"remove\":[" + active + "]}", "{" + active + "}")
                .update();
        long removerId = demo.count("select id from tag_rule where name = '去活跃'");
        jdbc.sql("insert into tag_rule_department values (?, ?, true)")
                .params(removerId, hq)
                .update();

        RuleViews.RunView run = runs.runNow(admin, null);

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.reason()).isEqualTo("CHANGED_TWICE");
        assertThat(run.reasonArgs()).contains("活跃客户");
        // The failing rule's change was rolled back; the first rule's stays, and the run says so.
        RuleViews.StepView added = run.steps().stream()
                .filter(step -> step.ruleId() == adds.id())
                .findFirst()
                .orElseThrow();
        assertThat(added.added()).isGreaterThan(200);
        assertThat(demo.count("select count(*) from member_tag where tag_id = ?", active))
                .isEqualTo(added.added());
        assertThat(run.steps()).last().satisfies(step -> assertThat(step.status())
                .isEqualTo("FAILED"));
        assertThat(demo.count("select count(*) from rule_run_change")).isZero();
    }
}
