package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import dev.tagdesk.tag.segment.FollowUpFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Segments in Chromium, on a desktop and on a phone: an OPS user builds a segment in the builder (tag
 * pickers, a group, a department four levels of the tree away), watches its live count follow, saves
 * it, reads its members, exports them and shares it; and the priority follow-up list on the home page
 * of 销售部's operations staff, newest first, leading to its own page. No page scrolls sideways, and
 * nothing breaks the Content-Security-Policy.
 */
class SegmentBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** Members of 销售部's subtree carrying the tag (and, with {@code within}, got it in the last 30 days). */
    long salesCarriers(String tag, boolean within) {
        return count("""
                select count(distinct mt.member_id) from live_member_tag mt join tag t on t.id = mt.tag_id
                join member_department md on md.member_id = mt.member_id join department d on d.id = md.department_id
                where t.name = ? and d.path like (select path from department where code = 'SALES') || '%'
                  and (not ? or mt.assigned_at > now() - interval '30 days')""", tag, within);
    }

    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void anOpsUserBuildsASegmentWatchesItsCountSavesExportsAndSharesIt(int width) throws Exception {
        long east = count("select id from department where code = 'SALES-E'");
        Page page = loggedIn("ops.sales");
        page.setViewportSize(width, 900);
        HostileTextBrowserIT.Watch watch = new HostileTextBrowserIT.Watch(page);
        page.navigate(url("/segments"));
        BrowserSupport.ready(page);
        page.locator("#new-segment").click();
        BrowserSupport.ready(page);
        page.locator("#name").fill("数码且近期美妆");

        // Clause 1: carries 偏好_数码; the count follows (within the scope, as it says).
        page.locator("[id='clauses0.type']").selectOption("hasTag");
        assertThat(page.locator("[id='clauses0'] .td-field-days")).isHidden();
        pickTag(page, "clauses0.tagId", "数码", "偏好_数码");
        assertThat(page.locator("#segment-count .td-count-value"))
                .hasText(String.format("%,d", salesCarriers("偏好_数码", false)));
        assertThat(page.locator("#segment-count")).containsText("您的范围内");

        // Clause 2: a group, any of: got 偏好_美妆 within 30 days / belongs to 华东区 (with sub-departments).
        page.locator("#add-group").click();
        assertThat(page.locator("[id='clauses1.clauses0.type']")).isFocused();
        assertThat(page.locator("#segment-count .td-count-incomplete")).isVisible();
        page.locator("[id='clauses1.match']").selectOption("any");
        page.locator("[id='clauses1.clauses0.type']").selectOption("taggedWithinDays");
        assertThat(page.locator("[id='clauses1.clauses0'] .td-field-days")).isVisible();
        pickTag(page, "clauses1.clauses0.tagId", "美妆", "偏好_美妆");
        page.locator("[id='clauses1.clauses0.days']").fill("30");
        page.locator("#add-to-clauses1").click();
        page.locator("[id='clauses1.clauses1.type']").selectOption("department");
        page.locator("label[for='s1-1-dept-" + east + "']").click();
        page.locator("label[for='clauses1.clauses1.includeSub']").click();
        long expected = count("""
                select count(distinct m.id) from member m
                join member_department md on md.member_id = m.id join department d on d.id = md.department_id
                where d.path like (select path from department where code = 'SALES') || '%'
                  and exists (select 1 from live_member_tag x join tag t on t.id = x.tag_id where x.member_id = m.id and t.name = '偏好_数码')
                  and (exists (select 1 from live_member_tag x join tag t on t.id = x.tag_id where x.member_id = m.id
                               and t.name = '偏好_美妆' and x.assigned_at > now() - interval '30 days')
                       or exists (select 1 from member_department x join department xd on xd.id = x.department_id
                                  where x.member_id = m.id and xd.path like (select path from department where code = 'SALES-E') || '%'))""");
        assertThat(page.locator("#segment-count .td-count-value")).hasText(String.format("%,d", expected));
        noHorizontalScroll(page, "segment builder at " + width);
        BrowserSupport.screenshot(page, "segment-builder-" + width);

        page.locator("#save-segment").click();
        assertThat(page.locator("#flash")).containsText("数码且近期美妆");
        long id = count("select id from segment where name = '数码且近期美妆'");
        assertThat(page).hasURL(Pattern.compile(".*/segments/" + id + "$"));
        assertThat(page.locator("#segment-condition")).hasText("带有「偏好_数码」 且 (近 30 天内获得「偏好_美妆」 或 属于华东区（含下级部门）)");
        assertThat(page.locator("#segment-total")).containsText(String.format("%,d", expected));
        assertThat(page.locator("tr.segment-member")).hasCount((int) Math.min(20, expected));
        noHorizontalScroll(page, "segment page at " + width);
        BrowserSupport.screenshot(page, "segment-page-" + width);

        Download download =
                page.waitForDownload(() -> page.locator("#export-segment").click());
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename())
                .matches("人群_数码且近期美妆_\\d{4}-\\d\\d-\\d\\d\\.csv");
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(csv).startsWith("\uFEFF姓名,账号,标签,获得时间\r\n");
        org.assertj.core.api.Assertions.assertThat(csv.split("\r\n")).hasSize((int) expected + 1);

        page.locator("#share-panel summary").click();
        page.locator("label[for='share-" + east + "']").click();
        page.locator("#save-share").click();
        assertThat(page.locator("#flash")).containsText("共享已保存");
        assertThat(page.locator("#segment-shared")).hasText("华东区");
        page.close();
        watch.assertNothingRan();
    }

    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void theFollowUpListLeadsTheHomePageOfSalesOpsNewestFirst(int width) {
        FollowUpFixture fixture = new FollowUpFixture(jdbc).intentTags();
        Instant since = fixture.nightlyRunFinished(LocalDate.now().minusDays(2));
        String first = fixture.memberOf("SALES-E", 0);
        String second = fixture.memberOf("SALES-S", 0);
        String third = fixture.memberOf("SALES", 0);
        fixture.tagged(first, FollowUpFixture.HIGH_POTENTIAL, since.plus(Duration.ofHours(1)));
        fixture.tagged(second, FollowUpFixture.STRONG_INTEREST, since.plus(Duration.ofHours(3)));
        fixture.tagged(third, FollowUpFixture.HIGH_POTENTIAL, since.minus(Duration.ofHours(3)));

        Page page = loggedIn("ops.sales");
        page.setViewportSize(width, 900);
        HostileTextBrowserIT.Watch watch = new HostileTextBrowserIT.Watch(page);
        page.navigate(url("/"));
        BrowserSupport.ready(page);
        assertThat(page.locator("#attention-follow-up")).isVisible();
        assertThat(page.locator("#attention-follow-up .follow-up-member")).hasCount(2);
        assertThat(page.locator("#attention-follow-up .follow-up-member").first())
                .containsText(FollowUpFixture.STRONG_INTEREST);
        assertThat(page.locator("#attention-follow-up .follow-up-member").last())
                .containsText(FollowUpFixture.HIGH_POTENTIAL);
        assertThat(page.locator("#follow-up-since")).containsText("自上次夜间自动标签运行开始");
        noHorizontalScroll(page, "home page at " + width);
        BrowserSupport.screenshot(page, "follow-up-home-" + width);

        page.locator("#follow-up-all").click();
        assertThat(page).hasURL(Pattern.compile(".*/segments/follow-up$"));
        assertThat(page.locator("tr.segment-member")).hasCount(2);
        assertThat(page.locator("#follow-up-explained")).containsText(FollowUpFixture.HIGH_POTENTIAL);
        noHorizontalScroll(page, "follow-up list at " + width);
        BrowserSupport.screenshot(page, "follow-up-list-" + width);
        page.close();
        watch.assertNothingRan();
    }

    @ParameterizedTest
    @ValueSource(ints = {1440, 390})
    void anAdminChoosesADepartmentsFollowUpTagsAndTheListShowsThem(int width) {
        new FollowUpFixture(jdbc).intentTags();
        long east = count("select id from department where code = 'SALES-E'");
        long sales = count("select id from department where code = 'SALES'");
        Page page = loggedIn("admin");
        page.setViewportSize(width, 900);
        HostileTextBrowserIT.Watch watch = new HostileTextBrowserIT.Watch(page);
        page.navigate(url("/segments"));
        BrowserSupport.ready(page);
        assertThat(page.locator("tr.segment-row")).hasCount(2);
        noHorizontalScroll(page, "segment list at " + width);
        BrowserSupport.screenshot(page, "segment-list-" + width);
        page.locator("#follow-up-settings-link").click();
        BrowserSupport.ready(page);
        assertThat(page.locator("tr.follow-up-setting")).hasCount(1);
        assertThat(page.locator("tr.follow-up-setting")).containsText(FollowUpFixture.HIGH_POTENTIAL);

        Pickers.openDepartment(page, "followup-dept", sales);
        page.locator("label[for='followup-dept-" + east + "']").click();
        pickTag(page, "tagIds", "产品", FollowUpFixture.STRONG_INTEREST);
        page.locator("#save-follow-up").click();
        assertThat(page.locator("#flash")).containsText("华东区");
        assertThat(page.locator("tr.follow-up-setting")).hasCount(2);
        assertThat(page.locator("tr.follow-up-setting").last()).containsText("华东区");
        assertThat(page.locator("#followup-dept-" + east)).isChecked();
        assertThat(page.locator("#tagIds + .ts-wrapper .td-chip"))
                .hasText(new String[] {FollowUpFixture.STRONG_INTEREST + "×"});
        noHorizontalScroll(page, "follow-up settings at " + width);
        BrowserSupport.screenshot(page, "follow-up-settings-" + width);
        page.close();
        watch.assertNothingRan();
    }

    /**
     * {@link Pickers#pickTag}, once the picker has searched for what was typed: Tom Select searches a
     * moment after the typing, and a pick made before that would see the list open again.
     */
    private static void pickTag(Page page, String selectId, String typed, String label) {
        Pickers.search(page, selectId, typed);
        page.waitForFunction(
                "([id, typed]) => { const o = document.querySelectorAll(`[id='${id}-ts-dropdown'] .option`);"
                        + " return o.length > 0 && Array.from(o).every(e => e.textContent.includes(typed)); }",
                java.util.List.of(selectId, typed));
        page.locator("[id='" + selectId + "-ts-dropdown'] .option", new Page.LocatorOptions().setHasText(label))
                .click();
        Pickers.settle(page);
        assertThat(page.locator("[id='" + selectId + "-ts-dropdown']")).isHidden();
    }

    private static void noHorizontalScroll(Page page, String where) {
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .as(where + ": sideways scroll")
                .isLessThanOrEqualTo(0);
    }
}
