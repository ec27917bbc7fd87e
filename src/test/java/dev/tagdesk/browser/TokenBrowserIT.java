package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;

/**
 * 个人令牌 from the user menu: a token is made with a name, scopes and a validity, its secret is shown
 * once with a copy button, it works on the API as a bearer token, the list never shows it again, and
 * revoking it (asked first) stops it at once.
 */
class TokenBrowserIT extends BrowserTest {

    @Test
    void aPersonalTokenIsShownOnceWorksAndIsRevoked() {
        Page page = loggedIn("ops.sales");
        page.locator("#nav-tokens").click();
        assertThat(page.locator("h1")).hasText("个人令牌");

        page.locator("#token-name").fill("日报脚本");
        page.locator("#scope-TAGS_READ").check();
        page.locator("#token-expiry").fill("30");
        page.locator("#create-token-button").click();

        assertThat(page.locator("#token-once")).containsText("以后不会再显示");
        String secret = page.locator("#token-secret").inputValue();
        org.assertj.core.api.Assertions.assertThat(secret).startsWith("tdk_").hasSize(42);
        page.context().grantPermissions(java.util.List.of("clipboard-read", "clipboard-write"));
        page.locator("#copy-token").click();
        assertThat(page.locator("#copy-token")).hasText("已复制");
        BrowserSupport.screenshot(page, "token-created-1440");
        page.setViewportSize(390, 844);
        org.assertj.core.api.Assertions.assertThat(
                        (Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .isTrue();
        BrowserSupport.screenshot(page, "token-created-390");
        page.setViewportSize(1440, 900);

        APIRequestContext api = page.context().request();
        APIResponse tags =
                api.get(url("/api/v1/tags"), RequestOptions.create().setHeader("Authorization", "Bearer " + secret));
        org.assertj.core.api.Assertions.assertThat(tags.status()).isEqualTo(200);

        page.locator("#back-to-tokens").click();
        assertThat(page.locator("#tokens")).containsText("日报脚本");
        assertThat(page.locator("#tokens")).containsText(secret.substring(0, 8));
        org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain(secret);
        BrowserSupport.screenshot(page, "tokens-1440");
        page.setViewportSize(390, 844);
        org.assertj.core.api.Assertions.assertThat(
                        (Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .isTrue();
        BrowserSupport.screenshot(page, "tokens-390");

        page.onceDialog(dialog -> dialog.accept());
        page.locator("#tokens button").first().click();
        assertThat(page.locator("#flash")).containsText("令牌已吊销");
        APIResponse refused =
                api.get(url("/api/v1/tags"), RequestOptions.create().setHeader("Authorization", "Bearer " + secret));
        org.assertj.core.api.Assertions.assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void aRefusedTokenSaysWhyBesideTheField() {
        Page page = loggedIn("ops.sales");
        page.navigate(url("/tokens"));
        page.locator("#token-name").fill("x");
        // The browser itself keeps the validity within 1 to 365 days (min/max on the field) ...
        org.assertj.core.api.Assertions.assertThat(page.locator("#token-expiry").getAttribute("max"))
                .isEqualTo("365");
        // ... and TagDesk refuses what the browser cannot check: a token without a scope.
        page.locator("#create-token-button").click();
        assertThat(page.locator("#refusals")).containsText("至少选择一个权限范围");
        assertThat(page.locator("#scopes-error")).containsText("至少选择一个权限范围");
        assertThat(page.locator("#token-name")).hasValue("x");
    }
}
