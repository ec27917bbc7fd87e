package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.RoundRobin;
import dev.tagdesk.support.TagDeskInstance;
import dev.tagdesk.support.Visitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser in front of two instances behind a round-robin balancer, with no sticky sessions: every
 * request goes to the other instance than the one before. The person logs in, tags a member with the
 * page's form (the page from one instance, the post answered by the other, the message after the
 * redirect by the first again), and is sent to the login page on their next click once an admin
 * disabled them, whichever instance answers it.
 */
class TwoInstancesBrowserIT {

    static TagDeskInstance a;
    static TagDeskInstance b;
    static RoundRobin balancer;
    static BrowserSupport browser;

    @BeforeAll
    static void startTwoInstancesBehindABalancer() {
        browser = BrowserSupport.start();
        a = TagDeskInstance.start("A");
        b = TagDeskInstance.start("B");
        balancer = RoundRobin.over(a, b);
        a.resetToDemoData();
    }

    @AfterAll
    static void stopAll() {
        if (balancer != null) {
            balancer.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonWorksAcrossBothInstancesAndIsLoggedOutEverywhereWhenDisabled() {
        String account = a.jdbc().sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id
                        where d.code = 'SALES-E' and not exists (
                            select 1 from member_tag mt join tag t on t.id = mt.tag_id
                            where mt.member_id = m.id and t.name = '偏好_数码')
                        order by m.account limit 1""").query(String.class).single();
        Page page = browser.newPage();
        page.navigate(balancer.url("/login"));
        page.locator("#username").fill("ops.sales");
        page.locator("#password").fill("tagdesk-demo");
        page.locator("#login").click();
        assertThat(page.locator("#current-user")).containsText("ops.sales");

        page.navigate(balancer.url("/members/" + account));
        page.locator("#tagId")
                .selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("消费偏好 › 偏好_数码"));
        page.locator("#add-tag button[type=submit]").click();
        assertThat(page.locator("#flash")).containsText("偏好_数码");
        assertThat(page.locator("#current-user")).containsText("ops.sales");
        BrowserSupport.screenshot(page, "two-instances-member-tagged-1440");
        page.setViewportSize(390, 844);
        page.reload();
        assertThat(page.locator("#current-user")).isAttached();
        BrowserSupport.screenshot(page, "two-instances-member-390");
        assertThat((Object) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        page.setViewportSize(1440, 900);

        long id = a.jdbc()
                .sql("select id from app_user where username = 'ops.sales'")
                .query(Long.class)
                .single();
        assertThat(Visitor.api(b, "POST", "/api/v1/users/" + id + "/disable", "admin")
                        .statusCode())
                .isEqualTo(200);
        page.navigate(balancer.url("/tags"));
        assertThat(page).hasURL(balancer.url("/login?expired"));
        assertThat(page.locator("#login-info")).hasText("会话已过期，请重新登录。");
        BrowserSupport.screenshot(page, "two-instances-disabled-1440");
        page.locator("#username").fill("ops.sales");
        page.locator("#password").fill("tagdesk-demo");
        page.locator("#login").click();
        assertThat(page).hasURL(balancer.url("/login?error"));

        assertThat(balancer.served()).containsKeys("A", "B");
        assertThat(balancer.served().values())
                .allSatisfy(count -> assertThat(count).isGreaterThan(3));
    }
}
