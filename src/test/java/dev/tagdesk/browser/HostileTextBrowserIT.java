package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tagdesk.support.HostileData.IMG;
import static dev.tagdesk.support.HostileData.OPS_USER;
import static dev.tagdesk.support.HostileData.PAYLOADS;
import static dev.tagdesk.support.HostileData.SCRIPT;
import static dev.tagdesk.support.HostileData.TEXTAREA;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import dev.tagdesk.support.HostileData;
import dev.tagdesk.support.HostileData.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriUtils;

/**
 * Hostile names in a real browser: on every page that shows them, hovered and clicked, no alert,
 * confirm or prompt ever opens, no script error or Content-Security-Policy violation is reported,
 * nothing loads the {@code <img src=x>} of a payload, and the payloads read as plain text.
 */
class HostileTextBrowserIT extends BrowserTest {

    @Autowired
    HostileData hostile;

    /** What a page did that hostile text could have caused: dialogs, console errors, stray requests. */
    static final class Watch {

        final List<String> dialogs = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        Watch(Page page) {
            page.onDialog(dialog -> {
                dialogs.add(page.url() + ": " + dialog.type() + " " + dialog.message());
                dialog.dismiss();
            });
            page.onConsoleMessage(message -> {
                if (message.type().equals("error") || message.text().contains("Content Security Policy")) {
                    errors.add(page.url() + ": " + message.text());
                }
            });
            page.onPageError(error -> errors.add(page.url() + ": " + error));
            page.onRequest(request -> {
                if (request.url().endsWith("/x")) {
                    errors.add(page.url() + ": loaded " + request.url());
                }
            });
        }

        void assertNothingRan() {
            assertThat(dialogs).as("dialogs that opened").isEmpty();
            assertThat(errors)
                    .as("console errors, CSP violations and stray requests")
                    .isEmpty();
        }
    }

    @Test
    void hostileNamesStayTextForAnAdminHoveringAndClickingThem() {
        Seeded seeded = hostile.seed();
        Page page = loggedIn("admin");
        Watch watch = new Watch(page);

        open(page, "/tags?size=100");
        hoverEach(page, "#tag-table", PAYLOADS);
        BrowserSupport.screenshot(page, "hostile-tag-list");
        link(page, "#tag-table", IMG).click();
        BrowserSupport.ready(page);
        assertThat(page.locator("#name")).hasValue(IMG);
        assertThat(page.locator("#description")).hasValue(IMG);
        // The reach preview (htmx) names the hostile departments a switch adds.
        long d1 = seeded.departmentIds().get(0);
        page.locator("#wholeCompany").uncheck();
        page.locator("#visible-" + d1).check();
        page.locator("#visible-sub-" + d1).check();
        assertThat(page.locator("#reach")).containsText(TEXTAREA);
        hoverEach(page, "#reach", PAYLOADS, false);
        // The department tree picker loads the hostile sub-departments (htmx) as text.
        Pickers.openDepartment(page, "visible", d1);
        hoverEach(page, "#visible-children-" + d1, PAYLOADS.subList(1, PAYLOADS.size()));

        visitEveryoneSees(page, seeded);
        open(page, "/tag-groups");
        assertThat(page.locator("#group-table input[name=name]").first()).isVisible();
        assertThat(values(page.locator("#group-table input[name=name]"))).containsAll(PAYLOADS);
        open(page, "/audit");
        hoverEach(page, "#audit-table", PAYLOADS, false);
        open(page, "/rules/new");
        page.close();
        watch.assertNothingRan();
    }

    @Test
    void hostileNamesStayTextForTheOpsUserOfTheHostileDepartments() {
        Seeded seeded = hostile.seed();
        Page page = loggedIn(OPS_USER);
        Watch watch = new Watch(page);
        assertThat(page.locator("#current-user")).containsText(OPS_USER);
        assertThat(page.locator("#who")).containsText(SCRIPT);

        open(page, "/tags?size=100");
        hoverEach(page, "#tag-table", PAYLOADS);
        visitEveryoneSees(page, seeded);
        open(page, "/tag-groups");
        hoverEach(page, "#group-table", PAYLOADS);
        watch.assertNothingRan();

        // Refused: the 403 page still names the user in its header, as text.
        open(page, "/audit");
        assertThat(page.locator("h1")).hasText("无权访问");
        assertThat(page.locator("#current-user")).containsText(OPS_USER);
        page.close();
        assertThat(watch.dialogs).isEmpty();
        assertThat(watch.errors).allMatch(error -> error.contains("status of 403"));
    }

    @Test
    void htmxNeverEvaluatesAStringForAnAdminOrAnOpsUser() {
        for (String user : List.of("admin", "ops.sales")) {
            Page page = loggedIn(user);
            for (String path : List.of("/", "/tags", "/members", "/tags/new")) {
                open(page, path);
                page.waitForFunction("() => window.htmx !== undefined");
                assertThat(page.evaluate("() => htmx.config.allowEval"))
                        .as("%s: htmx.config.allowEval on %s", user, path)
                        .isEqualTo(false);
                assertThat(page.evaluate("() => htmx.config.allowScriptTags"))
                        .as("%s: htmx.config.allowScriptTags on %s", user, path)
                        .isEqualTo(false);
            }
            // htmx acts on it: an hx-on handler (a string of script) is refused, not run.
            Object refused = page.evaluate("""
                    () => {
                      let refused = false;
                      document.body.addEventListener('htmx:evalDisallowedError', () => refused = true);
                      const button = document.createElement('button');
                      button.setAttribute('hx-on:click', 'window.ranFromAString = true');
                      document.body.append(button);
                      htmx.process(button);
                      button.click();
                      return refused && window.ranFromAString === undefined;
                    }""");
            assertThat(refused).as("%s: hx-on refused", user).isEqualTo(true);
            page.close();
        }
    }

    /** The pages an admin and the hostile OPS user both see, hovering the names and clicking some. */
    private void visitEveryoneSees(Page page, Seeded seeded) {
        open(page, "/tags/tree");
        hoverEach(page, "#tag-tree", List.of(SCRIPT, IMG, HostileData.ATTRIBUTE, HostileData.JAVASCRIPT_URL));

        open(page, "/members");
        // The live search (htmx) swaps in the rows with the hostile names: xss.1 to xss.9, xss.all and
        // the member whose account holds markup.
        page.waitForResponse(response -> response.url().contains("/members?q=xss"), () -> page.locator("#q")
                .fill("xss"));
        assertThat(page.locator("#member-table tbody tr")).hasCount(PAYLOADS.size() + 2);
        hoverEach(page, "#member-table", PAYLOADS);
        link(page, "#member-table", seeded.everything()).click();
        assertThat(page.locator("#member-tags")).containsText(SCRIPT);
        hoverEach(page, "#member-tags", PAYLOADS);
        hoverEach(page, "#member-departments", PAYLOADS);
        link(page, "#member-tags", SCRIPT).click();
        assertThat(page.locator("#name")).hasValue(SCRIPT);

        open(
                page,
                "/members/" + UriUtils.encodePathSegment(HostileData.HOSTILE_ACCOUNTS.get(1), StandardCharsets.UTF_8));
        assertThat(page.locator("h1 small")).hasText(HostileData.HOSTILE_ACCOUNTS.get(1));

        open(page, "/departments");
        hoverEach(page, "#department-tree", PAYLOADS);
        link(page, "#department-tree", IMG).click();
        assertThat(page.locator("h1")).containsText(IMG);

        open(page, "/recycle-bin");
        hoverEach(page, "#recycle-bin", PAYLOADS);
        open(page, "/tags/delete?ids=" + ids(seeded.tagIds()));
        hoverEach(page, "#delete-candidates", PAYLOADS);
        open(page, "/imports");
        hoverEach(page, "#history", PAYLOADS.stream().map(p -> p + ".csv").toList());
        open(page, "/imports/" + seeded.importIds().get(0));
        hoverEach(page, "#import-errors", PAYLOADS, false);
        open(page, "/rules");
        hoverEach(page, "#rules", PAYLOADS);
        link(page, "#rules", HostileData.ATTRIBUTE).click();
        assertThat(page.locator("#name")).hasValue(HostileData.ATTRIBUTE);
        open(page, "/rules/runs");
        hoverEach(page, "#runs", PAYLOADS);
        open(page, "/settings/tags");
        assertThat(page.locator("#forbiddenPrefixes")).hasValue("# @ " + String.join(" ", PAYLOADS));
        open(page, "/");
    }

    private void open(Page page, String path) {
        page.navigate(url(path));
        BrowserSupport.ready(page);
    }

    private static void hoverEach(Page page, String within, List<String> texts) {
        hoverEach(page, within, texts, true);
    }

    /** Each text is visible inside the element as text (the whole text of an element, or part of it); hovers them. */
    private static void hoverEach(Page page, String within, List<String> texts, boolean exact) {
        for (String text : texts) {
            Locator found = page.locator(within).getByText(text, new Locator.GetByTextOptions().setExact(exact));
            assertThat(found.first()).isVisible();
            for (Locator element : found.all()) {
                if (element.isVisible()) {
                    element.hover();
                }
            }
        }
    }

    private static List<String> values(Locator inputs) {
        return inputs.all().stream().map(Locator::inputValue).toList();
    }

    /** The link whose text is exactly this, inside the element. */
    private static Locator link(Page page, String within, String text) {
        return page.locator(within)
                .getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(text).setExact(true));
    }

    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
