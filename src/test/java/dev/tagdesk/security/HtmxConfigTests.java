package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.tagdesk.security.Routes.Route;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * htmx never evaluates a string as script: {@code allowEval} off (no {@code hx-on}, {@code js:} values
 * or trigger filters run) and {@code allowScriptTags} off (a swapped-in {@code <script>} is dropped).
 * Under the CSP (no inline script) the configuration can only come from the layout's
 * {@code <meta name="htmx-config">}, which htmx reads when the page loads; so every page must carry it.
 * {@code HostileTextBrowserIT} checks that Chromium's htmx took it.
 */
@WebTest
class HtmxConfigTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    DemoUsers demo;

    @Test
    void everyPageCarriesTheHtmxConfigThatForbidsEvalAndScriptTags() throws Exception {
        Map<String, String> ids = Map.of(
                "/tags/{id}", String.valueOf(demo.count("select id from tag where name = '待激活'")),
                "/departments/{id}", String.valueOf(demo.departmentId("SALES-E")),
                "/members/{account}", demo.memberOf("SALES-E"),
                "/rules/{id}", String.valueOf(demo.count("select min(id) from tag_rule")));
        Map<String, String> checked = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String caller : List.of("anonymous", "admin", "ops.sales")) {
            for (Route route : Routes.served(context).values()) {
                if (!route.method().equals("GET")
                        || route.htmx()
                        || route.api()
                        || route.pattern().startsWith("/actuator")) {
                    continue;
                }
                String id = ids.getOrDefault(route.pattern(), Routes.MISSING_ID);
                String path = route.path(id, ids.getOrDefault(route.pattern(), Routes.MISSING_ACCOUNT));
                MockHttpServletRequestBuilder request = get(path).header("Accept", "text/html");
                if (!caller.equals("anonymous")) {
                    request.with(demo.as(caller));
                }
                MvcResult result = mvc.perform(request).andReturn();
                String type = result.getResponse().getContentType();
                if (type == null || !type.startsWith("text/html")) {
                    continue; // a redirect to the login page, a CSV file
                }
                Document page = Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
                if (page.selectFirst("head > title") == null) {
                    continue; // a fragment, swapped into a page that already has its config
                }
                String where =
                        caller + " GET " + path + " → " + result.getResponse().getStatus();
                Element meta = page.selectFirst("head > meta[name=htmx-config]");
                if (meta == null || !forbidsEvalAndScriptTags(meta.attr("content"))) {
                    missing.add(where + (meta == null ? " without the meta" : " with " + meta.attr("content")));
                } else {
                    checked.put(where, meta.attr("content"));
                }
            }
        }
        assertThat(missing).as("pages without a safe htmx config").isEmpty();
        assertThat(checked.keySet())
                .as("the pages checked")
                .contains(
                        "anonymous GET /login → 200",
                        "admin GET / → 200",
                        "admin GET /tags → 200",
                        "admin GET /audit → 200",
                        "admin GET /imports/" + Routes.MISSING_ID + " → 404",
                        "ops.sales GET /tags/new → 200",
                        "ops.sales GET /members/" + ids.get("/members/{account}") + " → 200",
                        "ops.sales GET /tags/" + ids.get("/tags/{id}") + " → 200");
    }

    static boolean forbidsEvalAndScriptTags(String content) {
        JsonNode config = new ObjectMapper().readTree(content);
        return config.path("allowEval").isBoolean()
                && !config.path("allowEval").booleanValue()
                && config.path("allowScriptTags").isBoolean()
                && !config.path("allowScriptTags").booleanValue();
    }
}
