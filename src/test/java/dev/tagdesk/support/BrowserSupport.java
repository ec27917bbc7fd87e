package dev.tagdesk.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Playwright on the machine's own Chromium (never a downloaded browser). Where Chromium is absent,
 * browser tests are skipped with a message, unless {@code -Dbrowser.required=true} (as in CI).
 */
public final class BrowserSupport implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("browser.path", "/usr/bin/chromium"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private BrowserSupport() {
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    public static BrowserSupport start() {
        boolean required = Boolean.getBoolean("browser.required");
        if (!Files.isExecutable(CHROMIUM)) {
            if (required) {
                throw new IllegalStateException("Browser tests are required but there is no Chromium at " + CHROMIUM
                        + " (install the chromium package, or set -Dbrowser.path)");
            }
            Assumptions.abort("No Chromium at " + CHROMIUM + ": browser tests skipped (install chromium to run them)");
        }
        return new BrowserSupport();
    }

    /** A fresh page in its own context (own cookies), Chinese by default like a user's browser in China. */
    public Page newPage() {
        return browser.newContext(
                        new Browser.NewContextOptions().setLocale("zh-CN").setViewportSize(1280, 800))
                .newPage();
    }

    /** The same with JavaScript off, to see what a page does without its scripts. */
    public Page newPageWithoutScripts() {
        return browser.newContext(new Browser.NewContextOptions()
                        .setLocale("zh-CN")
                        .setViewportSize(1280, 800)
                        .setJavaScriptEnabled(false))
                .newPage();
    }

    /** Waits until the page is loaded and htmx has wired up its live controls. */
    public static void ready(Page page) {
        page.waitForFunction("() => document.readyState === 'complete' && window.htmx !== undefined");
    }

    public static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
