package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import dev.tagdesk.support.DepartmentChain;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The condition builder, the tag pickers and the department tree in Chromium, on a desktop and on a
 * phone: an admin builds a rule with an any-of group of two clauses, picks tags by typing in the
 * pickers' search, picks a department four levels down by opening the tree, dry-runs, saves and finds
 * it intact on reopening; the same tree chooses a tag's visibility and drives its reach preview. No
 * page scrolls sideways, and nothing breaks the Content-Security-Policy.
 */
class RuleBuilderBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DepartmentChain chain;

    long id(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    long department(String code) {
        return id("select id from department where code = ?", code);
    }

    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void anAdminBuildsAnAnyGroupWithSearchedTagsAndADeepDepartmentDryRunsSavesAndReopensIt(int width) {
        List<Long> deep = chain.under("SALES-E", "上海一部", "浦东组");
        long shanghai = deep.get(0);
        long hq = department("HQ");
        long sales = department("SALES");
        long east = department("SALES-E");

        Page page = loggedIn("admin");
        page.setViewportSize(width, 900);
        HostileTextBrowserIT.Watch watch = new HostileTextBrowserIT.Watch(page);
        page.navigate(url("/rules/new"));
        BrowserSupport.ready(page);
        page.locator("#name").fill("沉睡或上海推美妆");

        // Clause 1: inactive for 20 days. A clause shows only the inputs of its type.
        Locator first = page.locator("[id='clauses0']");
        assertThat(first.locator(".td-field-days")).isHidden();
        page.locator("[id='clauses0.type']").selectOption("inactiveDays");
        assertThat(first.locator(".td-field-days")).isVisible();
        assertThat(first.locator(".td-field-tag")).isHidden();
        assertThat(first.locator(".td-field-department")).isHidden();
        page.locator("[id='clauses0.days']").fill("20");

        // A clause added and removed again, in place.
        page.locator("#add-clause").click();
        assertThat(page.locator("#clauses > li")).hasCount(2);
        assertThat(page.locator("[id='clauses1.type']")).isFocused();
        page.locator("[id='clauses1'] .td-remove-clause").click();
        assertThat(page.locator("#clauses > li")).hasCount(1);
        assertThat(page.locator("[id='clauses0.days']")).hasValue("20");

        // Clause 2: a group, any of: has 偏好_数码 / member of 上海一部 (with its sub-departments).
        page.locator("#add-group").click();
        assertThat(page.locator("[id='clauses1.clauses0.type']")).isFocused();
        page.locator("[id='clauses1.match']").selectOption("any");
        page.locator("[id='clauses1.clauses0.type']").selectOption("hasTag");
        Pickers.pickTag(page, "clauses1.clauses0.tagId", "数码", "偏好_数码");
        page.locator("#add-to-clauses1").click();
        page.locator("[id='clauses1.clauses1.type']").selectOption("department");
        Locator departmentField = page.locator("[id='clauses1.clauses1'] .td-field-department");
        assertThat(departmentField).isVisible();
        assertThat(departmentField.locator("#c1-1-dept-" + east)).hasCount(0); // not loaded until 销售部 opens
        Pickers.openDepartment(page, "c1-1-dept", sales);
        Pickers.openDepartment(page, "c1-1-dept", east);
        page.locator("label[for='c1-1-dept-" + shanghai + "']").click();
        page.locator("label[for='clauses1.clauses1.includeSub']").click();
        assertThat(page.locator("#c1-1-dept-" + shanghai)).isChecked();
        assertThat(page.locator("[id='clauses1.clauses1.includeSub']")).isChecked();
        // what was chosen before the builder changed is still there
        assertThat(page.locator("[id='clauses1.match']")).hasValue("any");
        assertThat(page.locator("[id='clauses1.clauses0.tagId']"))
                .hasValue(String.valueOf(id("select id from tag where name = '偏好_数码'")));

        // The action: two tags picked by typing, shown as chips; one removed and picked again.
        Pickers.pickTag(page, "addTagIds", "美妆", "偏好_美妆");
        Pickers.pickTag(page, "addTagIds", "户外", "偏好_户外运动");
        Locator chips = page.locator("#addTagIds + .ts-wrapper .td-chip");
        assertThat(chips).hasCount(2);
        assertThat(chips.first()).containsText("偏好_美妆");
        chips.last().locator(".td-chip-remove").click();
        assertThat(chips).hasCount(1);
        Pickers.pickTag(page, "addTagIds", "户外", "偏好_户外运动");
        assertThat(chips).hasCount(2);
        // leaving the picker keeps its height, so nothing below moves under the pointer
        Locator box = page.locator("#addTagIds + .ts-wrapper");
        double focused = box.boundingBox().height;
        page.locator("#shelfLifeDays").focus();
        assertThat(box).not().hasClass(Pattern.compile("\\bfocus\\b"));
        org.assertj.core.api.Assertions.assertThat(box.boundingBox().height).isEqualTo(focused);

        // The departments it applies to: the whole company.
        page.locator("label[for='dept-" + hq + "']").click();
        page.locator("label[for='dept-sub-" + hq + "']").click();
        assertThat(page.locator("#dept-" + hq)).isChecked();
        assertThat(page.locator("#dept-sub-" + hq)).isChecked();
        noHorizontalScroll(page, "rule form at " + width);
        BrowserSupport.screenshot(page, "rule-builder-" + width);

        page.locator("#preview-rule").click();
        assertThat(page.locator("#dry-run")).containsText("会给");
        assertThat(page.locator("#dry-run")).containsText("偏好_美妆");
        // the dry run gives the form back as built
        assertThat(page.locator("[id='clauses1.match']")).hasValue("any");
        assertThat(page.locator("#c1-1-dept-" + shanghai)).isChecked();
        assertThat(page.locator("#addTagIds + .ts-wrapper .td-chip")).hasCount(2);
        BrowserSupport.screenshot(page, "rule-builder-dry-run-" + width);

        page.locator("#save-rule").click();
        assertThat(page.locator("#flash")).containsText("沉睡或上海推美妆");
        long rule = id("select id from tag_rule where name = '沉睡或上海推美妆'");
        assertThat(page).hasURL(Pattern.compile(".*/rules/" + rule + "$"));
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select condition::text from tag_rule where id = ?")
                        .param(rule)
                        .query(String.class)
                        .single())
                .isEqualTo("{\"all\": [{\"inactiveDays\": 20}, {\"any\": [{\"hasTag\": "
                        + id("select id from tag where name = '偏好_数码'") + "}, {\"departmentId\": " + shanghai
                        + ", \"includeSubDepartments\": true}]}]}");

        page.navigate(url("/rules/" + rule));
        BrowserSupport.ready(page);
        assertThat(page.locator("[id='clauses0.type']")).hasValue("inactiveDays");
        assertThat(page.locator("[id='clauses0.days']")).hasValue("20");
        assertThat(page.locator("[id='clauses1.match']")).hasValue("any");
        assertThat(page.locator("[id='clauses1.clauses0'] .ts-control")).containsText("偏好_数码");
        assertThat(page.locator("#c1-1-dept-" + shanghai)).isChecked();
        assertThat(page.locator("#c1-1-dept-" + shanghai)).isVisible();
        assertThat(page.locator("[id='clauses1.clauses1.includeSub']")).isChecked();
        // the chosen tags as chips, in the pickers' order
        assertThat(page.locator("#addTagIds + .ts-wrapper .td-chip")).hasText(new String[] {"偏好_户外运动×", "偏好_美妆×"});
        assertThat(page.locator("#dept-sub-" + hq)).isChecked();
        noHorizontalScroll(page, "saved rule at " + width);
        BrowserSupport.screenshot(page, "rule-builder-saved-" + width);
        page.close();
        watch.assertNothingRan();
    }

    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void theSameTreeChoosesATagsVisibilityFourLevelsDownAndTheReachFollows(int width) {
        List<Long> deep = chain.under("SALES-E", "上海一部", "浦东组");
        long shanghai = deep.get(0);
        long sales = department("SALES");
        long east = department("SALES-E");
        // two members in the new departments, so the reach can count them
        jdbc.sql("""
                        insert into member_department (member_id, department_id)
                        select m.id, ? from member m order by m.account limit 2""").param(deep.get(1)).update();

        Page page = loggedIn("admin");
        page.setViewportSize(width, 900);
        HostileTextBrowserIT.Watch watch = new HostileTextBrowserIT.Watch(page);
        page.navigate(url("/tags/new"));
        BrowserSupport.ready(page);
        page.locator("#name").fill("渠道_上海沙龙");
        page.locator("#groupId").selectOption(new SelectOption().setLabel("客户来源 · 静态属性"));
        page.locator("#color").fill("#264653");

        Pickers.openDepartment(page, "visible", sales);
        Pickers.openDepartment(page, "visible", east);
        page.locator("label[for='visible-" + shanghai + "']").click();
        assertThat(page.locator("#reach")).containsText("可见于 1 个部门，0 名成员");
        page.locator("label[for='visible-sub-" + shanghai + "']").click();
        assertThat(page.locator("#reach")).containsText("可见于 2 个部门，2 名成员");
        assertThat(page.locator("#reach")).containsText("上海一部，含下级部门：浦东组");
        noHorizontalScroll(page, "tag form at " + width);
        BrowserSupport.screenshot(page, "tag-visibility-tree-" + width);

        page.locator("#save-tag").click();
        assertThat(page.locator("#flash")).hasText("已创建标签「渠道_上海沙龙」。");
        assertThat(page.locator("#visible-" + shanghai)).isChecked();
        assertThat(page.locator("#visible-sub-" + shanghai)).isChecked();
        assertThat(page.locator("#visible-" + shanghai)).isVisible();
        assertThat(page.locator("#reach")).containsText("可见于 2 个部门，2 名成员");
        page.close();
        watch.assertNothingRan();
    }

    @org.junit.jupiter.api.Test
    void withoutJavaScriptTheBuilderStillAddsAndRemovesClausesAndShowsOnlyEachClausesInputs() {
        Page page = browser.newPageWithoutScripts();
        page.navigate(url("/login"));
        logIn(page, "admin", "tagdesk-demo");
        page.navigate(url("/rules/new"));
        page.locator("#name").fill("无脚本规则");
        page.locator("[id='clauses0.type']").selectOption("lacksTag");
        // CSS alone shows the inputs of the chosen type: the plain tag list, no days
        assertThat(page.locator("[id='clauses0.tagId']")).isVisible();
        assertThat(page.locator("[id='clauses0.days']")).isHidden();
        page.locator("[id='clauses0.tagId']").selectOption(new SelectOption().setLabel("待激活"));

        page.locator("#add-group").click();
        assertThat(page).hasURL(Pattern.compile(".*/rules$"));
        assertThat(page.locator("[id='clauses0.tagId']"))
                .hasValue(String.valueOf(id("select id from tag where name = '待激活'")));
        assertThat(page.locator("[id='clauses1.clauses0.type']")).isVisible();
        page.locator("[id='clauses1.clauses0.type']").selectOption("inactiveDays");
        page.locator("[id='clauses1.clauses0.days']").fill("9");
        page.locator("#add-to-clauses1").click();
        assertThat(page.locator("[id='clauses1'] .td-clause")).hasCount(2);
        page.locator("[id='clauses1.clauses1'] .td-remove-clause").click();
        assertThat(page.locator("[id='clauses1'] .td-clause")).hasCount(1);
        assertThat(page.locator("[id='clauses1.clauses0.days']")).hasValue("9");

        // the action's tags in the plain multiple select, the departments in the tree as it opened
        page.locator("#addTagIds").selectOption(new SelectOption().setLabel("偏好_数码"));
        page.locator("#dept-" + department("HQ")).check();
        page.locator("#dept-sub-" + department("HQ")).check();
        page.locator("#save-rule").click();
        assertThat(page.locator("#flash")).containsText("无脚本规则");
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select condition::text from tag_rule where name = '无脚本规则'")
                        .query(String.class)
                        .single())
                .isEqualTo("{\"all\": [{\"lacksTag\": " + id("select id from tag where name = '待激活'")
                        + "}, {\"all\": [{\"inactiveDays\": 9}]}]}");
        BrowserSupport.screenshot(page, "rule-builder-without-scripts");
        page.context().close();
    }

    @org.junit.jupiter.api.Test
    void aDeletedTagTheRuleNamesReadsAsDeletedInItsPicker() {
        jdbc.sql("""
                        update tag set deleted_at = now(), deleted_by = (select id from app_user where username = 'admin')
                        where name = '待激活'""").update();
        jdbc.sql("update tag_rule set enabled = false").update();
        long rule = id("select id from tag_rule where name = '7天未活跃待激活'");

        Page page = loggedIn("admin");
        page.setViewportSize(1440, 900);
        HostileTextBrowserIT.Watch watch = new HostileTextBrowserIT.Watch(page);
        page.navigate(url("/rules/" + rule));
        BrowserSupport.ready(page);
        Locator chip = page.locator("#addTagIds + .ts-wrapper .td-chip");
        assertThat(chip).hasText("已删除的标签「待激活」×");
        assertThat(chip).hasClass(Pattern.compile("td-deleted"));
        // a chosen tag is not offered again; in another picker the deleted tag is offered as deleted
        Pickers.search(page, "addTagIds", "待激活");
        assertThat(page.locator("#addTagIds-ts-dropdown .no-results")).hasText("没有匹配的标签");
        page.keyboard().press("Escape");
        Pickers.search(page, "removeTagIds", "待激活");
        Locator offered = page.locator("#removeTagIds-ts-dropdown .option");
        assertThat(offered).hasCount(1);
        assertThat(offered).hasText("已删除的标签「待激活」");
        assertThat(offered).hasClass(Pattern.compile("td-deleted"));
        BrowserSupport.screenshot(page, "rule-deleted-tag-chip");
        page.close();
        watch.assertNothingRan();
    }

    private static void noHorizontalScroll(Page page, String where) {
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .as(where + ": sideways scroll")
                .isLessThanOrEqualTo(0);
    }
}
