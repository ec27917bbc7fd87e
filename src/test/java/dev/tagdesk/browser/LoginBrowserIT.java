package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A user's first minutes in a real browser: log in, look around, log out. */
class LoginBrowserIT extends BrowserTest {

    @ParameterizedTest
    @CsvSource({"admin, 管理员, 320", "ops.sales, 运营, 135", "ops.purchase, 运营, 40", "auditor, 审计, 320"})
    void eachDemoUserLogsInSeesTheHomePageAndLogsOut(String username, String role, String members) {
        Page page = browser.newPage();
        page.navigate(url("/"));
        assertThat(page).hasURL(url("/login"));
        assertThat(page.locator("h1")).hasText("登录 TagDesk");
        if (username.equals("admin")) {
            BrowserSupport.screenshot(page, "login");
        }

        logIn(page, username, "tagdesk-demo");

        assertThat(page.locator("h1")).hasText("欢迎，" + username);
        assertThat(page.locator("#current-role")).hasText(role);
        assertNoMissingMessages(page);
        assertThat(page.locator("#count-members")).hasText(members);
        BrowserSupport.screenshot(page, "home-" + username);

        page.locator("#logout").click();
        assertThat(page).hasURL(url("/login?logout"));
        assertThat(page.locator("#login-info")).hasText("您已退出登录。");
        page.navigate(url("/"));
        assertThat(page).hasURL(url("/login"));
        page.context().close();
    }

    @Test
    void aWrongPasswordShowsTheErrorAndTheLanguageSwitchGivesEnglish() {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        logIn(page, "admin", "not-the-password");
        assertThat(page.locator("#login-error")).hasText("账号或密码错误。");
        BrowserSupport.screenshot(page, "login-error");

        page.getByText("English").click();
        assertThat(page.locator("h1")).hasText("Log in to TagDesk");
        logIn(page, "admin", "tagdesk-demo");
        assertThat(page.locator("h1")).hasText("Welcome, admin");
        page.context().close();
    }

    @Test
    void anAdminBrowsesTheDepartmentTreeAndTheMemberList() {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        logIn(page, "admin", "tagdesk-demo");

        page.locator("nav a[href='/departments']").click();
        assertThat(page.locator("#department-tree")).containsText("华东区");
        assertNoMissingMessages(page);
        BrowserSupport.screenshot(page, "departments");

        page.locator("nav a[href='/members']").click();
        assertThat(page.locator("#member-total")).hasText("共 320 名成员");
        BrowserSupport.ready(page);
        page.locator("#departmentId")
                .selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("　采购部"));
        assertThat(page.locator("#member-total")).hasText("共 40 名成员");
        page.locator("#q").fill("zhang");
        assertThat(page.locator("#member-table tbody tr").first()).containsText("zhang");
        BrowserSupport.screenshot(page, "members");

        page.locator("#member-table tbody a").first().click();
        assertThat(page.locator("#member-departments")).containsText("采购部");
        assertThat(page.locator("#member-tags li").first()).isVisible();
        assertNoMissingMessages(page);
        BrowserSupport.screenshot(page, "member");
        page.context().close();
    }

    @Test
    void opsUsersMeetFriendlyErrorPagesOutsideTheirScope() {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        logIn(page, "ops.sales", "tagdesk-demo");
        page.navigate(url("/departments/5"));
        assertThat(page.locator("h1")).hasText("页面不存在");
        BrowserSupport.screenshot(page, "not-found");
        page.navigate(url("/no/such/page"));
        assertThat(page.locator("h1")).hasText("页面不存在");
        page.context().close();
    }

    /** Thymeleaf shows a missing message key as ??key_locale??. */
    private static void assertNoMissingMessages(Page page) {
        assertThat(page.locator("body")).not().containsText("??");
    }
}
