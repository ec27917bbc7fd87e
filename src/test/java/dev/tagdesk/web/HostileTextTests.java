package dev.tagdesk.web;

import static dev.tagdesk.support.HostileData.OPS_USER;
import static dev.tagdesk.support.HostileData.PAYLOADS;
import static dev.tagdesk.support.HostileData.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.shared.Refusal;
import dev.tagdesk.support.ConsoleSessions;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.HostileData;
import dev.tagdesk.support.HostileData.Seeded;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.tag.TagNames;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Hostile text (markup, attribute breakers, {@code javascript:} URLs, template-injection probes) in
 * every name a user, an import or a directory sync can set renders as inert text on every page that
 * shows it, for admins and for an OPS user: never as markup, an event handler, a script URL or an
 * evaluated expression.
 */
@WebTest
class HostileTextTests {

    /** Markup that must never reach a page as it was typed. */
    static final List<String> RAW_MARKERS =
            List.of("<script>alert", "<img src=x", "<svg onload", "onmouseover='alert", "</textarea><svg");

    /**
     * The payloads the naming rules accept as tag names: a name with empty segments
     * ({@code __${7*7}__}) is refused, only legacy or synced data has one. In the tree such a name
     * ends in an empty segment, so its link reads "" and only its title carries the name.
     */
    static final List<String> ACCEPTED_AS_TAG_NAMES = PAYLOADS.stream()
            .filter(p -> !p.equals(HostileData.THYMELEAF_PREPROCESSING))
            .toList();

    /** Attributes a browser follows or loads as a URL, where {@code javascript:} would run. */
    static final Set<String> URL_ATTRIBUTES = Set.of(
            "href",
            "src",
            "action",
            "formaction",
            "xlink:href",
            "data",
            "poster",
            "background",
            "cite",
            "srcset",
            "ping",
            "manifest",
            "codebase",
            "longdesc",
            "usemap",
            "hx-get",
            "hx-post",
            "hx-put",
            "hx-patch",
            "hx-delete",
            "hx-push-url",
            "hx-replace-url");

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    HostileData hostile;

    Seeded seeded;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    /**
     * One page (or htmx fragment) to fetch, the payloads it must show escaped, and the elements whose
     * text must hold them as typed (proof they arrived as text, and that no probe was evaluated).
     */
    record Visit(
            MockHttpServletRequestBuilder request,
            String label,
            boolean fragment,
            int status,
            List<String> shown,
            String textsAt) {}

    static Visit visit(String path, List<String> shown, String textsAt) {
        return new Visit(get(path), path, false, 200, shown, textsAt);
    }

    static Visit visit(String path, List<String> shown) {
        return visit(path, shown, null);
    }

    static Visit fragment(String path, List<String> shown, String textsAt) {
        return new Visit(get(path).header("HX-Request", "true"), path + " (htmx)", true, 200, shown, textsAt);
    }

    List<Visit> pagesForEveryone() {
        List<Visit> pages = new ArrayList<>();
        pages.add(visit("/tags?size=100", PAYLOADS, "#tag-table a[href^=/tags/]"));
        for (int i = 0; i < PAYLOADS.size(); i++) {
            pages.add(visit("/tags/" + seeded.tagIds().get(i), PAYLOADS, "#groupId option"));
            pages.add(visit("/tags/" + seeded.tagIds().get(i), List.of(PAYLOADS.get(i)), "#name"));
            pages.add(visit("/tags/" + seeded.tagIds().get(i), List.of(PAYLOADS.get(i)), "#description"));
        }
        pages.add(visit("/tags/tree", ACCEPTED_AS_TAG_NAMES, "#tag-tree a[title]"));
        long d1 = seeded.departmentIds().get(0);
        pages.add(fragment("/tags/reach?visibleDepartments=" + d1 + "&includeSub=" + d1, PAYLOADS, "#reach li"));
        // The department tree picker: the sub-departments of the first hostile department, opened.
        pages.add(fragment(
                "/department-picker/" + d1 + "?name=visibleDepartments&sub=includeSub&prefix=visible",
                PAYLOADS.subList(1, PAYLOADS.size()),
                ".td-dept-choice label"));
        pages.add(visit("/tags/" + seeded.tagIds().get(0), List.of(PAYLOADS.get(0)), "#visible-picker label"));
        for (int i = 0; i < PAYLOADS.size(); i++) {
            // the live colour check names the group and its tag closest to the colour
            pages.add(fragment(
                    "/tags/color-check?color=%23000000&groupId="
                            + seeded.groupIds().get(i),
                    List.of(PAYLOADS.get(i)),
                    "#color-check p, #color-check li"));
        }
        pages.add(visit("/tag-groups", PAYLOADS, "#group-table input[name=name], #group-table td"));
        pages.add(visit("/settings/tags", PAYLOADS, "#forbiddenPrefixes"));
        pages.add(visit("/members?q=xss&size=100", PAYLOADS, "#member-table td"));
        pages.add(fragment("/members?q=xss&size=100", PAYLOADS, "#member-table td"));
        pages.add(visit("/members/" + seeded.everything(), PAYLOADS, "#member-tags a[href^=/tags/]"));
        for (int i = 0; i < PAYLOADS.size(); i++) {
            pages.add(visit("/members/" + seeded.accounts().get(i), List.of(PAYLOADS.get(i)), "h1 span"));
        }
        for (String account : HostileData.HOSTILE_ACCOUNTS) {
            pages.add(new Visit(
                    get("/members/{account}", account),
                    "/members/" + account,
                    false,
                    200,
                    List.of(account),
                    "h1 small"));
        }
        pages.add(visit("/departments", PAYLOADS, "#department-tree a"));
        for (int i = 0; i < PAYLOADS.size(); i++) {
            pages.add(visit(
                    "/departments/" + seeded.departmentIds().get(i), List.of(PAYLOADS.get(i)), "h1 span:first-child"));
        }
        pages.add(visit("/recycle-bin", PAYLOADS, "#recycle-bin td > span:not(.badge)"));
        pages.add(visit("/tags/delete?ids=" + ids(seeded.tagIds()), PAYLOADS, "#delete-candidates a"));
        pages.add(visit("/imports", PAYLOADS.stream().map(p -> p + ".csv").toList(), "#history td"));
        for (long id : seeded.importIds()) {
            pages.add(visit("/imports/" + id, PAYLOADS, "#import-errors li"));
        }
        pages.add(visit("/rules", PAYLOADS, "#rules a"));
        for (long rule : seeded.ruleIds()) {
            pages.add(visit("/rules/" + rule, PAYLOADS, "#addTagIds option"));
        }
        pages.add(visit("/rules/runs", PAYLOADS, ".run-step a"));
        return pages;
    }

    @Test
    void everyPageShowsHostileTextAsInertTextToAdmins() throws Exception {
        seeded = hostile.seed();
        List<Visit> pages = new ArrayList<>(pagesForEveryone());
        pages.add(visit("/", List.of()));
        pages.add(visit("/tags/new", PAYLOADS, "#groupId option"));
        pages.add(visit("/rules/new", PAYLOADS, "#addTagIds option"));
        pages.add(visit("/audit", PAYLOADS, "#audit-table td:nth-child(4)"));
        // The department page offers every department as a new parent, to admins only.
        pages.add(visit("/departments/" + seeded.departmentIds().get(1), PAYLOADS, "#new-parent option"));
        checkAll("admin", pages);
    }

    @Test
    void everyPageShowsHostileTextAsInertTextToTheOpsUserOfTheHostileDepartments() throws Exception {
        seeded = hostile.seed();
        List<Visit> pages = new ArrayList<>(pagesForEveryone());
        // Home: the OPS user's home department is the first hostile one.
        pages.add(visit("/", List.of(SCRIPT), "#who span"));
        // Admins and auditors only: the OPS user is refused.
        pages.add(new Visit(get("/audit"), "/audit (refused)", false, 403, List.of(), null));
        checkAll(OPS_USER, pages);
    }

    private void checkAll(String user, List<Visit> pages) throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Visit page : pages) {
            MockHttpServletResponse response =
                    mvc.perform(page.request().with(demo.as(user))).andReturn().getResponse();
            String where = user + " " + page.label();
            softly.assertThat(response.getStatus()).as(where).isEqualTo(page.status());
            String html = response.getContentAsString();
            checkInert(softly, where, html);
            for (String payload : page.shown()) {
                softly.assertThat(html).as(where + ": shows the escaped text").contains(escaped(payload));
            }
            Document document = Jsoup.parse(html);
            if (page.textsAt() != null) {
                List<String> texts = texts(document, page.textsAt());
                for (String payload : page.shown()) {
                    softly.assertThat(texts)
                            .as(where + ": reads as typed at " + page.textsAt())
                            .anyMatch(text -> text.contains(payload));
                }
            }
            if (!user.equals("admin") && !page.fragment() && page.status() == 200) {
                softly.assertThat(texts(document, "#current-user > span:first-child"))
                        .as(where + ": the user's name in the header")
                        .containsExactly(OPS_USER);
            }
        }
        softly.assertAll();
    }

    /** The checks that hold for any page, whatever data it shows. */
    static void checkInert(SoftAssertions softly, String where, String html) {
        for (String marker : RAW_MARKERS) {
            softly.assertThat(html).as(where + ": raw markup").doesNotContain(marker);
        }
        for (String payload : PAYLOADS) {
            if (payload.chars().anyMatch(c -> "<>\"'".indexOf(c) >= 0)) {
                softly.assertThat(html).as(where + ": payload unescaped").doesNotContain(payload);
            }
        }
        Document document = Jsoup.parse(html);
        for (Element element : document.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                String value =
                        attribute.getValue().replaceAll("[\\s\\p{Cntrl}]", "").toLowerCase(Locale.ROOT);
                String on = where + ": <" + element.tagName() + " " + attribute.getKey() + "=\"" + attribute.getValue()
                        + "\">";
                softly.assertThat(name).as(on + " is an event handler").doesNotStartWith("on");
                softly.assertThat(name).as(on + " is an htmx handler").doesNotStartWith("hx-on");
                softly.assertThat(name)
                        .as(on + " is a style the CSP would refuse")
                        .isNotEqualTo("style");
                if (URL_ATTRIBUTES.contains(name)) {
                    softly.assertThat(value)
                            .as(on + " is a script URL")
                            .doesNotStartWith("javascript:")
                            .doesNotStartWith("vbscript:")
                            .doesNotStartWith("data:text/html");
                }
                if (name.startsWith("hx-")) {
                    softly.assertThat(value).as(on + " is htmx script").doesNotStartWith("js:");
                }
            }
        }
        for (Element script : document.select("script")) {
            softly.assertThat(script.attr("src"))
                    .as(where + ": a script of TagDesk's own")
                    .matches("/(webjars|js)/.+");
            softly.assertThat(script.data()).as(where + ": inline script").isBlank();
        }
        softly.assertThat(document.select("img, iframe, frame, object, embed, base, meta[http-equiv=refresh]"))
                .as(where + ": elements TagDesk never renders")
                .isEmpty();
        softly.assertThat(document.select("svg:not(.td-swatch)"))
                .as(where + ": svg other than swatches")
                .isEmpty();
    }

    /** The texts (or values, for form fields) of the elements at a selector. */
    static List<String> texts(Document document, String selector) {
        return document.select(selector).stream()
                .map(e -> e.tagName().equals("input") || e.tagName().equals("textarea") ? e.val() : e.text())
                .toList();
    }

    /** How Thymeleaf writes text and attribute values: the five markup-significant characters as entities. */
    static String escaped(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Colours at least ΔE00 18 apart and none of them red, so the colour rules accept every tag of one group. */
    static final List<String> COLORS =
            List.of("#1F77B4", "#2CA02C", "#9467BD", "#17BECF", "#0B1F4D", "#7FFF00", "#FF00FF", "#008080", "#C0C0FF");

    @Test
    void hostileNamesTypedIntoTheFormsAndTheApiAreKeptAsTypedOrRefusedWithACode() throws Exception {
        long hq = demo.departmentId("HQ");
        long anyTag = demo.count("select id from tag where name = '待激活'");
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String payload = PAYLOADS.get(i);
            mvc.perform(post("/tag-groups")
                            .param("name", payload)
                            .param("kind", "STATIC")
                            .param("sortOrder", String.valueOf(50 + i))
                            .with(csrf())
                            .with(demo.as("admin")))
                    .andExpect(status().isFound());
            mvc.perform(post("/departments")
                            .param("name", payload)
                            .param("code", "XSS-" + i)
                            .param("parentId", String.valueOf(hq))
                            .with(csrf())
                            .with(demo.as("admin")))
                    .andExpect(status().isFound());
            mvc.perform(json(post("/api/v1/members"), """
                            {"account":"xss.form.%d","name":%s,"departmentIds":[%d]}""".formatted(i, quoted(payload), hq)))
                    .andExpect(status().isCreated());
            mvc.perform(json(post("/api/v1/rules"), """
                            {"name":%s,"enabled":false,"condition":{"inactiveDays":%d},"action":{"add":[%d]},
                             "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(quoted(payload), 30 + i, anyTag, hq)))
                    .andExpect(status().isCreated());
            mvc.perform(multipart("/imports")
                            .file(new MockMultipartFile(
                                    "file",
                                    payload + ".csv",
                                    "text/csv",
                                    "姓名,账号,标签1\r\n某人,no.such.member,待激活\r\n".getBytes(StandardCharsets.UTF_8)))
                            .with(csrf())
                            .with(demo.as("admin")))
                    .andExpect(status().isFound());
        }
        // An account is a key that travels in URLs: the API keeps it to letters, digits and . _ @ -.
        for (String payload : PAYLOADS) {
            mvc.perform(json(post("/api/v1/members"), """
                            {"account":%s,"name":"某人","departmentIds":[%d]}""".formatted(quoted(payload), hq)))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", containsString("application/problem+json")))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(jsonPath("$.errors[*].code", hasItem("MEMBER_ACCOUNT_INVALID")));
        }

        long group = demo.count("select id from tag_group where name = ?", PAYLOADS.get(0));
        List<String> created = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String payload = PAYLOADS.get(i);
            MvcResult result = mvc.perform(post("/tags")
                            .param("name", payload)
                            .param("groupId", String.valueOf(group))
                            .param("color", COLORS.get(i))
                            .param("description", payload)
                            .param("wholeCompany", "true")
                            .with(csrf())
                            .with(demo.as("admin")))
                    .andReturn();
            if (result.getResponse().getStatus() == 302) {
                created.add(payload);
                // The tag page after saving says so, naming the tag.
                String saved = mvc.perform(get(result.getResponse().getRedirectedUrl())
                                .cookie(ConsoleSessions.of(result))
                                .with(demo.as("admin")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
                checkInert(softly, "saved tag " + payload, saved);
                softly.assertThat(texts(Jsoup.parse(saved), "#flash"))
                        .singleElement()
                        .asString()
                        .contains(payload);
                continue;
            }
            // Refused: the form comes back with the name as typed and the reason, both inert.
            String html = result.getResponse().getContentAsString();
            checkInert(softly, "refused tag form " + payload, html);
            softly.assertThat(html).contains(escaped(payload));
            softly.assertThat(texts(Jsoup.parse(html), "#name")).containsExactly(payload);
            @SuppressWarnings("unchecked")
            List<Refusal> refusals =
                    (List<Refusal>) result.getModelAndView().getModel().get("refusals");
            softly.assertThat(refusals)
                    .as("why " + payload + " was refused: "
                            + refusals.stream()
                                    .map(r -> r.code() + java.util.Arrays.toString(r.args()))
                                    .toList())
                    .extracting(Refusal::code)
                    .containsExactly("NAME_EMPTY_SEGMENT", "NAME_TOO_MANY_SEGMENTS", "NAME_DID_YOU_MEAN");
        }
        softly.assertAll();
        // The naming rules have nothing against markup: it is only text. Empty segments are refused.
        assertThat(created).containsExactlyElementsOf(ACCEPTED_AS_TAG_NAMES);

        checkAll(
                "admin",
                List.of(
                        visit("/tag-groups", PAYLOADS),
                        visit("/departments", PAYLOADS, "#department-tree a"),
                        visit("/tags?size=100", created, "#tag-table a[href^=/tags/]"),
                        visit("/tags/tree", created, "#tag-tree a[title]"),
                        visit("/members?q=xss.form&size=100", PAYLOADS, "#member-table td"),
                        visit("/rules", PAYLOADS, "#rules a"),
                        visit("/imports", PAYLOADS.stream().map(p -> p + ".csv").toList(), "#history td"),
                        // What was created, as the audit log reads it: the names and the values set, as text.
                        visit("/audit", PAYLOADS, "#audit-table .audit-target, #audit-table .audit-changes li")));
    }

    @Test
    void hostileSearchTermsAreEchoedAsText() throws Exception {
        List<Visit> pages = new ArrayList<>();
        for (String payload : PAYLOADS) {
            pages.add(
                    new Visit(search("/tags", "q", payload), "/tags?q=" + payload, false, 200, List.of(payload), "#q"));
            pages.add(new Visit(
                    search("/members", "q", payload), "/members?q=" + payload, false, 200, List.of(payload), "#q"));
            pages.add(new Visit(
                    search("/members", "q", payload).header("HX-Request", "true"),
                    "/members?q=" + payload + " (htmx)",
                    true,
                    200,
                    List.of(),
                    null));
            pages.add(new Visit(
                    search("/audit", "actor", payload),
                    "/audit?actor=" + payload,
                    false,
                    200,
                    List.of(payload),
                    "#actor"));
        }
        checkAll("admin", pages);
    }

    static MockHttpServletRequestBuilder search(String path, String parameter, String term) {
        return get(path).param(parameter, term).param("size", "1");
    }

    MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body).with(httpBasic("admin", "tagdesk-demo"));
    }

    /** A JSON string literal. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Values a spreadsheet would run as a formula, half-width and full-width, and two already defused by a
     * quote of their own.
     */
    static final List<String> FORMULA_TAGS =
            List.of("=1+1", "+86 138", "-2+3", "@SUM(A1)", "'=自带引号", "＝2+2", "－5", "＠A1", "'＋自带引号");

    static final String FORMULA_MEMBER = "=HYPERLINK(\"http://evil.example\",\"点我\")";
    static final String FORMULA_ACCOUNT = "@csv.member";

    @Test
    void formulaCellsInTheExportsAreDefusedAndTheMemberTagsReimportToNoChange() throws Exception {
        // As a sync or legacy data could have them: the naming rules refuse a leading @, not = + -; and a
        // department name with a space before its formula.
        long hq = demo.count("select id from department where code = 'HQ'");
        long department = demo.count("""
                insert into department (name, code, parent_id, path, depth)
                select ' -2+3 部', 'CSV', id, path || 'pending/', 1 from department where id = ? returning id""", hq);
        demo.update("update department set path = '/' || ? || '/' || id || '/' where id = ?", hq, department);
        long group = demo.count("insert into tag_group (name, kind) values ('+SUM(1,2)', 'STATIC') returning id");
        // A user name cannot start a formula (names start with a-z or 0-9): the creator's is plain.
        long creator = demo.count("select id from app_user where username = 'admin'");
        long member = demo.count(
                "insert into member (account, name) values (?, ?) returning id", FORMULA_ACCOUNT, FORMULA_MEMBER);
        demo.update("insert into member_department (member_id, department_id) values (?, ?)", member, department);
        for (int i = 0; i < FORMULA_TAGS.size(); i++) {
            String name = FORMULA_TAGS.get(i);
            long tag = demo.count("""
                    insert into tag (group_id, name, normalized_name, color, created_by)
                    values (?, ?, ?, ?, ?) returning id""", group, name, TagNames.key(name), COLORS.get(i), creator);
            demo.update("insert into tag_visibility (tag_id, department_id) values (?, ?)", tag, department);
            demo.update(
                    "insert into member_tag (member_id, tag_id, source, assigned_by) values (?, ?, 'MANUAL', 'admin')",
                    member,
                    tag);
        }

        List<List<String>> tagList = csv(download("/exports/tags.csv?groupId=" + group));
        assertThat(tagList).hasSize(1 + FORMULA_TAGS.size());
        // Every cell a spreadsheet would run gets a quote in front; so does one that had a quote already,
        // so the import can take exactly one off again.
        List<String> defused = FORMULA_TAGS.stream().map(t -> "'" + t).toList();
        List<List<String>> rows = tagList.subList(1, tagList.size());
        assertThat(rows).extracting(row -> row.get(1)).containsExactlyInAnyOrderElementsOf(defused);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get(0)).isEqualTo("'+SUM(1,2)");
            assertThat(row.get(3)).isEqualTo("' -2+3 部");
            assertThat(row.get(6)).isEqualTo("admin");
        });
        List<List<String>> memberTags = csv(download("/exports/member-tags.csv?departmentId=" + department));
        assertThat(memberTags.get(1).subList(0, 2)).containsExactly("'" + FORMULA_MEMBER, "'" + FORMULA_ACCOUNT);
        assertThat(memberTags.get(1).subList(2, memberTags.get(1).size())).containsExactlyInAnyOrderElementsOf(defused);
        for (List<List<String>> file : List.of(tagList, memberTags)) {
            assertThat(file)
                    .flatMap(row -> row)
                    .noneMatch(cell -> !cell.isBlank()
                            && "=+-@＝＋－＠\t\r\n".indexOf(cell.strip().charAt(0)) >= 0);
        }

        // The import reads its own export back: the defusing quote is taken off, nothing changes.
        byte[] export = download("/exports/member-tags.csv");
        long before = demo.count("select count(*) from member_tag");
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "成员标签.csv", "text/csv", export))
                        .param("mode", "replace")
                        .param("dryRun", "false")
                        .with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(jsonPath("$.errors").isEmpty())
                .andExpect(jsonPath("$.warnings").isEmpty())
                .andExpect(jsonPath("$.toAdd").value(0))
                .andExpect(jsonPath("$.toRemove").value(0))
                .andExpect(jsonPath("$.applied").value(true));
        assertThat(demo.count("select count(*) from member_tag")).isEqualTo(before);
    }

    byte[] download(String url) throws Exception {
        return mvc.perform(get(url).with(demo.as("admin")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
    }

    /** The rows of an RFC 4180 file after its BOM, cells unquoted. */
    static List<List<String>> csv(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    @Test
    void taggingAMemberWhoseAccountHoldsMarkupComesBackToTheirPage() throws Exception {
        seeded = hostile.seed();
        for (String account : HostileData.HOSTILE_ACCOUNTS) {
            String page = "/members/" + UriUtils.encodePathSegment(account, StandardCharsets.UTF_8);
            long tag = seeded.tagIds().get(0);
            mvc.perform(post("/members/{account}/tags", account)
                            .param("tagId", String.valueOf(tag))
                            .with(csrf())
                            .with(demo.as("admin")))
                    .andExpect(redirectedUrl(page));
            mvc.perform(post("/members/{account}/tags/{tag}/remove", account, tag)
                            .with(csrf())
                            .with(demo.as("admin")))
                    .andExpect(redirectedUrl(page));
            String html = mvc.perform(get(URI.create(page)).with(demo.as("admin")))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(texts(Jsoup.parse(html), "h1 small")).containsExactly(account);
        }
    }
}
