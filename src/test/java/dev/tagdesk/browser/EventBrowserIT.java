package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The 事件类型 page in a real browser: an admin declares a type with its properties through the form
 * and finds it in the list; operations staff read it. A member's page shows their recent behaviour
 * events, with a link to all of them filtered by type. At 1440 and 390 px.
 */
class EventBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAdminDeclaresAnEventTypeOnTheEventTypesPage() {
        Page page = loggedIn("admin");
        page.setViewportSize(1440, 900);
        page.navigate(url("/rules"));
        page.locator("#event-types-link").click();
        assertThat(page).hasURL(url("/event-types"));
        assertThat(page.locator("#event-type-table")).containsText("咨询");
        assertThat(page.locator("#event-type-table")).containsText("product: 文本");

        page.locator("#type-name").fill("visit");
        page.locator("#type-display").fill("到店");
        page.locator("#type-retention").fill("120");
        page.locator("#property-0").fill("store");
        page.locator("#property-1").fill("minutes");
        page.locator("#property-type-1").selectOption("NUMBER");
        BrowserSupport.screenshot(page, "event-types-form-1440");
        page.locator("#save-event-type").click();

        assertThat(page.locator("#flash")).containsText("已创建事件类型「到店」");
        assertThat(page.locator("#event-type-table")).containsText("visit");
        assertThat(page.locator("#event-type-table")).containsText("minutes: 数字");
        assertThat(page.locator("#event-type-table")).containsText("120 天");
        org.assertj.core.api.Assertions.assertThat(
                        jdbc.sql("select properties::text from event_type where name = 'visit'")
                                .query(String.class)
                                .single())
                .isEqualTo("{\"store\": \"STRING\", \"minutes\": \"NUMBER\"}");
        BrowserSupport.screenshot(page, "event-types-1440");

        page.locator("#event-type-table a", new Page.LocatorOptions().setHasText("到店"))
                .click();
        assertThat(page.locator("#type-name")).hasAttribute("readonly", "readonly");
        assertThat(page.locator("#property-0")).hasValue("minutes");
        assertThat(page.locator("#property-0")).hasAttribute("readonly", "readonly");
        page.locator("#type-display").fill("到店访问");
        page.locator("#save-event-type").click();
        assertThat(page.locator("#flash")).containsText("已保存事件类型「到店访问」");

        page.setViewportSize(390, 844);
        page.navigate(url("/event-types"));
        assertScrollsNotSideways(page);
        BrowserSupport.screenshot(page, "event-types-390");
        page.close();

        Page ops = loggedIn("ops.sales");
        ops.navigate(url("/event-types"));
        assertThat(ops.locator("#event-type-table")).containsText("到店访问");
        assertThat(ops.locator("#create-event-type")).hasCount(0);
        ops.close();
    }

    @Test
    void aMembersPageShowsTheirRecentEventsAndAllOfThemByType() {
        String account = jdbc.sql("""
                        select m.account from member m join member_event e on e.member_id = m.id
                        join member_department md on md.member_id = m.id join department d on d.id = md.department_id
                        where d.code = 'SALES-E'
                        group by m.account having count(*) > 10 order by count(*) desc, m.account limit 1""").query(String.class).single();
        Page page = loggedIn("ops.sales");
        page.setViewportSize(1440, 900);
        page.navigate(url("/members/" + account));
        assertThat(page.locator("#recent-events-heading")).hasText("最近事件");
        assertThat(page.locator("#recent-events tr.td-event")).hasCount(10);
        assertThat(page.locator("#recent-events tr.td-event").first()).containsText(":");
        BrowserSupport.screenshot(page, "member-events-1440");

        page.locator("#all-events").click();
        assertThat(page).hasURL(url("/members/" + account + "/events"));
        page.locator("#event-type-filter").selectOption("click");
        page.locator("#event-filter button[type=submit]").click();
        assertThat(page).hasURL(url("/members/" + account + "/events?type=click"));
        assertThat(page.locator("tr.td-event").first()).containsText("点击");
        for (String text : page.locator("tr.td-event td:nth-child(2)").allInnerTexts()) {
            org.assertj.core.api.Assertions.assertThat(text).contains("click");
        }

        page.setViewportSize(390, 844);
        page.navigate(url("/members/" + account));
        assertScrollsNotSideways(page);
        BrowserSupport.screenshot(page, "member-events-390");
        page.close();
    }

    private static void assertScrollsNotSideways(Page page) {
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .as("sideways scroll at 390 px")
                .isLessThanOrEqualTo(0);
    }
}
