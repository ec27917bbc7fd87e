package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A tag's page lists who carries it (in scope, paged) and the rules that name it; on a phone too. */
class TagPageBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anOpsUserReadsWhoCarriesATagAndPagesThroughThem() {
        long tag = jdbc.sql("select id from tag where name = '待激活'")
                .query(Long.class)
                .single();
        Page page = loggedIn("ops.sales");
        page.navigate(url("/tags/" + tag));
        assertThat(page.locator("#tag-rules")).containsText("7天未活跃待激活");
        assertThat(page.locator("#tag-carriers .card-header")).containsText("您范围内带有此标签的成员");
        BrowserSupport.screenshot(page, "tag-page-members");

        if (page.locator("#carriers-pages .td-next-page").count() > 0) {
            String first = page.locator("#tag-carriers tbody tr").first().innerText();
            page.locator("#carriers-pages .td-next-page").click();
            assertThat(page).hasURL(url("/tags/" + tag + "?membersPage=1"));
            org.assertj.core.api.Assertions.assertThat(
                            page.locator("#tag-carriers tbody tr").first().innerText())
                    .isNotEqualTo(first);
        }

        page.setViewportSize(390, 844);
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .isLessThanOrEqualTo(0);
        BrowserSupport.screenshot(page, "tag-page-members-390");
    }
}
