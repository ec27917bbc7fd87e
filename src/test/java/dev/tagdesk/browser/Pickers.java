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
        // a picker of several tags stays open for the next one; Escape closes it
        page.keyboard().press("Escape");
        assertThat(page.locator("[id='" + selectId + "-ts-dropdown']")).isHidden();
    }

    /** Clicks into a tag picker, as a user clicks its box (chips and all), and types into its search. */
    static void search(Page page, String selectId, String typed) {
        page.locator("[id='" + selectId + "'] + .ts-wrapper .ts-control").click();
        assertThat(page.locator("[id='" + selectId + "-ts-control']")).isFocused();
        page.keyboard().type(typed);
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
