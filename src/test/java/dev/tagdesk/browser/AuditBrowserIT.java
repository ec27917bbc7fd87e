package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;

/**
 * An auditor reads what happened: an admin renames a tag in the browser, the auditor picks the tag by
 * name in the log's filter and reads the change in words (修改标签, 名称：旧 → 新), the tag linked by
 * name, with the time in China time and where it came from; on a phone too.
 */
class AuditBrowserIT extends BrowserTest {

    @Test
    void anAuditorFindsATagsChangesByItsNameAndReadsThem() {
        Page admin = loggedIn("admin");
        admin.navigate(url("/tags"));
        admin.locator("a", new Page.LocatorOptions().setHasText("渠道_直播间"))
                .first()
                .click();
        admin.locator("#name").fill("渠道_直播间_视频号");
        admin.locator("#save-tag").click();
        assertThat(admin.locator("#flash")).isVisible();

        Page auditor = loggedIn("auditor");
        auditor.navigate(url("/audit"));
        auditor.locator("#tag").fill("渠道_直播间_视频号");
        auditor.locator("#audit-filter button[type=submit]").click();

        assertThat(auditor.locator("#audit-table tbody tr")).hasCount(1);
        assertThat(auditor.locator(".audit-action")).hasText("修改标签");
        assertThat(auditor.locator(".audit-target a")).hasText("渠道_直播间_视频号");
        assertThat(auditor.locator(".audit-changes")).containsText("名称： 渠道_直播间 → 渠道_直播间_视频号");
        assertThat(auditor.locator("#audit-table")).not().containsText("TAG_UPDATED");
        BrowserSupport.screenshot(auditor, "audit-readable");

        auditor.locator(".audit-target a").click();
        assertThat(auditor.locator("h1")).containsText("渠道_直播间_视频号");

        auditor.goBack();
        auditor.setViewportSize(390, 844);
        Object overflow =
                auditor.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .isLessThanOrEqualTo(0);
        BrowserSupport.screenshot(auditor, "audit-readable-390");
    }
}
