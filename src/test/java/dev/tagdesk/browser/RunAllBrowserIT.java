package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** 立即运行全部 shows what the enabled rules would change and runs them only when confirmed. */
class RunAllBrowserIT extends BrowserTest {

    @Test
    void runningAllRulesAsksWithTheirNumbersFirst() {
        Page page = loggedIn("admin");
        page.navigate(url("/rules"));
        page.locator("#run-all").click();
        assertThat(page.locator("#run-all-total")).containsText("条已启用的规则现在会添加");
        assertThat(page.locator("#run-all-rules")).containsText("7天未活跃待激活");
        BrowserSupport.screenshot(page, "rules-run-all-1440");
        page.setViewportSize(390, 844);
        org.assertj.core.api.Assertions.assertThat(
                        (Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .isTrue();
        BrowserSupport.screenshot(page, "rules-run-all-390");

        page.locator("#run-all-confirmed").click();
        assertThat(page).hasURL(url("/rules/runs"));
        assertThat(page.locator("#flash")).containsText("运行已完成");
    }
}
