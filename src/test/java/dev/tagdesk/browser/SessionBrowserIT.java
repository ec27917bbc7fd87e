package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.tagdesk.support.BrowserTest;
import dev.tagdesk.support.ConsoleSessions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Sessions in the real server: a new id at login, the idle timeout and the absolute lifetime end a
 * session, and a session ended by logging out cannot be used again. The server's own session (in the
 * database) is aged, not the test's clock, so the same code that ends a real session ends this one.
 */
class SessionBrowserIT extends BrowserTest {

    @Autowired
    FindByIndexNameSessionRepository<? extends Session> sessions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSessionIdChangesAtLoginAndAnIdleSessionEnds() throws Exception {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        String before = sessionId(page);
        logIn(page, "ops.sales", "tagdesk-demo");
        assertThat(page.locator("#current-user")).containsText("ops.sales");
        String after = sessionId(page);
        assertThat(after).isNotNull().isNotEqualTo(before);

        assertThat(serverSession(after).getMaxInactiveInterval())
                .as("the configured idle timeout")
                .isEqualTo(Duration.ofMinutes(30));
        // The session lives in the database: its idle timeout is shortened there.
        jdbc.sql("""
                        update spring_session set max_inactive_interval = 1, expiry_time = last_access_time + 1000
                        where session_id = ?""").param(ConsoleSessions.id(after)).update();
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

        // The session lives in the database: it is aged there.
        jdbc.sql("update spring_session set creation_time = ? where session_id = ?")
                .params(
                        System.currentTimeMillis() - Duration.ofHours(13).toMillis(),
                        ConsoleSessions.id(sessionId(page)))
                .update();

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
        replay.addCookies(List.of(new Cookie(ConsoleSessions.COOKIE, session).setUrl(url("/"))));
        Page stolen = replay.newPage();
        stolen.navigate(url("/audit"));
        assertThat(stolen).hasURL(java.util.regex.Pattern.compile(".*/login(\\?expired)?$"));
        replay.close();
        page.context().close();
    }

    private static String sessionId(Page page) {
        return page.context().cookies().stream()
                .filter(c -> c.name.equals(ConsoleSessions.COOKIE))
                .map(c -> c.value)
                .findFirst()
                .orElse(null);
    }

    /** The session a cookie names, as the server keeps it (in the database). */
    private Session serverSession(String cookie) {
        return sessions.findById(ConsoleSessions.id(cookie));
    }
}
