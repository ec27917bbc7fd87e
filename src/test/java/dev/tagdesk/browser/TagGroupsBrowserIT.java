package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tag groups page for an admin: every setting sits under its own header (the 互斥 switch under
 * 互斥, not under 命名格式), so the setting a person means is the one that changes.
 */
class TagGroupsBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everySettingSitsUnderItsHeaderAndSavesIntoItsOwnField() {
        Page page = loggedIn("admin");
        page.setViewportSize(1440, 900);
        page.navigate(url("/tag-groups"));

        Locator headers = page.locator("#group-table thead th");
        Locator firstRow = page.locator("#group-table tbody tr").first();
        for (int i = 0; i < 6; i++) {
            String header = headers.nth(i).innerText().strip();
            Locator control = firstRow.locator("td").nth(i).locator("input, select");
            assertThat(control).hasAttribute("aria-label", header);
        }
        BrowserSupport.screenshot(page, "tag-groups-admin");

        long group = jdbc.sql("select id from tag_group where name = '客户来源'")
                .query(Long.class)
                .single();
        boolean exclusiveBefore = jdbc.sql("select exclusive from tag_group where id = ?")
                .param(group)
                .query(Boolean.class)
                .single();
        String patternBefore = jdbc.sql("select name_pattern from tag_group where id = ?")
                .param(group)
                .query(String.class)
                .single();
        Locator row = page.locator("#group-table tbody tr")
                .filter(new Locator.FilterOptions().setHas(page.locator("input[name=name][value='客户来源']")));
        row.locator("input[name=exclusive]").click();
        row.locator("button[type=submit]").click();
        assertThat(page.locator("#flash")).isVisible();

        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select exclusive from tag_group where id = ?")
                        .param(group)
                        .query(Boolean.class)
                        .single())
                .isEqualTo(!exclusiveBefore);
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select name_pattern from tag_group where id = ?")
                        .param(group)
                        .query(String.class)
                        .single())
                .isEqualTo(patternBefore);
    }
}
