package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.security.Routes.Route;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every route × every kind of caller. The table below is the declared expectation; the test reads
 * the routes the application actually serves and fails when one is missing from the table (a new
 * route cannot ship without a decision), when the table names a route that no longer exists, or when
 * any cell differs.
 *
 * <p>Cells: {@code ok} the request reaches its handler; {@code 403} refused for the role;
 * {@code login} an anonymous page request is sent to the login page; {@code 401} an anonymous API
 * call is answered with 401. Ids in the paths are ids that do not exist, so an allowed state-changing
 * call reaches its handler without changing anything; which rows a caller may see or change is the
 * business of {@link OutOfScopeIdsTests}. {@code POST /login} and {@code POST /logout} are Spring
 * Security's own filters, covered by the login tests.
 */
@WebTest
class PermissionMatrixTests {

    static final List<String> CALLERS = List.of("anonymous", "admin", "ops.sales", "ops.purchase", "auditor");

    static final String MATRIX = """
            # route                                          anonymous admin ops.sales ops.purchase auditor
            GET    /                                          login     ok    ok        ok           ok
            GET    /login                                     ok        ok    ok        ok           ok
            ANY    /error                                     ok        ok    ok        ok           ok
            GET    /actuator                                  login     ok    ok        ok           ok
            GET    /actuator/health                           ok        ok    ok        ok           ok
            GET    /actuator/health/**                        ok        ok    ok        ok           ok
            GET    /v3/api-docs                               401       ok    ok        ok           ok
            GET    /v3/api-docs.yaml                          401       ok    ok        ok           ok

            GET    /tags                                      login     ok    ok        ok           ok
            POST   /tags                                      login     ok    ok        ok           403
            GET    /tags/new                                  login     ok    ok        ok           ok
            GET    /tags/tree                                 login     ok    ok        ok           ok
            GET    /tags/reach                                login     ok    ok        ok           ok
            GET    /tags/color-check                          login     ok    ok        ok           ok
            GET    /tags/{id}                                 login     ok    ok        ok           ok
            POST   /tags/{id}                                 login     ok    ok        ok           403
            GET    /tags/delete                               login     ok    ok        ok           ok
            POST   /tags/delete                               login     ok    ok        ok           403
            GET    /recycle-bin                               login     ok    ok        ok           ok
            POST   /recycle-bin/{id}/restore                  login     ok    ok        ok           403
            GET    /tag-groups                                login     ok    ok        ok           ok
            POST   /tag-groups                                login     ok    403       403          403
            POST   /tag-groups/{id}                           login     ok    403       403          403
            GET    /settings/tags                             login     ok    ok        ok           ok
            POST   /settings/tags                             login     ok    403       403          403

            GET    /departments                               login     ok    ok        ok           ok
            POST   /departments                               login     ok    403       403          403
            GET    /departments/{id}                          login     ok    ok        ok           ok
            GET    /department-picker/{id}                    login     ok    ok        ok           ok
            POST   /departments/{id}/rename                   login     ok    403       403          403
            POST   /departments/{id}/move                     login     ok    403       403          403
            POST   /departments/{id}/delete                   login     ok    403       403          403
            GET    /members                                   login     ok    ok        ok           ok
            GET    /members [HX]                              login     ok    ok        ok           ok
            GET    /members/{account}                         login     ok    ok        ok           ok
            POST   /members/{account}/tags                    login     ok    ok        ok           403
            POST   /members/{account}/tags/{tagId}/remove     login     ok    ok        ok           403
            GET    /members/{account}/events                  login     ok    ok        ok           ok
            GET    /event-types                               login     ok    ok        ok           ok
            POST   /event-types                               login     ok    403       403          403
            GET    /event-types/{id}                          login     ok    ok        ok           ok
            POST   /event-types/{id}                          login     ok    403       403          403

            GET    /imports                                   login     ok    ok        ok           ok
            POST   /imports                                   login     ok    ok        ok           403
            GET    /imports/template.csv                      login     ok    ok        ok           ok
            GET    /imports/{id}                              login     ok    ok        ok           ok
            GET    /imports/{id}/progress                     login     ok    ok        ok           ok
            GET    /imports/{id}/errors.csv                   login     ok    ok        ok           ok
            POST   /imports/{id}/apply                        login     ok    ok        ok           403
            POST   /imports/{id}/full-width-separator         login     ok    ok        ok           403
            GET    /exports/tags.csv                          login     ok    ok        ok           ok
            GET    /exports/member-tags.csv                   login     ok    ok        ok           ok

            GET    /rules                                     login     ok    ok        ok           ok
            POST   /rules                                     login     ok    403       403          403
            GET    /rules/new                                 login     ok    403       403          403
            GET    /rules/runs                                login     ok    ok        ok           ok
            GET    /rules/run                                 login     ok    403       403          403
            POST   /rules/run                                 login     ok    403       403          403
            GET    /rules/{id}                                login     ok    ok        ok           ok
            POST   /rules/{id}                                login     ok    403       403          403
            POST   /rules/{id}/delete                         login     ok    403       403          403
            GET    /rules/deleted                             login     ok    ok        ok           ok
            POST   /rules/{id}/restore                        login     ok    403       403          403
            POST   /rules/{id}/run                            login     ok    403       403          403

            GET    /tokens                                    login     ok    ok        ok           ok
            POST   /tokens                                    login     ok    ok        ok           ok
            POST   /tokens/{id}/revoke                        login     ok    ok        ok           ok
            GET    /tokens/service                            login     ok    403       403          403
            POST   /tokens/service                            login     ok    403       403          403
            POST   /tokens/service/{id}/revoke                login     ok    403       403          403
            GET    /segments                                  login     ok    ok        ok           ok
            GET    /segments/new                              login     ok    ok        ok           403
            POST   /segments                                  login     ok    ok        ok           403
            GET    /segments/count                            login     ok    ok        ok           ok
            GET    /segments/follow-up                        login     ok    ok        ok           ok
            GET    /segments/follow-up/members.csv            login     ok    ok        ok           ok
            GET    /segments/{id}                             login     ok    ok        ok           ok
            POST   /segments/{id}                             login     ok    ok        ok           403
            GET    /segments/{id}/edit                        login     ok    ok        ok           ok
            POST   /segments/{id}/share                       login     ok    ok        ok           403
            POST   /segments/{id}/delete                      login     ok    ok        ok           403
            GET    /segments/{id}/members.csv                 login     ok    ok        ok           ok
            GET    /settings/follow-up                        login     ok    403       403          ok
            POST   /settings/follow-up                        login     ok    403       403          403

            GET    /audit                                     login     ok    403       403          ok
            GET    /audit/events.csv                          login     ok    403       403          ok

            GET    /api/v1/tags                               401       ok    ok        ok           ok
            POST   /api/v1/tags                               401       ok    ok        ok           403
            GET    /api/v1/tags/{id}                          401       ok    ok        ok           ok
            PUT    /api/v1/tags/{id}                          401       ok    ok        ok           403
            DELETE /api/v1/tags                               401       ok    ok        ok           403
            POST   /api/v1/tags/{id}/restore                  401       ok    ok        ok           403
            GET    /api/v1/recycle-bin                        401       ok    ok        ok           ok
            GET    /api/v1/tag-groups                         401       ok    ok        ok           ok
            POST   /api/v1/tag-groups                         401       ok    403       403          403
            PUT    /api/v1/members/{account}/tags/{tagId}     401       ok    ok        ok           403
            DELETE /api/v1/members/{account}/tags/{tagId}     401       ok    ok        ok           403
            GET    /api/v1/departments                        401       ok    ok        ok           ok
            POST   /api/v1/departments                        401       ok    403       403          403
            GET    /api/v1/members                            401       ok    ok        ok           ok
            POST   /api/v1/members                            401       ok    403       403          403
            GET    /api/v1/members/{account}                  401       ok    ok        ok           ok
            PUT    /api/v1/members/{account}                  401       ok    403       403          403
            POST   /api/v1/users                              401       ok    403       403          403
            POST   /api/v1/imports                            401       ok    ok        ok           403
            GET    /api/v1/imports/{id}                       401       ok    ok        ok           ok
            GET    /api/v1/imports/{id}/errors.csv            401       ok    ok        ok           ok
            POST   /api/v1/imports/{id}/apply                 401       ok    ok        ok           403
            GET    /api/v1/imports/{id}/changes               401       ok    ok        ok           ok
            GET    /api/v1/exports/tags.csv                   401       ok    ok        ok           ok
            GET    /api/v1/exports/member-tags.csv            401       ok    ok        ok           ok
            GET    /api/v1/rules                              401       ok    ok        ok           ok
            POST   /api/v1/rules                              401       ok    403       403          403
            GET    /api/v1/rules/{id}                         401       ok    ok        ok           ok
            PUT    /api/v1/rules/{id}                         401       ok    403       403          403
            DELETE /api/v1/rules/{id}                         401       ok    403       403          403
            GET    /api/v1/rules/deleted                      401       ok    ok        ok           ok
            POST   /api/v1/rules/{id}/restore                 401       ok    403       403          403
            POST   /api/v1/rules/dry-run                      401       ok    403       403          403
            POST   /api/v1/rules/{id}/dry-run                 401       ok    403       403          403
            POST   /api/v1/rules/run                          401       ok    403       403          403
            POST   /api/v1/rules/{id}/run                     401       ok    403       403          403
            GET    /api/v1/rule-runs                          401       ok    ok        ok           ok
            GET    /api/v1/rule-runs/{id}                     401       ok    ok        ok           ok
            GET    /api/v1/tokens                             401       ok    ok        ok           ok
            POST   /api/v1/tokens                             401       ok    ok        ok           ok
            DELETE /api/v1/tokens/{id}                        401       ok    ok        ok           ok
            GET    /api/v1/event-types                        401       ok    ok        ok           ok
            POST   /api/v1/event-types                        401       ok    403       403          403
            GET    /api/v1/event-types/{id}                   401       ok    ok        ok           ok
            PUT    /api/v1/event-types/{id}                   401       ok    403       403          403
            POST   /api/v1/events                             401       ok    ok        ok           403
            GET    /api/v1/members/{account}/events           401       ok    ok        ok           ok
            GET    /api/v1/segments                           401       ok    ok        ok           ok
            POST   /api/v1/segments                           401       ok    ok        ok           403
            GET    /api/v1/segments/{id}                      401       ok    ok        ok           ok
            PUT    /api/v1/segments/{id}                      401       ok    ok        ok           403
            DELETE /api/v1/segments/{id}                      401       ok    ok        ok           403
            GET    /api/v1/segments/{id}/members              401       ok    ok        ok           ok
            POST   /api/v1/segments/preview                   401       ok    ok        ok           ok
            GET    /api/v1/audit-events                       401       ok    403       403          ok
            GET    /api/v1/audit-events.csv                   401       ok    403       403          ok
            """;

    /**
     * Which demo tags each caller sees, and which they may change: {@code change} the tag page opens
     * with a save button; {@code see} it opens read-only; {@code 404} it answers like a missing tag.
     * An OPS user sees the tags visible to their home department (directly, or from an ancestor with
     * "include sub-departments") and to any department inside their scope; they change only tags
     * seen nowhere outside it.
     */
    static final String TAG_MATRIX = """
            # tag (visible to)                            admin  ops.sales ops.purchase auditor
            渠道_线上活动_双十一  (whole company)            change see       see          see
            SALES_华东_重点客户   (销售部+)                  change change    404          see
            SALES_大客户          (销售部)                   change change    404          see
            SALES_华东_门店会员   (华东区)                   change change    404          see
            SALES_华南_经销商     (华南区)                   change change    404          see
            MKT_公众号_粉丝       (市场部, 销售部+)          change see       404          see
            MKT_618大促_意向客户  (市场部)                   change 404       404          see
            PUR_供应商_一级       (采购部)                   change 404       change       see
            """;

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
    void everyServedRouteHasADeclaredExpectationAndEveryDeclaredRouteIsServed() {
        Map<String, Route> served = Routes.served(context);
        assertThat(new TreeSet<>(declared().keySet()))
                .as("the permission matrix must declare exactly the routes the application serves")
                .isEqualTo(new TreeSet<>(served.keySet()));
    }

    @Test
    void everyCallerGetsExactlyTheDeclaredAnswerOnEveryRoute() throws Exception {
        Map<String, Route> served = Routes.served(context);
        List<String> differences = new ArrayList<>();
        for (var row : declared().entrySet()) {
            Route route = served.get(row.getKey());
            if (route == null) {
                continue; // reported by the other test
            }
            for (int i = 0; i < CALLERS.size(); i++) {
                String expected = row.getValue().get(i);
                String actual = outcome(mvc.perform(call(route, CALLERS.get(i))).andReturn());
                if (!expected.equals(actual)) {
                    differences.add("%-50s %-13s expected %-5s got %s"
                            .formatted(row.getKey(), CALLERS.get(i), expected, actual));
                }
            }
        }
        assertThat(differences).as("cells that differ from the matrix").isEmpty();
    }

    @Test
    void everyCallerSeesAndChangesExactlyTheDeclaredTags() throws Exception {
        List<String> callers = CALLERS.subList(1, CALLERS.size());
        List<String> differences = new ArrayList<>();
        TAG_MATRIX
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(line -> {
                    String[] cells = line.split("\\s+");
                    String name = cells[0];
                    List<String> expected = List.of(cells).subList(cells.length - callers.size(), cells.length);
                    long id = users.count("select id from tag where name = ?", name);
                    for (int i = 0; i < callers.size(); i++) {
                        String actual = tagOutcome(id, callers.get(i));
                        if (!expected.get(i).equals(actual)) {
                            differences.add("%-22s %-13s expected %-6s got %s"
                                    .formatted(name, callers.get(i), expected.get(i), actual));
                        }
                    }
                });
        assertThat(differences).as("tags seen or changed other than declared").isEmpty();
    }

    private String tagOutcome(long id, String caller) {
        try {
            MvcResult page =
                    mvc.perform(get("/tags/" + id).with(users.as(caller))).andReturn();
            int api = mvc.perform(get("/api/v1/tags/" + id).with(users.as(caller)))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            int status = page.getResponse().getStatus();
            if (status != api) {
                return "page " + status + " but API " + api;
            }
            if (status == 404) {
                return "404";
            }
            return page.getResponse()
                            .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)
                            .contains("id=\"save-tag\"")
                    ? "change"
                    : status == 200 ? "see" : String.valueOf(status);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An admin's live session, and a request without the token: 403, and the handler never runs. */
    @Test
    void everyStateChangingPageRouteRefusesARequestWithoutTheCsrfToken() throws Exception {
        MockHttpSession session = adminSession();
        mvc.perform(get("/departments").session(session)).andExpect(status().isOk()); // its forms hold a token
        List<String> accepted = new ArrayList<>();
        for (Route route : Routes.served(context).values()) {
            if (!route.changesState() || route.api() || route.pattern().equals("/error")) {
                continue;
            }
            MvcResult result = mvc.perform(request(
                                    HttpMethod.valueOf(route.method()),
                                    route.path(Routes.MISSING_ID, Routes.MISSING_ACCOUNT))
                            .session(session))
                    .andReturn();
            if (result.getResponse().getStatus() != 403 || result.getHandler() != null) {
                accepted.add(route.key() + " → " + result.getResponse().getStatus() + " "
                        + result.getResponse().getRedirectedUrl());
            }
        }
        assertThat(accepted)
                .as("state-changing page routes that accepted a request without the CSRF token")
                .isEmpty();
    }

    @Test
    void anAuditorWhoChangesNothingMayStillLogOut() throws Exception {
        mvc.perform(post("/logout").with(users.as("auditor")).with(csrf())).andExpect(redirectedUrl("/login?logout"));
    }

    @Test
    void aConsoleSessionCookieDoesNotAuthenticateTheApiSoTheApiNeedsNoCsrfToken() throws Exception {
        MockHttpSession session = adminSession();
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/tag-groups")
                        .session(session)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"会话组\"}"))
                .andExpect(status().isUnauthorized());
        assertThat(users.count("select count(*) from tag_group where name = '会话组'"))
                .isZero();
    }

    /** An admin logged in through the login form, as a browser would be. */
    private MockHttpSession adminSession() throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user("admin").password("tagdesk-demo"))
                .andExpect(redirectedUrl("/"))
                .andReturn()
                .getRequest()
                .getSession(false);
    }

    private MockHttpServletRequestBuilder call(Route route, String caller) {
        MockHttpServletRequestBuilder request =
                request(HttpMethod.valueOf(route.method()), route.path(Routes.MISSING_ID, Routes.MISSING_ACCOUNT));
        if (route.htmx()) {
            request.header("HX-Request", "true");
        }
        if (!caller.equals("anonymous")) {
            request.with(users.as(caller));
        }
        if (route.changesState() && !route.api()) {
            request.with(csrf());
        }
        return request;
    }

    static String outcome(MvcResult result) {
        int status = result.getResponse().getStatus();
        String location = result.getResponse().getRedirectedUrl();
        if (status == 401) {
            return "401";
        }
        if (status == 403) {
            return "403";
        }
        if (status == 302 && location != null && location.endsWith("/login") && result.getHandler() == null) {
            return "login";
        }
        return result.getHandler() != null ? "ok" : "unhandled " + status;
    }

    /** The table above: route key → one cell per caller. */
    static Map<String, List<String>> declared() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        MATRIX.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(line -> {
                    String[] cells = line.split("\\s+");
                    boolean htmx = cells[2].equals("[HX]");
                    String key = cells[0] + " " + cells[1] + (htmx ? " [HX]" : "");
                    List<String> answers = List.of(cells).subList(htmx ? 3 : 2, cells.length);
                    assertThat(answers).as(line).hasSize(CALLERS.size());
                    assertThat(rows.put(key, answers))
                            .as("declared twice: " + key)
                            .isNull();
                });
        return rows;
    }
}
