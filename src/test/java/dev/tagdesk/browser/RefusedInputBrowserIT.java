package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a person meets when TagDesk refuses input at its boundary: the import page names the invisible
 * character in an uploaded file's name and imports nothing; a search holding U+0000 gets the error page
 * saying which parameter and why. Both read well on a phone (390 px, no sideways scroll).
 */
class RefusedInputBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFileNameWithADirectionMarkIsRefusedOnTheImportPage() {
        Page page = loggedIn("ops.sales");
        page.navigate(url("/imports"));
        page.locator("#file")
                .setInputFiles(new FilePayload(
                        "名单\u202Evsc.exe", "text/csv", "姓名,账号,标签1\r\n".getBytes(StandardCharsets.UTF_8)));
        page.locator("#preview").click();

        assertThat(page.locator("#refusals")).containsText("文件名第 3 个字符是不可见字符 U+202E");
        assertThat(page.locator("#refusals")).containsText("请重命名文件后再上传");
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select count(*) from import_job")
                        .query(Long.class)
                        .single())
                .isZero();
        BrowserSupport.screenshot(page, "import-file-name-refused");
        page.setViewportSize(390, 844);
        assertNoSidewaysScroll(page);
        BrowserSupport.screenshot(page, "import-file-name-refused-390");
    }

    @Test
    void aSearchHoldingANulCharacterGetsAnErrorPageNamingTheParameter() {
        Page page = loggedIn("ops.sales");
        page.navigate(url("/tags?q=a%00b"));

        assertThat(page.locator("h1")).hasText("请求有误");
        assertThat(page.locator("#detail")).containsText("「q」含有 TagDesk 不接受的字符 U+0000");
        BrowserSupport.screenshot(page, "text-input-refused");
        page.setViewportSize(390, 844);
        assertNoSidewaysScroll(page);
        BrowserSupport.screenshot(page, "text-input-refused-390");
    }

    private static void assertNoSidewaysScroll(Page page) {
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        org.assertj.core.api.Assertions.assertThat(((Number) overflow).intValue())
                .as("pixels of sideways scroll at 390 px")
                .isLessThanOrEqualTo(0);
    }
}
