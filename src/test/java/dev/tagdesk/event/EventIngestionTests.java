package dev.tagdesk.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/events}: idempotent by event id, each bad event rejected on its own with its
 * index and code, members outside the caller's scope rejected exactly like missing ones, and a body
 * that is malformed or too large refused whole with nothing stored.
 */
@WebTest
class EventIngestionTests {

    static final JsonMapper JSON = new JsonMapper();

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    String sales;
    String purchase;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        sales = demo.memberOf("SALES-E");
        purchase = demo.memberOf("PUR");
    }

    static String event(String id, String account, String type, Instant occurred, String properties) {
        return """
                {"eventId":"%s","account":"%s","type":"%s","occurredAt":"%s","properties":%s}""".formatted(id, account, type, occurred, properties);
    }

    static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    MvcResult post(String user, String body) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/events")
                        .with(demo.as(user))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.getBytes(StandardCharsets.UTF_8)))
                .andReturn();
    }

    static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    long stored(String eventIdPrefix) {
        return demo.count("select count(*) from member_event where event_id like ?", eventIdPrefix + "%");
    }

    @Test
    void aBatchSentTwiceStoresEachEventOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = batch(
                event("crm-1", sales, "consult", now.minusSeconds(3600), "{\"product\":\"理财A\"}"),
                event("crm-2", sales, "consult", now.minusSeconds(1800), "{\"product\":\"理财B\"}"),
                event("crm-3", sales, "click", now.minusSeconds(60), "{\"link\":\"faq\"}"),
                event("crm-3", sales, "click", now.minusSeconds(60), "{\"link\":\"faq\"}"));

        JsonNode first = json(post("admin", body));
        assertThat(first.get("accepted").asInt()).isEqualTo(3);
        assertThat(first.get("duplicates").asInt())
                .as("the same id twice in one batch")
                .isEqualTo(1);
        assertThat(first.get("rejected")).isEmpty();

        JsonNode again = json(post("admin", body));
        assertThat(again.get("accepted").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(4);
        assertThat(stored("crm-")).isEqualTo(3);
        assertThat(demo.count("select count(*) from event_receipt where event_id like 'crm-%'"))
                .isEqualTo(3);
        assertThat(demo.count("""
                        select count(*) from member_event e join member m on m.id = e.member_id
                        where e.event_id = 'crm-1' and m.account = ? and e.properties ->> 'product' = '理财A'
                          and e.occurred_at = ?""", sales, java.sql.Timestamp.from(now.minusSeconds(3600))))
                .as("the event as sent, with its occurred time")
                .isEqualTo(1);
    }

    @Test
    void eachBadEventIsRejectedOnItsOwnWithItsIndexCodeAndField() throws Exception {
        Instant now = Instant.now();
        String body = batch(
                event("ok-0", sales, "consult", now.minusSeconds(60), "{\"product\":\"理财A\"}"),
                event("bad-1", "no.such.member", "consult", now.minusSeconds(60), "{}"),
                event("bad-2", sales, "purchase", now.minusSeconds(60), "{}"),
                "{\"eventId\":\"bad-3\",\"account\":\"" + sales + "\",\"type\":\"consult\"}",
                event("bad-4", sales, "consult", now.minusSeconds(60), "{\"product\":\"理财A\"}")
                        .replace("}}", "},\"colour\":\"red\"}"),
                event("bad-5", sales, "consult", now.minusSeconds(60), "{\"price\":3}"),
                event("bad-6", sales, "consult", now.minusSeconds(60), "{\"product\":7}"),
                event("bad-7", sales, "consult", now.minus(400, ChronoUnit.DAYS), "{}"),
                event("bad-8", sales, "consult", now.plus(1, ChronoUnit.HOURS), "{}"),
                event("ok-9", sales, "click", now.plusSeconds(60), "{\"link\":\"faq\"}"),
                "\"not an event\"");
        JsonNode receipt = json(post("admin", body));

        assertThat(receipt.get("accepted").asInt()).isEqualTo(2);
        assertThat(receipt.get("duplicates").asInt()).isZero();
        List<String> rejected = new ArrayList<>();
        receipt.get("rejected")
                .forEach(r -> rejected.add(r.get("index").asInt() + " "
                        + r.get("code").asString() + " " + r.get("field").asString()));
        assertThat(rejected)
                .containsExactly(
                        "1 MEMBER_UNKNOWN account",
                        "2 EVENT_TYPE_UNKNOWN type",
                        "3 EVENT_INVALID occurredAt",
                        "4 EVENT_INVALID colour",
                        "5 EVENT_INVALID properties.price",
                        "6 EVENT_INVALID properties.product",
                        "7 EVENT_TOO_OLD occurredAt",
                        "8 EVENT_IN_FUTURE occurredAt",
                        "10 EVENT_INVALID events[10]");
        receipt.get("rejected").forEach(r -> assertThat(r.get("message").asString())
                .as("a translated message for " + r.get("code").asString())
                .isNotBlank()
                .doesNotContain("event.rejected"));
        assertThat(stored("ok-")).isEqualTo(2);
        assertThat(stored("bad-")).isZero();
    }

    @Test
    void aMemberOutsideTheCallersScopeIsRejectedExactlyLikeAMissingOne() throws Exception {
        Instant now = Instant.now();
        JsonNode receipt = json(post(
                "ops.sales",
                batch(
                        event("ops-0", sales, "consult", now.minusSeconds(60), "{}"),
                        event("ops-1", purchase, "consult", now.minusSeconds(60), "{}"),
                        event("ops-2", "no.such.member", "consult", now.minusSeconds(60), "{}"))));
        assertThat(receipt.get("accepted").asInt()).isEqualTo(1);
        JsonNode outside = receipt.get("rejected").get(0);
        JsonNode missing = receipt.get("rejected").get(1);
        assertThat(outside.get("index").asInt()).isEqualTo(1);
        assertThat(missing.get("index").asInt()).isEqualTo(2);
        ((tools.jackson.databind.node.ObjectNode) outside).remove("index");
        ((tools.jackson.databind.node.ObjectNode) missing).remove("index");
        assertThat(outside).as("out of scope and missing read the same").isEqualTo(missing);
        assertThat(outside.get("code").asString()).isEqualTo("MEMBER_UNKNOWN");

        JsonNode admin = json(post("admin", batch(event("ops-1", purchase, "consult", now.minusSeconds(60), "{}"))));
        assertThat(admin.get("accepted").asInt())
                .as("an admin posts for anyone")
                .isEqualTo(1);
    }

    @Test
    void auditorsPostNoEvents() throws Exception {
        MvcResult result = post(
                "auditor", batch(event("aud-0", sales, "consult", Instant.now().minusSeconds(60), "{}")));
        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(stored("aud-")).isZero();
    }

    @Test
    void aMalformedBodyOrAnUnknownFieldIsRefusedWholeAndStoresNothing() throws Exception {
        String good = event("whole-0", sales, "consult", Instant.now().minusSeconds(60), "{}");
        MvcResult cut = post("admin", "{\"events\":[" + good + ",{\"eventId\":");
        assertProblem(cut, 400, "MALFORMED_JSON");

        MvcResult unknown = post("admin", "{\"events\":[" + good + "],\"source\":\"crm\"}");
        assertProblem(unknown, 400, "UNKNOWN_FIELD");
        assertThat(json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("source");

        assertProblem(post("admin", "[" + good + "]"), 400, "MALFORMED_JSON");
        assertProblem(post("admin", "{}"), 400, "EVENTS_REQUIRED");
        assertThat(stored("whole-")).isZero();
    }

    @Test
    void tenThousandEventsOrFiveMegabytesAre413BeforeTheBodyIsReadInFull() throws Exception {
        StringBuilder many = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        MvcResult tooMany = post("admin", many.append("]}").toString());
        assertProblem(tooMany, 413, "EVENTS_TOO_MANY");
        assertThat(json(tooMany).get("detail").asString()).contains("1000");

        String event = event(
                "big-%d",
                sales, "consult", Instant.now().minusSeconds(60), "{\"product\":\"" + "理".repeat(100) + "\"}");
        List<String> events = new ArrayList<>();
        for (int i = 0; events.stream().mapToInt(String::length).sum() < 5_000_000 / 3; i++) {
            events.add(event.formatted(i));
        }
        MvcResult huge = post("admin", batch(events.toArray(String[]::new)));
        assertProblem(huge, 413, "BODY_TOO_LARGE");
        assertThat(stored("big-")).isZero();
    }

    @Test
    void aMembersEventsArePagedNewestFirstFilteredByTypeAndInScope() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        post(
                "admin",
                batch(
                        event("mine-0", sales, "consult", now.minusSeconds(300), "{\"product\":\"理财A\"}"),
                        event("mine-1", sales, "click", now.minusSeconds(200), "{\"link\":\"faq\"}")));
        long consults = demo.count("""
                        select count(*) from member_event e join member m on m.id = e.member_id
                        join event_type t on t.id = e.type_id where m.account = ? and t.name = 'consult'""", sales);
        JsonNode page = json(mvc.perform(get("/api/v1/members/" + sales + "/events")
                        .param("type", "consult")
                        .param("size", "1")
                        .with(demo.as("ops.sales")))
                .andReturn());
        assertThat(page.get("total").asLong()).isEqualTo(consults);
        assertThat(page.get("size").asInt()).isEqualTo(1);
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("eventId").asString()).isEqualTo("mine-0");
        assertThat(newest.get("type").asString()).isEqualTo("consult");
        assertThat(newest.get("properties").get("product").asString()).isEqualTo("理财A");
        assertThat(newest.get("occurredAt").asString())
                .isEqualTo(now.minusSeconds(300).toString());

        int outside = mvc.perform(get("/api/v1/members/" + sales + "/events").with(demo.as("ops.purchase")))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(outside).isEqualTo(404);
    }

    static void assertProblem(MvcResult result, int status, String code) throws Exception {
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(body).get("code").asString()).as(body).isEqualTo(code);
        assertThat(body).doesNotContain("Exception", "tools.jackson", "dev.tagdesk");
    }
}
