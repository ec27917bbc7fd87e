package dev.tagdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.security.Routes;
import dev.tagdesk.security.Routes.Route;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conventions every endpoint of {@code /api/v1} follows, as the OpenAPI description states them
 * ({@code api/conventions.md}), checked by walking the routes the application serves: a new list that
 * answers a bare array, a new update without a version check, a lower-case enumeration or a time
 * without an offset fails here without anyone listing the new route.
 */
@WebTest
class ApiConventionsTests {

    static final JsonMapper JSON = new JsonMapper();

    /** Fields whose values are enumerations: UPPER_CASE wherever they appear. */
    static final Set<String> ENUMERATED = Set.of(
            "kind",
            "status",
            "mode",
            "source",
            "trigger",
            "role",
            "action",
            "targetType",
            "reason",
            "namePattern",
            "separator",
            "colorFamily");

    static final Pattern UPPER_CASE = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** Anything that starts like a date and a time must carry an offset. */
    static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");

    /** The one update that takes no version: a member's tag is set, not edited (idempotent PUT). */
    static final Set<String> SET_NOT_EDITED = Set.of("PUT /api/v1/members/{account}/tags/{tagId}");

    /**
     * The one list paged by keyset, not by page number: a segment's members ({@code {count, members,
     * nextCursor}}, the contract integrators build against), so a member tagged meanwhile never shifts
     * another across a page boundary. {@code SegmentsTests} holds it to its own shape.
     */
    static final Set<String> KEYSET_PAGED = Set.of("/api/v1/segments/{id}/members");

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @BeforeEach
    @AfterEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void theOpenApiDescriptionStatesTheConventionsAtTheTop() throws Exception {
        JsonNode docs = read(get("/v3/api-docs"));
        String description = docs.get("info").get("description").asString();
        assertThat(description)
                .contains("{\"items\": [ … ], \"page\": 0, \"size\": 50, \"total\": 123}")
                .contains("default **50**, at most **200**")
                .contains("400 `VERSION_REQUIRED`")
                .contains("409 `VERSION_STALE`")
                .contains("UPPER_CASE")
                .contains("`mode=merge`")
                .contains("400 `VALUE_NOT_ALLOWED`")
                .contains("ISO-8601 with an offset")
                .contains("application/problem+json")
                .contains("stable `code`");
        assertThat(docs.get("info").get("title").asString()).isEqualTo("TagDesk API");
        assertThat(docs.get("components")
                        .get("securitySchemes")
                        .get("basic")
                        .get("scheme")
                        .asString())
                .isEqualTo("basic");
    }

    @Test
    void everyListIsDescribedAsTheOneEnvelope() throws Exception {
        JsonNode docs = read(get("/v3/api-docs"));
        List<String> lists = lists();
        assertThat(lists)
                .as("the lists found by walking the routes")
                .contains(
                        "/api/v1/departments",
                        "/api/v1/members",
                        "/api/v1/tag-groups",
                        "/api/v1/tags",
                        "/api/v1/recycle-bin",
                        "/api/v1/audit-events",
                        "/api/v1/rules",
                        "/api/v1/rules/deleted",
                        "/api/v1/rule-runs",
                        "/api/v1/imports/{id}/changes",
                        "/api/v1/event-types",
                        "/api/v1/members/{account}/events",
                        "/api/v1/segments");
        List<String> others = new ArrayList<>();
        for (String list : lists) {
            JsonNode schema = docs.get("paths")
                    .get(list)
                    .get("get")
                    .get("responses")
                    .get("200")
                    .get("content")
                    .get("application/json")
                    .get("schema");
            if (schema.has("$ref")) {
                schema = docs.get("components")
                        .get("schemas")
                        .get(schema.get("$ref").asString().replace("#/components/schemas/", ""));
            }
            JsonNode properties = schema.get("properties");
            boolean envelope = properties != null
                    && properties.has("items")
                    && properties.get("items").get("type").asString().equals("array")
                    && properties.has("page")
                    && properties.has("size")
                    && properties.has("total");
            if (!envelope) {
                others.add(list + " → " + schema);
            }
        }
        assertThat(others)
                .as("lists not described as {items, page, size, total}")
                .isEmpty();
    }

    @Test
    void everyListAnswersTheOneEnvelopeWithTheSameDefaultsAndCaps() throws Exception {
        Map<String, String> paths = everyKindOfData();
        for (String list : lists()) {
            String path = paths.get(list);
            assertThat(path).as("an address to call for " + list).isNotNull();

            JsonNode first = read(get(path));
            assertThat(first.isObject())
                    .as(list + " answers an object, never a bare array")
                    .isTrue();
            assertThat(first.get("items").isArray()).as(list + ": items").isTrue();
            assertThat(first.get("items"))
                    .as(list + ": items, with the data made for this test")
                    .isNotEmpty();
            assertThat(first.get("page").asInt()).as(list + ": page").isZero();
            assertThat(first.get("size").asInt())
                    .as(list + ": the default size")
                    .isEqualTo(50);
            assertThat(first.get("total").asLong())
                    .as(list + ": total")
                    .isGreaterThanOrEqualTo(first.get("items").size());

            JsonNode one = read(get(path).param("size", "1"));
            assertThat(one.get("items").size())
                    .as(list + ": size=1")
                    .isLessThanOrEqualTo(one.get("size").asInt());
            assertThat(one.get("total").asLong())
                    .as(list + ": total on any page")
                    .isEqualTo(first.get("total").asLong());

            JsonNode huge = read(get(path).param("size", "100000"));
            assertThat(huge.get("size").asInt()).as(list + ": the cap").isBetween(1, 200);

            JsonNode past = read(get(path).param("page", "100000"));
            assertThat(past.get("items")).as(list + ": a page past the end").isEmpty();
            assertThat(past.get("page").asInt()).isEqualTo(100000);
            assertThat(past.get("total").asLong()).isEqualTo(first.get("total").asLong());
        }
    }

    @Test
    void everyAnswerSpellsEnumerationsInUpperCaseAndTimesWithAnOffset() throws Exception {
        Map<String, String> paths = everyKindOfData();
        List<String> problems = new ArrayList<>();
        for (Route route : Routes.served(context).values()) {
            if (!route.method().equals("GET") || !route.pattern().startsWith("/api/v1/") || csv(route)) {
                continue;
            }
            String path = paths.get(route.pattern());
            assertThat(path)
                    .as("an address with real data for " + route.pattern() + " (add one to everyKindOfData)")
                    .isNotNull();
            walk(route.pattern(), read(get(path)), problems);
        }
        assertThat(problems).as("values that break the conventions").isEmpty();
    }

    @Test
    void everyUpdateRequiresTheVersionReadAndRefusesAStaleOne() throws Exception {
        Map<String, Supplier<Update>> updates = new LinkedHashMap<>();
        updates.put("PUT /api/v1/tags/{id}", this::tagUpdate);
        updates.put("PUT /api/v1/rules/{id}", this::ruleUpdate);
        updates.put("PUT /api/v1/members/{account}", this::memberUpdate);
        updates.put("PUT /api/v1/event-types/{id}", this::eventTypeUpdate);
        updates.put("PUT /api/v1/segments/{id}", this::segmentUpdate);
        Set<String> served = new TreeSet<>();
        Routes.served(context).values().stream()
                .filter(r -> r.method().equals("PUT") && r.pattern().startsWith("/api/v1/"))
                .forEach(r -> served.add(r.key()));
        Set<String> declared = new TreeSet<>(updates.keySet());
        declared.addAll(SET_NOT_EDITED);
        assertThat(served)
                .as("every update of the API is checked here (or declared set, not edited)")
                .isEqualTo(declared);

        for (var entry : updates.entrySet()) {
            Update update = entry.getValue().get();
            String name = entry.getKey();

            MvcResult without = send(put(update.path()), update.body());
            assertProblem(name + " without a version", without, 400, "VERSION_REQUIRED");
            assertThat(read(get(update.path())).get("version").asLong()).isEqualTo(update.version());

            ObjectNode current = update.body().deepCopy();
            current.put("version", update.version());
            MvcResult saved = send(put(update.path()), current);
            assertThat(saved.getResponse().getStatus())
                    .as(name + " with the version read: "
                            + saved.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .isEqualTo(200);
            assertThat(read(get(update.path())).get("version").asLong()).isEqualTo(update.version() + 1);

            MvcResult stale = send(put(update.path()), current);
            assertProblem(name + " with a stale version", stale, 409, "VERSION_STALE");
            assertThat(read(get(update.path())).get("version").asLong()).isEqualTo(update.version() + 1);
        }
    }

    @Test
    void lowerCaseSpellingsAreAcceptedAndAnsweredInUpperCase() throws Exception {
        JsonNode group = json(send(post("/api/v1/tag-groups"), object("""
                {"name":"小写组","kind":"dynamic","namePattern":"none"}""")));
        assertThat(group.get("kind").asString()).isEqualTo("DYNAMIC");
        assertThat(group.get("namePattern").asString()).isEqualTo("NONE");

        Update member = memberUpdate();
        ObjectNode body = member.body().deepCopy();
        body.put("status", "inactive").put("version", member.version());
        assertThat(json(send(put(member.path()), body)).get("status").asString())
                .isEqualTo("INACTIVE");

        JsonNode user = json(send(post("/api/v1/users"), object("""
                {"username":"auditor.two","password":"a-long-secret","role":"auditor"}""")));
        assertThat(user.get("role").asString()).isEqualTo("AUDITOR");

        long hq = demo.departmentId("HQ");
        MvcResult createdRule = send(post("/api/v1/rules"), object("""
                {"name":"小写状态","enabled":false,"condition":{"status":"left"},"action":{"add":[%d]},
                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(tag("渠道_线上活动_双十一"), hq)));
        JsonNode rule = json(createdRule);
        assertThat(rule.get("condition").get("status").asString()).isEqualTo("LEFT");
        assertThat(createdRule.getResponse().getStatus()).isEqualTo(201);
        assertThat(createdRule.getResponse().getHeader("Location"))
                .isEqualTo("/api/v1/rules/" + rule.get("id").asLong());
        assertThat(read(get("/api/v1/rules/" + rule.get("id").asLong()))
                        .get("condition")
                        .get("status")
                        .asString())
                .isEqualTo("LEFT");

        long blue = read(get("/api/v1/tags").param("colorFamily", "BLUE"))
                .get("total")
                .asLong();
        assertThat(blue).isPositive();
        assertThat(read(get("/api/v1/tags").param("colorFamily", "blue"))
                        .get("total")
                        .asLong())
                .isEqualTo(blue);
        long created = read(get("/api/v1/audit-events").param("action", "TAG_GROUP_CREATED"))
                .get("total")
                .asLong();
        assertThat(created).isEqualTo(1);
        assertThat(read(get("/api/v1/audit-events").param("action", "tag_group_created"))
                        .get("total")
                        .asLong())
                .isEqualTo(created);

        JsonNode merged = json(upload("mode", "merge"));
        assertThat(merged.get("mode").asString()).isEqualTo("MERGE");
        assertThat(merged.get("separator").asString()).isEqualTo("COMMA");
        assertThat(json(upload("mode", "REPLACE")).get("mode").asString()).isEqualTo("REPLACE");
        String changes = "/api/v1/imports/" + merged.get("id").asLong() + "/changes";
        assertThat(read(get(changes).param("kind", "add")).get("kind").asString())
                .isEqualTo("ADD");
        assertThat(read(get(changes)).get("kind").asString()).isEqualTo("ALL");
    }

    @Test
    void anUnknownValueIsRefusedNamingTheFieldAndWhatItTakes() throws Exception {
        MvcResult sideways = send(post("/api/v1/tag-groups"), object("""
                {"name":"斜组","kind":"sideways"}"""));
        assertProblem("an unknown kind", sideways, 400, "VALUE_NOT_ALLOWED");
        JsonNode problem = json(sideways);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("kind");
        assertThat(problem.get("detail").asString()).contains("sideways").contains("STATIC, DYNAMIC");

        MvcResult number = send(post("/api/v1/tag-groups"), object("""
                {"name":"数字组","kind":1}"""));
        assertProblem("an enumeration sent as its index", number, 400, "VALUE_NOT_ALLOWED");
        assertThat(demo.count("select count(*) from tag_group where name in ('斜组', '数字组')"))
                .isZero();

        long id = json(upload("mode", "merge")).get("id").asLong();
        MvcResult kind = mvc.perform(get("/api/v1/imports/" + id + "/changes")
                        .param("kind", "sideways")
                        .with(demo.as("admin")))
                .andReturn();
        assertProblem("an unknown kind of change", kind, 400, "VALUE_NOT_ALLOWED");
        assertThat(json(kind).get("detail").asString()).contains("ALL, ADD, REMOVE");
        assertProblem("an unknown mode", upload("mode", "append"), 400, "IMPORT_MODE_INVALID");
    }

    /** Addresses and methods refused before a handler is chosen: {@code MalformedInputTests}, over HTTP. */
    @Test
    void everyErrorIsProblemJsonWithAStableCode() throws Exception {
        assertProblem(
                "a missing tag",
                mvc.perform(get("/api/v1/tags/" + Routes.MISSING_ID).with(demo.as("admin")))
                        .andReturn(),
                404,
                "NOT_FOUND");
        assertProblem(
                "a refused role",
                mvc.perform(post("/api/v1/tag-groups")
                                .with(demo.as("auditor"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"审计组\"}"))
                        .andReturn(),
                403,
                "FORBIDDEN");
        assertProblem(
                "no version", send(put(memberUpdate().path()), memberUpdate().body()), 400, "VERSION_REQUIRED");
    }

    // --- the routes ---------------------------------------------------------------------------

    /** The lists: GET addresses of the API that name a collection, not one thing (nor a CSV file). */
    private List<String> lists() {
        return Routes.served(context).values().stream()
                .filter(r -> r.method().equals("GET") && r.pattern().startsWith("/api/v1/") && !csv(r))
                .map(Route::pattern)
                .filter(p -> !p.substring(p.lastIndexOf('/') + 1).startsWith("{"))
                .filter(p -> !KEYSET_PAGED.contains(p))
                .toList();
    }

    private static boolean csv(Route route) {
        return route.pattern().endsWith(".csv");
    }

    /**
     * Something in every list (a deleted tag, a deleted rule, a rule run, an import, audit entries),
     * and the address of each GET route of the API with real ids in it.
     */
    private Map<String, String> everyKindOfData() throws Exception {
        long deletedTag = tag("SALES_华南_经销商");
        MvcResult deleted = mvc.perform(delete("/api/v1/tags")
                        .with(demo.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[%d],\"detach\":true,\"disableRules\":true}".formatted(deletedTag)))
                .andReturn();
        assertThat(deleted.getResponse().getStatus()).as("the tag deleted").isEqualTo(200);
        long run = json(mvc.perform(post("/api/v1/rules/run").with(demo.as("admin")))
                        .andReturn())
                .get("id")
                .asLong();
        long rule = demo.count("select min(id) from tag_rule where deleted_at is null");
        long deletedRule = json(send(
                        post("/api/v1/rules"), object("""
                        {"name":"待删除","enabled":false,"condition":{"inactiveDays":400},"action":{"add":[%d]},
                         "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(tag("渠道_线上活动_双十一"), demo.departmentId("HQ")))))
                .get("id")
                .asLong();
        assertThat(mvc.perform(delete("/api/v1/rules/" + deletedRule).with(demo.as("admin")))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        long importId = json(upload("mode", "merge")).get("id").asLong();
        assertThat(mvc.perform(post("/api/v1/tokens")
                                .with(demo.as("admin"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"约定\",\"scopes\":[\"tags:read\"],\"expiresInDays\":30,"
                                        + "\"service\":true}"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(201);

        Map<String, String> paths = new LinkedHashMap<>();
        for (String list : List.of(
                "departments",
                "members",
                "tag-groups",
                "tags",
                "recycle-bin",
                "audit-events",
                "rules",
                "rules/deleted",
                "rule-runs",
                "tokens",
                "segments")) {
            paths.put("/api/v1/" + list, "/api/v1/" + list);
        }
        paths.put("/api/v1/imports/{id}/changes", "/api/v1/imports/" + importId + "/changes");
        paths.put("/api/v1/imports/{id}", "/api/v1/imports/" + importId);
        paths.put("/api/v1/tags/{id}", "/api/v1/tags/" + tag("渠道_线上活动_双十一"));
        paths.put("/api/v1/members/{account}", "/api/v1/members/" + withTags());
        paths.put("/api/v1/rules/{id}", "/api/v1/rules/" + rule);
        paths.put("/api/v1/rule-runs/{id}", "/api/v1/rule-runs/" + run);
        paths.put("/api/v1/event-types", "/api/v1/event-types");
        paths.put("/api/v1/event-types/{id}", "/api/v1/event-types/" + eventType());
        paths.put("/api/v1/members/{account}/events", "/api/v1/members/" + withEvents() + "/events");
        long segment = demo.count("select min(id) from segment");
        paths.put("/api/v1/segments/{id}", "/api/v1/segments/" + segment);
        paths.put("/api/v1/segments/{id}/members", "/api/v1/segments/" + segment + "/members");
        return paths;
    }

    private long eventType() {
        return demo.count("select id from event_type where name = 'consult'");
    }

    /** A member with behaviour events (the demo has some), so that their times are in the answer. */
    private String withEvents() {
        return jdbcAccount("""
                select m.account from member m join member_event e on e.member_id = m.id
                group by m.account order by count(*) desc, m.account limit 1""");
    }

    /** A member carrying tags, so that their sources and times are in the answer. */
    private String withTags() {
        return jdbcAccount("""
                select m.account from member m join member_tag mt on mt.member_id = m.id
                group by m.account order by count(*) desc, m.account limit 1""");
    }

    private String jdbcAccount(String sql) {
        return context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql(sql)
                .query(String.class)
                .single();
    }

    /** Every enumerated field UPPER_CASE, every time with an offset, everywhere in the answer. */
    private static void walk(String where, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                JsonNode value = field.getValue();
                String name = field.getKey();
                if (ENUMERATED.contains(name)
                        && value.isString()
                        && !UPPER_CASE.matcher(value.asString()).matches()) {
                    problems.add(where + ": " + name + " = " + value.asString());
                }
                if ((name.endsWith("At") || name.equals("purgedAfter")) && !value.isNull() && !value.isObject()) {
                    if (!value.isString() || !hasOffset(value.asString())) {
                        problems.add(where + ": " + name + " = " + value);
                    }
                }
                walk(where + "." + name, value, problems);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                walk(where + "[]", item, problems);
            }
        } else if (node.isString() && DATE_TIME.matcher(node.asString()).matches() && !hasOffset(node.asString())) {
            problems.add(where + " = " + node.asString());
        }
    }

    private static boolean hasOffset(String time) {
        try {
            OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // --- the updates --------------------------------------------------------------------------

    /** An update as a client makes it: the address, the body it read back (without version), the version read. */
    record Update(String path, ObjectNode body, long version) {}

    private Update tagUpdate() {
        String path = "/api/v1/tags/" + tag("SALES_大客户");
        JsonNode tag = readUnchecked(path);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", tag.get("name").asString());
        body.put("groupId", tag.get("groupId").asLong());
        body.put("color", tag.get("color").asString());
        body.set("description", tag.get("description"));
        body.put("wholeCompany", tag.get("wholeCompany").asBoolean());
        body.set("visibility", tag.get("visibility"));
        return new Update(path, body, tag.get("version").asLong());
    }

    private Update ruleUpdate() {
        String path = "/api/v1/rules/" + demo.count("select min(id) from tag_rule where deleted_at is null");
        JsonNode rule = readUnchecked(path);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", rule.get("name").asString());
        body.put("enabled", rule.get("enabled").asBoolean());
        body.set("condition", rule.get("condition"));
        body.set("action", rule.get("action"));
        body.set("departments", rule.get("departments"));
        return new Update(path, body, rule.get("version").asLong());
    }

    private Update segmentUpdate() {
        String path = "/api/v1/segments/" + demo.count("select min(id) from segment");
        JsonNode segment = readUnchecked(path);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", segment.get("name").asString());
        body.set("expression", segment.get("expression"));
        return new Update(path, body, segment.get("version").asLong());
    }

    private Update memberUpdate() {
        String path = "/api/v1/members/" + demo.memberOf("SALES-E");
        JsonNode member = readUnchecked(path);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", member.get("name").asString() + "（改）");
        body.set("departmentIds", member.get("departmentIds"));
        body.put("status", member.get("status").asString());
        body.set("lastActiveAt", member.get("lastActiveAt"));
        return new Update(path, body, member.get("version").asLong());
    }

    private Update eventTypeUpdate() {
        String path = "/api/v1/event-types/" + eventType();
        JsonNode type = readUnchecked(path);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", type.get("name").asString());
        body.put("displayName", type.get("displayName").asString() + "（改）");
        body.set("properties", type.get("properties"));
        body.put("retentionDays", type.get("retentionDays").asInt());
        return new Update(path, body, type.get("version").asLong());
    }

    // --- helpers ------------------------------------------------------------------------------

    /** An import of one member's new tag, previewed (the API's default) unless the params say otherwise. */
    private MvcResult upload(String... params) throws Exception {
        String account = demo.memberOf("SALES-E");
        String name = jdbcAccount("select name from member where account = '" + account + "'");
        demo.update(
                "delete from member_tag where member_id = (select id from member where account = ?) and tag_id = ?",
                account,
                tag("渠道_线上活动_双十一"));
        byte[] file = ("姓名,账号,标签1\r\n" + name + "," + account + ",渠道_线上活动_双十一\r\n").getBytes(StandardCharsets.UTF_8);
        var request = multipart("/api/v1/imports").file(new MockMultipartFile("file", "标签.csv", "text/csv", file));
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request.with(demo.as("admin"))).andReturn();
    }

    private static void assertProblem(String what, MvcResult result, int status, String code) throws Exception {
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(what + ": " + body).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).as(what).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("code").asString()).as(what).isEqualTo(code);
        assertThat(problem.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.get("detail").asString()).as(what).isNotBlank();
        assertThat(body).as(what).doesNotContain("Exception", "tools.jackson", "dev.tagdesk");
    }

    private MvcResult send(MockHttpServletRequestBuilder request, JsonNode body) throws Exception {
        return mvc.perform(request.with(demo.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(body)))
                .andReturn();
    }

    private JsonNode read(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.with(demo.as("admin"))).andReturn();
        assertThat(result.getResponse().getStatus())
                .as(result.getRequest().getRequestURI() + ": "
                        + result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(200);
        return json(result);
    }

    private JsonNode readUnchecked(String path) {
        try {
            return read(get(path));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    private long tag(String name) {
        return demo.count("select id from tag where name = ? and deleted_at is null", name);
    }
}
