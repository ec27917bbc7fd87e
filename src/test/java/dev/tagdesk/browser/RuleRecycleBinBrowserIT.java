package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting an auto-tag rule asks first and says it can be restored; the rule then waits among the
 * deleted rules, and restoring it (asked too) brings it back disabled.
 */
class RuleRecycleBinBrowserIT extends BrowserTest {

    static final String RULE = "7天未活跃待激活";

    @Test
    void aDeletedRuleIsRestoredFromTheDeletedRules() {
        Page page = loggedIn("admin");
        page.navigate(url("/rules"));
        page.locator("#rules a")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(RULE))
                .click();

        List<String> asked = new ArrayList<>();
        page.onceDialog(dialog -> {
            asked.add(dialog.message());
            dialog.accept();
        });
        page.locator("#delete-rule").click();
        assertThat(page.locator("#flash")).containsText("保留在“已删除的规则”中，可以恢复");
        org.assertj.core.api.Assertions.assertThat(asked)
                .singleElement()
                .asString()
                .contains("管理员可以恢复");
        assertThat(page.locator("#rules")).not().containsText(RULE);

        page.locator("#deleted-rules-link").click();
        assertThat(page.locator("#deleted-rules")).containsText(RULE);
        BrowserSupport.screenshot(page, "rules-deleted-1440");
        page.setViewportSize(390, 844);
        org.assertj.core.api.Assertions.assertThat(
                        (Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .isTrue();
        BrowserSupport.screenshot(page, "rules-deleted-390");

        page.onceDialog(dialog -> dialog.accept());
        page.locator("#deleted-rules button").first().click();
        assertThat(page.locator("#flash")).containsText("已恢复规则「" + RULE + "」");
        assertThat(page.locator("#enabled1")).not().isChecked();
    }
}
