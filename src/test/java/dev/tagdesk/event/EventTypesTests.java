package dev.tagdesk.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Event types (事件类型): declared and changed by admins through the API and the page, read by everyone, audited. */
@WebTest
class EventTypesTests {

    static final JsonMapper JSON = new JsonMapper();

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

    MvcResult send(MockHttpServletRequestBuilder request, String user, String body) throws Exception {
        return mvc.perform(request.with(demo.as(user))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.getBytes(StandardCharsets.UTF_8)))
                .andReturn();
    }

    static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    static List<String> codes(MvcResult result) throws Exception {
        List<String> codes = new ArrayList<>();
        json(result)
                .get("errors")
                .forEach(e -> codes.add(
                        e.get("code").asString() + " " + e.get("field").asString()));
        return codes;
    }

    @Test
    void anAdminDeclaresATypeAsTheContractShowsAndEveryoneReadsIt() throws Exception {
        MvcResult created = send(post("/api/v1/event-types"), "admin", """
                {"name":"purchase","displayName":"购买","properties":{"product":"string","amount":"NUMBER"},"retentionDays":365}""");
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        JsonNode type = json(created);
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/event-types/" + type.get("id"));
        assertThat(type.get("properties").get("product").asString()).isEqualTo("STRING");
        assertThat(type.get("properties").get("amount").asString()).isEqualTo("NUMBER");

        JsonNode list = json(mvc.perform(get("/api/v1/event-types").with(demo.as("ops.purchase")))
                .andReturn());
        assertThat(list.get("total").asInt()).isEqualTo(3);
        List<String> names = new ArrayList<>();
        list.get("items").forEach(t -> names.add(t.get("name").asString()));
        assertThat(names).containsExactly("click", "consult", "purchase");

        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'EVENT_TYPE_CREATED' and actor = 'admin'"))
                .isEqualTo(1);
        assertThat(send(
                                post("/api/v1/event-types"),
                                "ops.sales",
                                "{\"name\":\"x\",\"displayName\":\"x\",\"retentionDays\":1}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void aBrokenTypeIsRefusedWithEveryRuleItBreaks() throws Exception {
        MvcResult refused = send(post("/api/v1/event-types"), "admin", """
                {"name":"Bad Name","displayName":"","properties":{"9x":"string","ok":"date"},"retentionDays":0}""");
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(codes(refused))
                .containsExactlyInAnyOrder(
                        "EVENT_TYPE_NAME_INVALID name",
                        "EVENT_TYPE_DISPLAY_NAME_REQUIRED displayName",
                        "EVENT_TYPE_RETENTION_INVALID retentionDays",
                        "EVENT_TYPE_PROPERTY_NAME_INVALID properties",
                        "EVENT_TYPE_PROPERTY_TYPE_INVALID properties.ok");
        MvcResult taken = send(
                post("/api/v1/event-types"),
                "admin",
                "{\"name\":\"consult\",\"displayName\":\"再咨询\",\"retentionDays\":30}");
        assertThat(taken.getResponse().getStatus()).isEqualTo(409);
        assertThat(json(taken).get("code").asString()).isEqualTo("EVENT_TYPE_NAME_TAKEN");
        assertThat(demo.count("select count(*) from event_type")).isEqualTo(2);
    }

    @Test
    void aSavedNameAndItsDeclaredPropertiesStayWhileNewPropertiesMayBeAdded() throws Exception {
        long id = demo.count("select id from event_type where name = 'consult'");
        MvcResult renamed = send(put("/api/v1/event-types/" + id), "admin", """
                {"name":"ask","displayName":"咨询","properties":{"channel":"string"},"retentionDays":365,"version":0}""");
        assertThat(codes(renamed))
                .containsExactlyInAnyOrder(
                        "EVENT_TYPE_NAME_FIXED name", "EVENT_TYPE_PROPERTY_FIXED properties.product");

        MvcResult saved = send(put("/api/v1/event-types/" + id), "admin", """
                {"name":"consult","displayName":"产品咨询","properties":{"product":"STRING","channel":"string"},"retentionDays":400,"version":0}""");
        assertThat(saved.getResponse().getStatus()).isEqualTo(200);
        assertThat(json(saved).get("version").asLong()).isEqualTo(1);
        assertThat(json(saved).get("properties").size()).isEqualTo(2);
        JsonNode audit = JSON.readTree(demo.text(
                "select after_state::text from audit_event where action = 'EVENT_TYPE_UPDATED' and target_id = ?",
                String.valueOf(id)));
        assertThat(audit.get("displayName").asString()).isEqualTo("产品咨询");
        assertThat(audit.get("retentionDays").asInt()).isEqualTo(400);
    }

    @Test
    void theEventTypesPageListsThemAndAnAdminCreatesOneThroughItsForm() throws Exception {
        String page = mvc.perform(get("/event-types").with(demo.as("ops.sales")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("咨询", "consult", "点击", "click", "365 天").doesNotContain("create-event-type");

        MvcResult created = mvc.perform(post("/event-types")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "visit")
                        .param("displayName", "到店")
                        .param("retentionDays", "90")
                        .param("propertyNames", "store", "", "")
                        .param("propertyTypes", "STRING", "STRING", "STRING"))
                .andReturn();
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/event-types");
        assertThat(demo.text("select properties::text from event_type where name = 'visit'"))
                .isEqualTo("{\"store\": \"STRING\"}");

        String refused = mvc.perform(post("/event-types")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "visit")
                        .param("displayName", "")
                        .param("retentionDays", "90"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("请填写显示名称。").contains("id=\"displayName-error\"");
        assertThat(mvc.perform(post("/event-types")
                                .with(demo.as("ops.sales"))
                                .with(csrf())
                                .param("name", "sneaky")
                                .param("displayName", "x")
                                .param("retentionDays", "9"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void aMembersPageShowsTheirRecentEventsAndLinksToAllOfThem() throws Exception {
        String account = demo.text("""
                select m.account from member m join member_event e on e.member_id = m.id
                group by m.account having count(*) > 10 order by m.account limit 1""");
        long total = demo.count(
                "select count(*) from member_event e join member m on m.id = e.member_id where m.account = ?", account);
        String page = mvc.perform(get("/members/" + account).with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        var document = org.jsoup.Jsoup.parse(page);
        assertThat(document.select("#recent-events tr.td-event")).hasSize(10);
        assertThat(document.select("#all-events").text()).isEqualTo("查看全部 " + total + " 条事件");

        var all = org.jsoup.Jsoup.parse(mvc.perform(get("/members/" + account + "/events")
                        .param("type", "click")
                        .with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        long clicks = demo.count("""
                select count(*) from member_event e join member m on m.id = e.member_id
                join event_type t on t.id = e.type_id where m.account = ? and t.name = 'click'""", account);
        assertThat(all.select("tr.td-event")).hasSize((int) Math.min(clicks, 50));
        assertThat(all.select("tr.td-event td:nth-child(2)").eachText()).allMatch(t -> t.contains("click"));
    }
}
