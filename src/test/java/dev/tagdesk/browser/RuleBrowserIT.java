package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An admin writes an auto-tag rule, reads its dry run, saves and runs it, and cannot save a looping pair. */
class RuleBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    long id(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    long tag(String name) {
        return id("""
                insert into tag (group_id, name, normalized_name, color, whole_company)
                values ((select id from tag_group where name = '消费偏好'), ?, ?, '#FFAA00', true) returning id""", name, name);
    }

    void appliesToTheWholeCompany(Page page) {
        long hq = id("select id from department where code = 'HQ'");
        page.locator("#dept-" + hq).check();
        page.locator("#dept-sub-" + hq).check();
    }

    @Test
    void anAdminCreatesARuleSeesTheDryRunSavesRunsItAndReadsTheHistory() {
        long digital = id("select id from tag where name = '偏好_数码'");
        long expected = id("""
                select count(*) from member m where m.last_active_at <= now() - interval '20 days'
                  and not exists (select 1 from member_tag mt where mt.member_id = m.id and mt.tag_id = ?)""", digital);

        Page page = loggedIn("admin");
        page.navigate(url("/rules"));
        BrowserSupport.ready(page);
        assertThat(page.locator("#rules")).containsText("7天未活跃待激活");
        page.locator("#new-rule").click();
        BrowserSupport.ready(page);
        page.locator("#name").fill("20天未活跃推数码");
        page.locator("[id='clauses0.type']").selectOption("inactiveDays");
        page.locator("[id='clauses0.days']").fill("20");
        Pickers.pickTag(page, "addTagIds", "数码", "偏好_数码");
        appliesToTheWholeCompany(page);
        page.locator("#preview-rule").click();

        assertThat(page.locator("#dry-run")).containsText("会给 " + String.format("%,d", expected) + " 名成员添加「偏好_数码」");
        BrowserSupport.screenshot(page, "rule-dry-run");
        page.locator("#save-rule").click();
        assertThat(page.locator("#flash")).containsText("20天未活跃推数码");

        // Deleting asks first; saying no keeps the rule.
        java.util.List<String> asked = new java.util.ArrayList<>();
        page.onceDialog(dialog -> {
            asked.add(dialog.message());
            dialog.dismiss();
        });
        page.locator("#delete-rule").click();
        assertThat(page.locator("#run-rule")).isVisible();
        // Running asks first too, saying what it does; yes runs it.
        page.onceDialog(dialog -> {
            asked.add(dialog.message());
            dialog.accept();
        });
        page.locator("#run-rule").click();
        assertThat(page).hasURL(Pattern.compile(".*/rules/runs$"));
        org.assertj.core.api.Assertions.assertThat(asked)
                .containsExactly(
                        "删除规则「20天未活跃推数码」吗？规则会停用，并在“已删除的规则”中保留一个回收站周期，管理员可以恢复；删除会记入审计日志。",
                        "立即运行规则「20天未活跃推数码」吗？按当前条件，它会添加 " + String.format("%,d", expected)
                                + " 处、移除 0 处标签（第一轮；规则之间还可能相互触发），并记入运行记录。");
        assertThat(page.locator("#runs tbody tr").first()).containsText("完成");
        assertThat(page.locator("#runs tbody tr").first()).containsText("20天未活跃推数码");
        assertThat(page.locator("#runs tbody tr").first()).containsText("+" + expected);
        BrowserSupport.screenshot(page, "rule-runs");

        String account = jdbc.sql("""
                        select m.account from member_tag mt join member m on m.id = mt.member_id
                        where mt.tag_id = ? and mt.source = 'RULE' order by m.account limit 1""").param(digital).query(String.class).single();
        page.navigate(url("/members/" + account));
        assertThat(page.locator("#member-tags")).containsText("由规则「20天未活跃推数码」添加");
    }

    @Test
    void theLoopingPairCannotBeSavedAndTheErrorNamesTheCycle() {
        long active = tag("活跃客户");
        long silent = tag("沉默客户");
        long hq = id("select id from department where code = 'HQ'");
        long first = id(
                """
                insert into tag_rule (name, enabled, condition, action, tag_ids, created_by)
                values ('沉默客户', true, cast(? as jsonb), cast(? as jsonb), cast(? as bigint[]), 'admin') returning id""",
                "{\"all\":[{\"inactiveDays\":30},{\"hasTag\":" + active + "}]}",
                "{\"add\":[" + silent + "],\"remove\":[" + active + "]}",
                "{" + active + "," + silent + "}");
        jdbc.sql("insert into tag_rule_department values (?, ?, true)")
                .params(first, hq)
                .update();

        Page page = loggedIn("admin");
        page.navigate(url("/rules/new"));
        BrowserSupport.ready(page);
        page.locator("#name").fill("唤醒");
        page.locator("[id='clauses0.type']").selectOption("hasTag");
        Pickers.pickTag(page, "clauses0.tagId", "沉默", "沉默客户");
        Pickers.pickTag(page, "addTagIds", "活跃", "活跃客户");
        Pickers.pickTag(page, "removeTagIds", "沉默", "沉默客户");
        appliesToTheWholeCompany(page);
        page.locator("#save-rule").click();

        assertThat(page.locator("#refusals")).containsText("来回翻转");
        assertThat(page.locator("#refusals")).containsText(Pattern.compile("(沉默客户|活跃客户) → (沉默客户|活跃客户) →"));
        assertThat(page.locator("#refusals")).containsText("唤醒");
        BrowserSupport.screenshot(page, "rule-cycle-refused");
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select name from tag_rule order by id")
                        .query(String.class)
                        .list())
                .isEqualTo(List.of("7天未活跃待激活", "三个月内重复咨询相同产品", "点击产品手册链接超 3 次", "沉默客户"));
    }
}
