package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tag form's colour in a real browser: checked as it changes (htmx, no submit), refused in words
 * with clickable colours that pass, a new tag's colour that follows the group until the user picks
 * one, under the strict CSP, at 1440 and 390 px.
 */
class ColorCheckBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theLiveColourCheckRefusesAndSuggestsWithoutASubmit() {
        Page page = loggedIn("admin");
        List<String> errors = watchForErrors(page);
        page.navigate(url("/tags/new"));
        BrowserSupport.ready(page);
        assertThat(page.locator("#color-verdict")).containsText("符合「客户来源」的颜色规范");
        page.locator("#name").fill("渠道_社群_团购");
        page.locator("#wholeCompany").check();

        // 渠道_线上活动_双十一 is #1E6FD9: the check answers as the colour changes, before any save
        page.locator("#color").fill("#1f70da");
        assertThat(page.locator("#color-verdict")).containsText("与同组标签「渠道_线上活动_双十一」（#1E6FD9）颜色过近（ΔE00 = 0.4，需 ≥ 5）");
        assertThat(page.locator("#color-check")).containsText("ΔE00（CIEDE2000 色差）衡量人眼看到的两种颜色差多少");
        assertThat(page.locator("#refusals")).hasCount(0);
        assertThat(page).hasURL(Pattern.compile(".*/tags/new$"));
        Locator swatches = page.locator("#color-suggestions button");
        assertThat(swatches).hasCount(6);
        BrowserSupport.screenshot(page, "tag-colour-live-refused");

        // a swatch fills the colour field and is checked again: it passes
        String chosen = swatches.first().getAttribute("data-color-choice");
        assertThat(swatches.first()).hasAttribute("aria-label", Pattern.compile("选用 " + chosen + "（.+色系）"));
        swatches.first().click();
        assertThat(page.locator("#color")).hasValue(chosen.toLowerCase());
        assertThat(page.locator("#color-verdict")).containsText("颜色 " + chosen);
        assertThat(page.locator("#color-verdict")).containsText("符合「客户来源」的颜色规范");
        BrowserSupport.screenshot(page, "tag-colour-live-chosen");

        page.locator("#save-tag").click();
        assertThat(page.locator("#flash")).hasText("已创建标签「渠道_社群_团购」。");
        assertThat(page.locator("#warnings")).hasCount(0);
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select color from tag where name = '渠道_社群_团购'")
                        .query(String.class)
                        .single())
                .isEqualTo(chosen);
        org.assertj.core.api.Assertions.assertThat(errors)
                .as("console errors and CSP violations")
                .isEmpty();
        page.context().close();
    }

    @Test
    void aNewTagsColourFollowsTheGroupUntilTheUserPicksOne() {
        Page page = loggedIn("ops.sales");
        List<String> errors = watchForErrors(page);
        page.navigate(url("/tags/new"));
        BrowserSupport.ready(page);
        String first = page.locator("#color").inputValue();

        page.locator("#groupId").selectOption(new SelectOption().setLabel("消费偏好 · 动态行为"));
        assertThat(page.locator("#color-verdict")).containsText("符合「消费偏好」的颜色规范");
        assertThat(page.locator("#color")).not().hasValue(first);
        String followed = page.locator("#color").inputValue();
        assertThat(page.locator("#color-verdict")).containsText("颜色 " + followed.toUpperCase());

        // once the user picks a colour, a change of group checks it rather than replacing it
        page.locator("#color").fill("#2ca02c");
        assertThat(page.locator("#color-verdict")).containsText("属于绿色系（冷色）");
        page.locator("#groupId").selectOption(new SelectOption().setLabel("客户来源 · 静态属性"));
        assertThat(page.locator("#color-check")).containsText("「客户来源」是静态属性组");
        assertThat(page.locator("#color-verdict")).containsText("颜色 #2CA02C（绿色系）");
        assertThat(page.locator("#color")).hasValue("#2ca02c");
        org.assertj.core.api.Assertions.assertThat(errors)
                .as("console errors and CSP violations")
                .isEmpty();
        page.context().close();
    }

    @Test
    void anEditedTagIsCheckedLiveAgainstTheOthersOnly() {
        long id = jdbc.sql("select id from tag where name = '渠道_线上活动_双十一'")
                .query(Long.class)
                .single();
        Page page = loggedIn("admin");
        List<String> errors = watchForErrors(page);
        page.navigate(url("/tags/" + id));
        BrowserSupport.ready(page);
        assertThat(page.locator("#color-verdict")).containsText("颜色 #1E6FD9（蓝色系）符合「客户来源」的颜色规范");
        page.locator("#color").fill("#408889");
        assertThat(page.locator("#color-verdict")).containsText("与同组标签「渠道_线上活动_618大促」（#408888）颜色过近");
        org.assertj.core.api.Assertions.assertThat(errors)
                .as("console errors and CSP violations")
                .isEmpty();
        page.context().close();
    }

    @Test
    void theSwatchesWrapOnAPhone() {
        Page page = loggedIn("ops.purchase");
        page.setViewportSize(390, 900);
        page.navigate(url("/tags/new"));
        BrowserSupport.ready(page);
        page.locator("#color").fill("#118ab3");
        assertThat(page.locator("#color-verdict")).containsText("与同组标签「PUR_供应商_一级」（#118AB2）颜色过近");
        noHorizontalScroll(page, "new tag form at 390 px");
        Object rows = page.evaluate(
                "() => new Set([...document.querySelectorAll('#color-suggestions button')].map(b => b.offsetTop)).size");
        org.assertj.core.api.Assertions.assertThat(((Number) rows).intValue())
                .as("rows of swatches")
                .isGreaterThan(1);
        page.locator("#color-field")
                .screenshot(new Locator.ScreenshotOptions()
                        .setPath(BrowserSupport.SCREENSHOTS.resolve("tag-colour-live-390-field.png")));
        BrowserSupport.screenshot(page, "tag-colour-live-390");
        page.setViewportSize(1440, 900);
        BrowserSupport.screenshot(page, "tag-colour-live-1440");
        page.context().close();
    }

    @Test
    void reservedColourFamiliesAreTickedByNameOnTheRulesPage() {
        Page page = loggedIn("admin");
        page.setViewportSize(390, 900);
        page.navigate(url("/settings/tags"));
        assertThat(page.getByLabel("红色系")).isChecked();
        page.getByLabel("橙色系").check();
        BrowserSupport.screenshot(page, "settings-reserved-390");
        noHorizontalScroll(page, "rules page at 390 px");
        page.locator("#settings-form button[type=submit]").click();
        assertThat(page.locator("#flash")).isVisible();
        assertThat(page.getByLabel("橙色系")).isChecked();
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select color_reserved_families from tag_policy")
                        .query(String.class)
                        .single())
                .isEqualTo("RED ORANGE");
        page.context().close();
    }

    private static void noHorizontalScroll(Page page, String where) {
        List<?> widths = (List<?>)
                page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        org.assertj.core.api.Assertions.assertThat(((Number) widths.get(0)).intValue())
                .as(where + ": no horizontal scroll")
                .isLessThanOrEqualTo(((Number) widths.get(1)).intValue());
    }

    private static List<String> watchForErrors(Page page) {
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") || message.text().contains("Content Security Policy")) {
                errors.add(message.text());
            }
        });
        page.onPageError(errors::add);
        return errors;
    }
}
