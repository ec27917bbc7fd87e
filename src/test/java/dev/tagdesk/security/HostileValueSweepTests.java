package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every route and parameter of the OpenAPI description, and every field of its JSON bodies, called
 * with hostile values by an admin and by an OPS user: U+0000, half a surrogate pair (as the bytes a
 * broken client sends: {@code %ED%A0%80}, and as a JSON escape), a right-to-left override, 100,000
 * characters, numbers that do not fit, and times outside what PostgreSQL stores. No answer is a 5xx;
 * every refusal is a problem+json with a {@code code} and no Java or SQL in it.
 */
@WebTest
class HostileValueSweepTests {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Raw, already percent-encoded values for query and path parameters. */
    static final Map<String, String> ENCODED = linked(
            "NUL", "a%00b",
            "lone surrogate (CESU bytes)", "a%ED%A0%80b",
            "invalid UTF-8", "a%FFb",
            "RLO", enc("a\u202Eb"),
            "CRLF", "a%0D%0Ab",
            "100k characters", enc("标".repeat(100_000)),
            "number too big", "99999999999999999999",
            "negative", "-2147483648",
            "date far ahead", enc("+300000-01-01"),
            "date far back", enc("-5000-01-01"));

    /** JSON values for body fields (written into the body as they are). */
    static final Map<String, String> JSON_VALUES = linked(
            "NUL", "\"a\\u0000b\"",
            "lone surrogate", "\"a\\ud800b\"",
            "RLO", "\"a\\u202eb\"",
            "CRLF", "\"a\\r\\nb\"",
            "100k characters", "\"" + "标".repeat(100_000) + "\"",
            "number too big", "99999999999999999999999",
            "time far ahead", "\"+300000-01-01T00:00:00Z\"",
            "time far back", "\"-5000-01-01T00:00:00Z\"",
            "array of NUL", "[\"a\\u0000\"]");

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    record Operation(HttpMethod method, String path, List<JsonNode> parameters, List<String> bodyFields) {}

    @Test
    void noRouteAnswersAHostileValueWithA5xxOrWithoutAProblemCode() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(25);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Operation operation : operations) {
            for (String user : List.of("admin", "ops.sales")) {
                for (JsonNode parameter : operation.parameters()) {
                    for (Map.Entry<String, String> value : ENCODED.entrySet()) {
                        String name = parameter.get("name").asString();
                        boolean inPath = "path".equals(parameter.get("in").asString());
                        URI uri = uri(operation, inPath ? name : null, inPath ? value.getValue() : null);
                        if (!inPath) {
                            uri = URI.create(uri + (uri.toString().contains("?") ? "&" : "?") + enc(name) + "="
                                    + value.getValue());
                        }
                        MvcResult result = mvc.perform(withBody(request(operation.method(), uri), operation)
                                        .with(demo.as(user)))
                                .andReturn();
                        requests++;
                        check(result, user, operation, name + " = " + value.getKey(), failures);
                    }
                }
                for (String field : operation.bodyFields()) {
                    for (Map.Entry<String, String> value : JSON_VALUES.entrySet()) {
                        MvcResult result = mvc.perform(request(operation.method(), uri(operation, null, null))
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content("{\"" + field + "\":" + value.getValue() + "}")
                                        .with(demo.as(user)))
                                .andReturn();
                        requests++;
                        check(result, user, operation, "body " + field + " = " + value.getKey(), failures);
                    }
                }
            }
            reset.toDemoData();
        }
        assertThat(requests).isGreaterThan(1_000);
        assertThat(failures).isEmpty();
    }

    @Test
    void nulAndHalfSurrogatesAreRefusedNamingTheParameter() throws Exception {
        mvc.perform(get(URI.create("/api/v1/tags?q=a%00b")).with(demo.as("admin")))
                .andExpect(result -> {
                    assertThat(result.getResponse().getStatus()).isEqualTo(400);
                    JsonNode body = JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
                    assertThat(body.get("code").asString()).isEqualTo("TEXT_INVALID_CHARACTER");
                    assertThat(body.get("detail").asString()).contains("「q」").contains("U+0000");
                });
        mvc.perform(get(URI.create("/api/v1/audit-events.csv?actor=%00")).with(demo.as("admin")))
                .andExpect(result -> {
                    assertThat(result.getResponse().getStatus()).isEqualTo(400);
                    assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
                });
        mvc.perform(request(HttpMethod.PUT, URI.create("/api/v1/members/" + demo.memberOf("SALES")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\\ud800\",\"departmentIds\":[%d],\"version\":0}"
                                .formatted(demo.departmentId("SALES")))
                        .with(demo.as("admin")))
                .andExpect(result -> {
                    assertThat(result.getResponse().getStatus()).isEqualTo(400);
                    JsonNode body = JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
                    assertThat(body.get("code").asString()).isEqualTo("TEXT_INVALID_CHARACTER");
                    assertThat(body.get("errors").get(0).get("field").asString())
                            .isEqualTo("name");
                });
    }

    @Test
    void timesOutsideTheYearsOneToNineThousandAreRefusedAndFilterDatesStillMeanTheSame() throws Exception {
        String account = demo.memberOf("SALES");
        mvc.perform(request(HttpMethod.PUT, URI.create("/api/v1/members/" + account))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"name\":\"x\",\"departmentIds\":[%d],\"lastActiveAt\":\"-5000-01-01T00:00:00Z\",\"version\":0}"
                                        .formatted(demo.departmentId("SALES")))
                        .with(demo.as("admin")))
                .andExpect(result -> {
                    assertThat(result.getResponse().getStatus()).isEqualTo(400);
                    assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                            .contains("DATE_OUT_OF_RANGE")
                            .contains("lastActiveAt");
                });
        mvc.perform(get(URI.create("/api/v1/audit-events?from=%2B300000-01-01")).with(demo.as("admin")))
                .andExpect(result -> {
                    assertThat(result.getResponse().getStatus()).isEqualTo(200);
                    assertThat(JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                                    .get("total")
                                    .asLong())
                            .isZero();
                });
    }

    @Test
    void aPageNumberPastAnyListStaysAPlainNumber() throws Exception {
        String page = mvc.perform(get(URI.create("/members?page=2147483647")).with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("-2,147,483,648").contains("1,000,001");
    }

    @Test
    void aJsonBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        MvcResult result = mvc.perform(request(HttpMethod.POST, URI.create("/api/v1/tag-groups"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(big)
                        .with(demo.as("admin")))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(413);
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("\"code\":\"BODY_TOO_LARGE\"");
    }

    private void check(MvcResult result, String user, Operation operation, String what, List<String> failures)
            throws Exception {
        int status = result.getResponse().getStatus();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        String where = user + " " + operation.method() + " " + operation.path() + " with " + what + ": " + status;
        if (status >= 500) {
            failures.add(where + " " + shorten(body));
        } else if (status >= 400 && status != 406) {
            String type = result.getResponse().getContentType();
            if (type == null || !type.startsWith("application/problem+json") || !body.contains("\"code\"")) {
                failures.add(where + " without a problem code: " + type + " " + shorten(body));
            }
        }
        if (MalformedInputTests.LEAK.matcher(body).find()) {
            failures.add(where + " leaks: " + shorten(body));
        }
    }

    private List<Operation> operations() throws Exception {
        JsonNode api = JSON.readTree(mvc.perform(get("/v3/api-docs").with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        api.get("paths").properties().iterator();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                JsonNode spec = method.getValue();
                List<JsonNode> parameters = new ArrayList<>();
                if (spec.has("parameters")) {
                    spec.get("parameters").forEach(parameters::add);
                }
                operations.add(new Operation(
                        HttpMethod.valueOf(method.getKey().toUpperCase()),
                        path.getKey(),
                        parameters,
                        bodyFields(api, spec)));
            }
        }
        return operations;
    }

    /** The property names of the operation's JSON body, from its schema. */
    private static List<String> bodyFields(JsonNode api, JsonNode spec) {
        JsonNode schema = spec.path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
            schema = api.path("components").path("schemas").path(name);
        }
        List<String> fields = new ArrayList<>();
        schema.path("properties").propertyNames().forEach(fields::add);
        return fields;
    }

    /** The operation's address with valid values in its path, one of which may be replaced. */
    private URI uri(Operation operation, String replaced, String encodedValue) {
        String path = operation.path();
        Map<String, String> valid = Map.of(
                "account", demo.memberOf("SALES"),
                "id", String.valueOf(demo.count("select min(id) from tag where deleted_at is null")),
                "tagId", String.valueOf(demo.count("select min(id) from tag where deleted_at is null")));
        for (Map.Entry<String, String> variable : valid.entrySet()) {
            String value = variable.getKey().equals(replaced) ? encodedValue : enc(variable.getValue());
            path = path.replace("{" + variable.getKey() + "}", value);
        }
        return URI.create(path);
    }

    private static MockHttpServletRequestBuilder withBody(MockHttpServletRequestBuilder request, Operation operation) {
        return operation.bodyFields().isEmpty()
                ? request
                : request.contentType(MediaType.APPLICATION_JSON).content("{}");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shorten(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static Map<String, String> linked(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
