package dev.tagdesk.support;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A browser test: the whole application on a random port with the demo organisation, and one
 * Chromium for the class. Every test starts from the demo data.
 */
@ServerTest
public abstract class BrowserTest {

    protected static BrowserSupport browser;

    @LocalServerPort
    protected int port;

    @Autowired
    protected DemoReset reset;

    @BeforeAll
    static void startBrowser() {
        browser = BrowserSupport.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected static void logIn(Page page, String username, String password) {
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("#login").click();
    }

    /** A fresh browser context logged in as a demo user. */
    protected Page loggedIn(String username) {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        logIn(page, username, "tagdesk-demo");
        assertThat(page.locator("#current-user")).containsText(username);
        return page;
    }
}
