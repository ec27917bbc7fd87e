package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** What a user does with the forms' pickers: search a tag picker and pick, open a department in a tree. */
final class Pickers {

    private Pickers() {}

    /** Types into a tag picker's search (Tom Select) and picks the one option that reads {@code label}. */
    static void pickTag(Page page, String selectId, String typed, String label) {
        search(page, selectId, typed);
        Locator option = page.locator(
                "[id='" + selectId + "-ts-dropdown'] .option", new Page.LocatorOptions().setHasText(label));
        assertThat(option).hasCount(1);
        option.click();
        // the list closes with the pick, and stays closed, so it never covers the field below
        settle(page);
        assertThat(page.locator("[id='" + selectId + "-ts-dropdown']")).isHidden();
    }

    /** Clicks into a tag picker's search box (beside its chips) and types into it. */
    static void search(Page page, String selectId, String typed) {
        page.locator("[id='" + selectId + "-ts-control']").click();
        assertThat(page.locator("[id='" + selectId + "-ts-control']")).isFocused();
        // as a user would, type once the list is open (Tom Select opens it a moment after the focus)
        settle(page);
        assertThat(page.locator("[id='" + selectId + "-ts-dropdown']")).isVisible();
        page.keyboard().type(typed);
    }

    /**
     * Waits until the page has run what it had queued (Tom Select finishes a focus in a zero-delay
     * timeout): a slow machine then behaves like a fast one instead of racing the next step.
     */
    static void settle(Page page) {
        page.evaluate("() => new Promise(done => setTimeout(() => setTimeout(done, 0), 0))");
    }

    /** Opens a department in a tree picker; its children load then (htmx) and show. */
    static void openDepartment(Page page, String prefix, long departmentId) {
        Locator toggle = page.locator("button[aria-controls='" + prefix + "-children-" + departmentId + "']");
        assertThat(toggle).hasAttribute("aria-expanded", "false");
        toggle.click();
        assertThat(toggle).hasAttribute("aria-expanded", "true");
        assertThat(page.locator("#" + prefix + "-children-" + departmentId + " > li.td-dept-node")
                        .first())
                .isVisible();
    }
}
