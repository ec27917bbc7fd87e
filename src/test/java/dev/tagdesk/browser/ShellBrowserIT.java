package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's shell on a phone: at 390 px the menu folds behind a button that opens it, and no page
 * scrolls sideways (a table too wide scrolls inside its own box); at 1440 px the menu is a bar that
 * marks where the user is, and the browser finds its icon.
 */
class ShellBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    static final List<String> PAGES = List.of(
            "/",
            "/departments",
            "/members",
            "/tags",
            "/tags/tree",
            "/tag-groups",
            "/imports",
            "/settings/tags",
            "/rules",
            "/rules/runs",
            "/rules/deleted",
            "/event-types",
            "/recycle-bin",
            "/segments",
            "/segments/new",
            "/segments/follow-up",
            "/settings/follow-up",
            "/audit");

    @Test
    void atThreeHundredNinetyPixelsTheMenuFoldsAndNoPageScrollsSideways() {
        for (String user : List.of("admin", "ops.sales")) {
            Page page = loggedIn(user);
            page.setViewportSize(390, 844);
            List<String> sideways = new ArrayList<>();
            List<String> paths = new ArrayList<>(PAGES);
            paths.addAll(detailPages());
            for (String path : paths) {
                page.navigate(url(path));
                Object overflow = page.evaluate(
                        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (((Number) overflow).intValue() > 0) {
                    sideways.add(path + " by " + overflow + " px");
                    BrowserSupport.screenshot(page, "sideways-" + user + path.replaceAll("[^a-z0-9]", "_"));
                } else if (user.equals("admin")) {
                    BrowserSupport.screenshot(page, "page-390" + path.replaceAll("[^a-z0-9]", "_"));
                }
            }
            org.assertj.core.api.Assertions.assertThat(sideways)
                    .as("pages of %s that scroll sideways at 390 px", user)
                    .isEmpty();

            page.navigate(url("/tags"));
            assertThat(page.locator("#td-menu")).not().isVisible();
            page.locator("#menu-toggle").click();
            assertThat(page.locator("#td-menu")).isVisible();
            assertThat(page.locator("#logout")).isVisible();
            BrowserSupport.screenshot(page, "menu-open-390-" + user);
            page.locator("#td-menu a[href='/imports']").click();
            assertThat(page).hasURL(url("/imports"));
            page.close();
        }
    }

    /**
     * Every page at a desktop's 1440 px: the menu is a bar, nothing scrolls sideways, and each page
     * leaves a screenshot (target/screenshots/page-1440-*.png and, from the test above for admins,
     * page-390-*.png) for a person to look at.
     */
    @Test
    void atFourteenHundredFortyPixelsEveryPageFitsWithItsMenuBar() {
        Page page = loggedIn("admin");
        page.setViewportSize(1440, 900);
        List<String> paths = new ArrayList<>(PAGES);
        paths.addAll(detailPages());
        List<String> sideways = new ArrayList<>();
        for (String path : paths) {
            page.navigate(url(path));
            assertThat(page.locator("#td-menu a[href='/tags']")).isVisible();
            assertThat(page.locator("#menu-toggle")).not().isVisible();
            Object overflow =
                    page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (((Number) overflow).intValue() > 0) {
                sideways.add(path + " by " + overflow + " px");
            }
            BrowserSupport.screenshot(page, "page-1440" + path.replaceAll("[^a-z0-9]", "_"));
        }
        org.assertj.core.api.Assertions.assertThat(sideways)
                .as("pages that scroll sideways at 1440 px")
                .isEmpty();
        page.close();
    }

    /** A member's page, a tag's page, a rule's page and a delete confirmation of the demo data. */
    private List<String> detailPages() {
        String account = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E' order by m.account limit 1""").query(String.class).single();
        long tag = jdbc.sql("select id from tag where name = '待激活'")
                .query(Long.class)
                .single();
        long rule = jdbc.sql("select min(id) from tag_rule").query(Long.class).single();
        long eventRule =
                jdbc.sql("select max(id) from tag_rule").query(Long.class).single();
        long eventType =
                jdbc.sql("select min(id) from event_type").query(Long.class).single();
        return List.of(
                "/members/" + account,
                "/members/" + account + "/events",
                "/tags/" + tag,
                "/rules/" + rule,
                "/rules/" + eventRule,
                "/event-types/" + eventType,
                "/tags/delete?ids=" + tag);
    }

    @Test
    void atFourteenHundredFortyPixelsTheMenuIsABar() {
        Page page = loggedIn("ops.sales");
        page.setViewportSize(1440, 900);
        page.navigate(url("/tags"));
        assertThat(page.locator("#menu-toggle")).not().isVisible();
        assertThat(page.locator("#td-menu a[href='/imports']")).isVisible();
        assertThat(page.locator("#logout")).isVisible();
        // where the user is: the current item is marked for the eye and for screen readers
        assertThat(page.locator("#td-menu a[aria-current='page']")).hasText("标签");
        page.navigate(url("/recycle-bin"));
        assertThat(page.locator("#td-menu a[aria-current='page']")).hasText("标签");
        page.navigate(url("/settings/tags"));
        assertThat(page.locator("#td-menu a[aria-current='page']")).hasText("命名与颜色规范");
        page.navigate(url("/rules/runs"));
        assertThat(page.locator("#td-menu a[aria-current='page']")).hasText("自动标签规则");
        BrowserSupport.screenshot(page, "menu-bar-1440");

        // the home page says what needs attention, in four cards side by side on a desktop, after the
        // follow-up list that leads a sales OPS user's home page
        page.navigate(url("/"));
        assertThat(page.locator("#attention-follow-up")).isVisible();
        assertThat(page.locator("#attention .card:not(#attention-follow-up)")).hasCount(4);
        assertThat(page.locator("#attention-expiring")).containsText("7 天内到期");
        BrowserSupport.screenshot(page, "home-1440");
        page.setViewportSize(390, 844);
        BrowserSupport.screenshot(page, "home-390");

        com.microsoft.playwright.APIResponse icon = page.request().get(url("/favicon.ico"));
        org.assertj.core.api.Assertions.assertThat(icon.status()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(icon.headers().get("content-type"))
                .contains("icon");
    }
}
