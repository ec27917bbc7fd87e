package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.TokenScope;
import dev.tagdesk.access.token.AccessTokens;
import dev.tagdesk.security.Routes.Route;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The permission matrix's token column: every API route × the token scope it needs. An admin's token
 * holding exactly that scope reaches the handler; one holding every other scope (but not
 * {@code admin}) is refused with 403 {@code INSUFFICIENT_SCOPE} naming it. {@code none}: no token may
 * call the route at all (managing tokens), not even one with the {@code admin} scope. A new API route
 * cannot ship without a line here. What a token narrowed to a department sees is
 * {@code AccessTokenTests}' business (exactly what an OPS user of that department sees).
 */
@WebTest
class TokenScopeMatrixTests {

    static final String MATRIX = """
            # route                                          scope
            GET    /v3/api-docs                               admin
            GET    /v3/api-docs.yaml                          admin
            GET    /api/v1/tags                               tags:read
            POST   /api/v1/tags                               admin
            GET    /api/v1/tags/{id}                          tags:read
            PUT    /api/v1/tags/{id}                          admin
            DELETE /api/v1/tags                               admin
            POST   /api/v1/tags/{id}/restore                  admin
            GET    /api/v1/recycle-bin                        tags:read
            GET    /api/v1/tag-groups                         tags:read
            POST   /api/v1/tag-groups                         admin
            PUT    /api/v1/members/{account}/tags/{tagId}     member-tags:write
            DELETE /api/v1/members/{account}/tags/{tagId}     member-tags:write
            GET    /api/v1/departments                        members:read
            POST   /api/v1/departments                        admin
            GET    /api/v1/members                            members:read
            POST   /api/v1/members                            admin
            GET    /api/v1/members/{account}                  members:read
            PUT    /api/v1/members/{account}                  admin
            POST   /api/v1/users                              admin
            POST   /api/v1/imports                            member-tags:write
            GET    /api/v1/imports/{id}                       member-tags:write
            GET    /api/v1/imports/{id}/errors.csv            member-tags:write
            POST   /api/v1/imports/{id}/apply                 member-tags:write
            GET    /api/v1/imports/{id}/changes               member-tags:write
            GET    /api/v1/exports/tags.csv                   tags:read
            GET    /api/v1/exports/member-tags.csv            members:read
            GET    /api/v1/rules                              tags:read
            POST   /api/v1/rules                              admin
            GET    /api/v1/rules/{id}                         tags:read
            PUT    /api/v1/rules/{id}                         admin
            DELETE /api/v1/rules/{id}                         admin
            GET    /api/v1/rules/deleted                      tags:read
            POST   /api/v1/rules/{id}/restore                 admin
            POST   /api/v1/rules/dry-run                      admin
            POST   /api/v1/rules/{id}/dry-run                 admin
            POST   /api/v1/rules/run                          admin
            POST   /api/v1/rules/{id}/run                     admin
            GET    /api/v1/rule-runs                          tags:read
            GET    /api/v1/rule-runs/{id}                     tags:read
            GET    /api/v1/segments                           segments:read
            POST   /api/v1/segments                           admin
            GET    /api/v1/segments/{id}                      segments:read
            PUT    /api/v1/segments/{id}                      admin
            DELETE /api/v1/segments/{id}                      admin
            GET    /api/v1/segments/{id}/members              segments:read
            POST   /api/v1/segments/preview                   segments:read
            GET    /api/v1/tokens                             none
            POST   /api/v1/tokens                             none
            DELETE /api/v1/tokens/{id}                        none
            GET    /api/v1/event-types                        members:read
            POST   /api/v1/event-types                        admin
            GET    /api/v1/event-types/{id}                   members:read
            PUT    /api/v1/event-types/{id}                   admin
            POST   /api/v1/events                             events:write
            GET    /api/v1/members/{account}/events           members:read
            GET    /api/v1/audit-events                       admin
            GET    /api/v1/audit-events.csv                   admin
            """;

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers users;

    @Autowired
    AccessTokens tokens;

    @Autowired
    CurrentScope currentScope;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void everyApiRouteDeclaresTheScopeATokenNeeds() {
        TreeSet<String> served = new TreeSet<>();
        Routes.served(context).values().stream().filter(Route::api).forEach(r -> served.add(r.key()));
        assertThat(new TreeSet<>(declared().keySet()))
                .as("the token matrix must declare exactly the API routes the application serves")
                .isEqualTo(served);
    }

    @Test
    void aTokenReachesARouteExactlyWhenItHoldsTheDeclaredScope() throws Exception {
        Map<String, Route> served = Routes.served(context);
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> differences = new ArrayList<>();
        for (var row : declared().entrySet()) {
            Route route = served.get(row.getKey());
            if (route == null) {
                continue; // reported by the other test
            }
            String scope = row.getValue();
            if (scope.equals("none")) {
                expect(differences, route, secrets.computeIfAbsent("admin", this::tokenWith), "403 FORBIDDEN");
                continue;
            }
            expect(differences, route, secrets.computeIfAbsent(scope, this::tokenWith), "ok");
            String others = Arrays.stream(TokenScope.values())
                    .map(TokenScope::code)
                    .filter(s -> !s.equals(scope) && !s.equals("admin"))
                    .reduce((a, b) -> a + "," + b)
                    .orElseThrow();
            expect(differences, route, secrets.computeIfAbsent(others, this::tokenWith), "403 " + scope);
        }
        assertThat(differences)
                .as("routes whose token answer differs from the matrix")
                .isEmpty();
    }

    private void expect(List<String> differences, Route route, String token, String expected) throws Exception {
        var call = request(HttpMethod.valueOf(route.method()), route.path(Routes.MISSING_ID, Routes.MISSING_ACCOUNT))
                .header("Authorization", "Bearer " + token);
        String actual = outcome(mvc.perform(call).andReturn());
        if (!expected.equals(actual)) {
            differences.add("%-50s expected %-22s got %s".formatted(route.key(), expected, actual));
        }
    }

    private static String outcome(MvcResult result) throws Exception {
        int status = result.getResponse().getStatus();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        if (status == 403 && body.contains("\"INSUFFICIENT_SCOPE\"")) {
            return "403 " + body.replaceAll("(?s).*\"scope\":\"([^\"]+)\".*", "$1");
        }
        if (status == 403 || status == 401) {
            return status + " " + body.replaceAll("(?s).*\"code\":\"([^\"]+)\".*", "$1");
        }
        return result.getHandler() != null ? "ok" : "unhandled " + status;
    }

    private String tokenWith(String scopes) {
        return tokens.issue(
                        currentScope.of(users.user("admin")),
                        new AccessTokens.NewToken(
                                "matrix " + scopes.length(), List.of(scopes.split(",")), 1, null, false))
                .token();
    }

    static Map<String, String> declared() {
        Map<String, String> rows = new LinkedHashMap<>();
        MATRIX.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(line -> {
                    String[] cells = line.split("\\s+");
                    assertThat(cells).as(line).hasSize(3);
                    assertThat(rows.put(cells[0] + " " + cells[1], cells[2]))
                            .as("declared twice: " + line)
                            .isNull();
                });
        return rows;
    }
}
