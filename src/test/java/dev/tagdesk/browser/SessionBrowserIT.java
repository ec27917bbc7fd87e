package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.tagdesk.support.BrowserTest;
import java.time.Duration;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Sessions in the real server: a new id at login, the idle timeout and the absolute lifetime end a
 * session, and a session ended by logging out cannot be used again. The server's own session is
 * aged (not the test's clock), so the same code that ends a real session ends this one.
 */
class SessionBrowserIT extends BrowserTest {

    @Autowired
    WebServerApplicationContext server;

    @Test
    void theSessionIdChangesAtLoginAndAnIdleSessionEnds() throws Exception {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        String before = sessionId(page);
        logIn(page, "ops.sales", "tagdesk-demo");
        assertThat(page.locator("#current-user")).containsText("ops.sales");
        String after = sessionId(page);
        assertThat(after).isNotNull().isNotEqualTo(before);

        Session session = serverSession(after);
        assertThat(Duration.ofSeconds(session.getMaxInactiveInterval()))
                .as("the configured idle timeout")
                .isEqualTo(Duration.ofMinutes(30));
        session.setMaxInactiveInterval(1);
        Thread.sleep(2_500);

        page.navigate(url("/tags"));
        assertThat(page).hasURL(url("/login?expired"));
        assertThat(page.locator("#login-info")).hasText("会话已过期，请重新登录。");
        page.context().close();
    }

    @Test
    void aSessionOlderThanTwelveHoursEndsHoweverActiveItIs() {
        Page page = loggedIn("admin");
        page.navigate(url("/tags"));
        assertThat(page.locator("h1")).isVisible();

        serverSession(sessionId(page))
                .setCreationTime(
                        System.currentTimeMillis() - Duration.ofHours(13).toMillis());

        page.navigate(url("/tags"));
        assertThat(page).hasURL(url("/login?expired"));
        page.context().close();
    }

    @Test
    void aSessionEndedByLoggingOutCannotBeUsedAgain() {
        Page page = loggedIn("auditor");
        String session = sessionId(page);
        page.locator("#logout").click();
        assertThat(page).hasURL(url("/login?logout"));
        assertThat(serverSession(session)).as("the server forgot the session").isNull();

        BrowserContext replay = page.context().browser().newContext();
        replay.addCookies(List.of(new Cookie("JSESSIONID", session).setUrl(url("/"))));
        Page stolen = replay.newPage();
        stolen.navigate(url("/audit"));
        assertThat(stolen).hasURL(java.util.regex.Pattern.compile(".*/login(\\?expired)?$"));
        replay.close();
        page.context().close();
    }

    private static String sessionId(Page page) {
        return page.context().cookies().stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map(c -> c.value)
                .findFirst()
                .orElse(null);
    }

    private Session serverSession(String id) {
        TomcatWebServer tomcat = (TomcatWebServer) server.getWebServer();
        Context context = (Context) tomcat.getTomcat().getHost().findChildren()[0];
        try {
            return context.getManager().findSession(id);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
