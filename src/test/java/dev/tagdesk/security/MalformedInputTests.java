package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.tagdesk.security.Routes.Route;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every route, called by an admin and by an OPS user with malformed input: ids that are not numbers
 * or do not fit a {@code long}, negative and absurd paging, wrong types and huge values in every
 * parameter the application reads, broken and mistyped JSON, unknown routes and wrong methods. No
 * answer is a 5xx, and no answer shows a stack trace, SQL, a database message or a Java class name.
 */
@WebTest
class MalformedInputTests {

    static final String HUGE = "标".repeat(100_000);

    /** What must never reach a user: Java internals, and what PostgreSQL says when SQL goes wrong. */
    static final Pattern LEAK = Pattern.compile(
            "Exception|Caused by|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.|javax\\.|jakarta\\.|org\\.springframework|"
                    + "org\\.hibernate|org\\.postgresql|dev\\.tagdesk|tools\\.jackson|com\\.fasterxml|SQLState|"
                    + "SQL state|syntax error at or near|ERROR: |duplicate key value|violates |Whitelabel|"
                    + "\\bselect\\b[^<>\"]{0,200}\\bfrom\\b");

    /** Every parameter name a handler reads, each with a value of the wrong type or an absurd size. */
    static final Map<String, String> BAD_PARAMETERS = Map.ofEntries(
            Map.entry("page", "abc"),
            Map.entry("size", "99999999999"),
            Map.entry("ids", "1,abc"),
            Map.entry("id", "abc"),
            Map.entry("tagId", "abc"),
            Map.entry("departmentId", "1e99"),
            Map.entry("groupId", "-"),
            Map.entry("parentId", "abc"),
            Map.entry("version", "abc"),
            Map.entry("expiringWithinDays", "abc"),
            Map.entry("mode", "bogus"),
            Map.entry("dryRun", "perhaps"),
            Map.entry("fullWidthSeparator", "perhaps"),
            Map.entry("detach", "perhaps"),
            Map.entry("from", "yesterday"),
            Map.entry("to", "2026-13-45"),
            Map.entry("action", HUGE),
            Map.entry("q", HUGE),
            Map.entry("name", HUGE),
            Map.entry("newName", HUGE),
            Map.entry("color", HUGE),
            Map.entry("code", HUGE),
            Map.entry("description", HUGE),
            Map.entry("expiresAt", "never"));

    static final List<String> BAD_BODIES = List.of(
            "{",
            "null",
            "[]",
            "\"text\"",
            "{\"name\":[1,2],\"color\":{},\"groupId\":\"x\",\"version\":\"y\",\"condition\":5,\"action\":\"z\","
                    + "\"departments\":\"q\",\"visibility\":7,\"tags\":7,\"expiresAt\":\"never\",\"role\":\"KING\"}",
            "{\"name\":\"" + HUGE + "\",\"code\":\"" + HUGE + "\",\"account\":\"" + HUGE + "\"}",
            "{\"unknownField\":1}");

    static final List<String> BAD_IDS = List.of("abc", "99999999999999999999999", "-1", "1.5", "x' or '1'='1");

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers users;

    @BeforeEach
    @AfterEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void noRouteAnswersMalformedInputWithA5xxOrAnyInternals() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Route route : Routes.served(context).values()) {
            if (route.pattern().startsWith("/actuator") || route.pattern().equals("/error")) {
                continue;
            }
            for (String caller : List.of("admin", "ops.sales")) {
                for (var call : calls(route).entrySet()) {
                    check(
                            route.key() + " " + call.getKey() + " as " + caller,
                            call.getValue(),
                            caller,
                            route,
                            problems);
                }
            }
        }
        assertThat(problems)
                .as("answers to malformed input that fail or leak internals")
                .isEmpty();
    }

    @Test
    void theLeakPatternRecognisesWhatItLooksForAndNotOrdinaryPages() {
        for (String leak : List.of(
                "org.postgresql.util.PSQLException: ERROR: syntax error at or near \"from\"",
                "\tat dev.tagdesk.tag.TagService.create(TagService.java:42)",
                "Failed to convert value of type 'java.lang.String' to required type 'long'",
                "select t.id, t.name from tag t where t.id = ?",
                "duplicate key value violates unique constraint \"tag_live_name_uq\"")) {
            assertThat(LEAK.matcher(leak).find()).as(leak).isTrue();
        }
        assertThat(LEAK.matcher("<select name=\"groupId\" class=\"form-select\"><option>选择</option></select> 来自 from")
                        .find())
                .isFalse();
    }

    @Test
    void unknownRoutesAndWrongMethodsAnswerWithoutInternals() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, MockHttpServletRequestBuilder> calls = new LinkedHashMap<>();
        calls.put("unknown page", request(HttpMethod.GET, "/nowhere/{x}", "abc"));
        calls.put("unknown API", request(HttpMethod.GET, "/api/v1/nowhere"));
        calls.put("PATCH on a page", request(HttpMethod.PATCH, "/tags").with(csrf()));
        calls.put("DELETE on a page", request(HttpMethod.DELETE, "/tags/1").with(csrf()));
        calls.put("PATCH on the API", request(HttpMethod.PATCH, "/api/v1/tags/1"));
        calls.put(
                "XML to the API",
                request(HttpMethod.POST, "/api/v1/tags")
                        .contentType(MediaType.APPLICATION_XML)
                        .content("<tag/>"));
        calls.put(
                "JSON the API does not produce",
                request(HttpMethod.GET, "/api/v1/tags").accept(MediaType.IMAGE_PNG));
        for (var call : calls.entrySet()) {
            check(call.getKey(), call.getValue(), "admin", null, problems);
        }
        assertThat(problems).isEmpty();
    }

    private void check(
            String what, MockHttpServletRequestBuilder request, String caller, Route route, List<String> problems)
            throws Exception {
        MvcResult result = mvc.perform(request.with(users.as(caller))).andReturn();
        int status = result.getResponse().getStatus();
        String body = result.getResponse().getContentAsString();
        String type = String.valueOf(result.getResponse().getContentType());
        if (status >= 500) {
            problems.add("%s → %d".formatted(what, status));
        }
        if (status >= 400 || type.startsWith("text/html")) {
            var leak = LEAK.matcher(body);
            if (leak.find()) {
                problems.add("%s → %d shows «%s»"
                        .formatted(
                                what,
                                status,
                                body.substring(
                                        Math.max(0, leak.start() - 40), Math.min(body.length(), leak.end() + 40))));
            }
        }
    }

    /** The malformed calls made on one route. */
    private static Map<String, MockHttpServletRequestBuilder> calls(Route route) {
        Map<String, MockHttpServletRequestBuilder> calls = new LinkedHashMap<>();
        HttpMethod method = HttpMethod.valueOf(route.method());
        int variables = (int) route.pattern().chars().filter(c -> c == '{').count();
        if (variables > 0) {
            for (String id : BAD_IDS) {
                calls.put("id «" + id + "»", prepared(route, request(method, route.pattern(), ids(variables, id))));
            }
        }
        calls.put(
                "bad parameters",
                prepared(route, withParameters(request(method, route.pattern(), ids(variables, "1")))));
        calls.put(
                "negative paging",
                prepared(
                        route,
                        request(method, route.pattern(), ids(variables, "2"))
                                .param("page", "-5")
                                .param("size", "-1")));
        if (route.api() && route.changesState()) {
            for (String body : BAD_BODIES) {
                String shown = body.length() > 40 ? body.substring(0, 40) + "…" : body;
                calls.put(
                        "body «" + shown + "»",
                        request(method, route.pattern(), ids(variables, "1"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(body));
            }
        }
        return calls;
    }

    private static MockHttpServletRequestBuilder prepared(Route route, MockHttpServletRequestBuilder request) {
        if (route.htmx()) {
            request.header("HX-Request", "true");
        }
        if (route.changesState() && !route.api()) {
            request.with(csrf());
        }
        return request;
    }

    private static MockHttpServletRequestBuilder withParameters(MockHttpServletRequestBuilder request) {
        BAD_PARAMETERS.forEach(request::param);
        return request;
    }

    private static Object[] ids(int count, String id) {
        return java.util.Collections.nCopies(count, id).toArray();
    }
}
