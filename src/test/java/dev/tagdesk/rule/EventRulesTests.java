package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.event.EventIngestion;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Rule conditions over behaviour events: counted by the time events occurred, over the events received
 * before the watermark (a late event is counted by the next run, once), checked against the declared
 * event types when saved, written in the same JSON and built in the same form; and the demo's two seed
 * event rules with their dry-run counts.
 */
@WebTest
class EventRulesTests {

    static final JsonMapper JSON = new JsonMapper();

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    CurrentScope scopes;

    @Autowired
    AutoTagRules rules;

    @Autowired
    RuleRuns runs;

    @Autowired
    EventIngestion ingestion;

    Scope admin;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        admin = scopes.of(demo.user("admin"));
    }

    long seedRule(String name) {
        return demo.count("select id from tag_rule where name = ?", name);
    }

    JsonNode consult(String id, String account, Instant occurred, String product) {
        return JSON.readTree("""
                {"eventId":"%s","account":"%s","type":"consult","occurredAt":"%s","properties":{"product":"%s"}}""".formatted(id, account, occurred, product));
    }

    long carries(String account, String tag) {
        return demo.count("""
                select count(*) from member_tag mt join member m on m.id = mt.member_id join tag t on t.id = mt.tag_id
                where m.account = ? and t.name = ?""", account, tag);
    }

    @Test
    void anEventThatArrivesAfterTheWatermarkIsCountedByTheNextRunOnce() {
        String account = quietMember();
        long rule = seedRule("三个月内重复咨询相同产品");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        // A consultation received long ago, and a second one about the same product arriving late.
        ingestion.ingest(admin, List.of(consult("late-a", account, now.minus(2, ChronoUnit.DAYS), "理财A")));
        demo.update("update member_event set received_at = received_at - interval '1 hour' where event_id = 'late-a'");
        ingestion.ingest(admin, List.of(consult("late-b", account, now.minus(1, ChronoUnit.DAYS), "理财A")));

        RuleViews.RunView first = runs.runNow(admin, rule);
        assertThat(carries(account, "意向_高潜力培育对象"))
                .as("the late event is past the watermark: not counted yet")
                .isZero();

        // Eleven minutes on (the watermark lag is ten), and the CRM sends the late event again.
        demo.update(
                "update member_event set received_at = received_at - interval '11 minutes' where event_id = 'late-b'");
        EventIngestion.Receipt resent =
                ingestion.ingest(admin, List.of(consult("late-b", account, now.minus(1, ChronoUnit.DAYS), "理财A")));
        assertThat(resent.duplicates()).isEqualTo(1);

        RuleViews.RunView second = runs.runNow(admin, rule);
        assertThat(carries(account, "意向_高潜力培育对象")).as("counted by the next run").isEqualTo(1);
        assertThat(first.added())
                .as("the first run tagged the demo's other members")
                .isPositive();
        assertThat(second.added()).as("the next run adds this member only").isEqualTo(1);

        RuleViews.RunView third = runs.runNow(admin, rule);
        assertThat(third.added()).as("and never again").isZero();
        assertThat(carries(account, "意向_高潜力培育对象")).isEqualTo(1);

        // Sent twice, stored once: three consultations are still two.
        RuleDefinition three = definition(
                "{\"events\":{\"type\":\"consult\",\"atLeast\":3,\"withinDays\":90,\"sameValueOf\":\"product\"}}",
                "意向_高潜力培育对象");
        assertThat(rules.dryRun(admin, three).sample()).doesNotContain(account);
    }

    @Test
    void theTwoSeedRulesDryRunToWhatTheSameCountWrittenByHandFinds() {
        RuleViews.RuleView consult = rules.get(admin, seedRule("三个月内重复咨询相同产品"));
        RuleViews.RuleView manual = rules.get(admin, seedRule("点击产品手册链接超 3 次"));
        assertThat(consult.enabled()).isFalse();
        assertThat(manual.enabled()).isFalse();

        long repeated = demo.count("""
                select count(distinct member_id) from (
                    select e.member_id from member_event e join event_type t on t.id = e.type_id
                    where t.name = 'consult' and e.occurred_at > now() - interval '90 days'
                      and e.received_at <= now() - interval '10 minutes'
                    group by e.member_id, e.properties ->> 'product' having count(*) >= 2) x""");
        long clicked = demo.count("""
                select count(*) from (
                    select e.member_id from member_event e join event_type t on t.id = e.type_id
                    where t.name = 'click' and e.properties ->> 'link' = 'product-manual'
                      and e.occurred_at > now() - interval '30 days' and e.received_at <= now() - interval '10 minutes'
                    group by e.member_id having count(*) >= 4) x""");
        long members = demo.count("select count(*) from member");
        assertThat(repeated).as("some demo members, not all").isBetween(10L, members - 10);
        assertThat(clicked).as("some demo members, not all").isBetween(10L, members - 10);

        RuleViews.Preview repeatedRun = rules.dryRun(admin, consult.definition());
        assertThat(repeatedRun.matched()).isEqualTo(repeated);
        assertThat(repeatedRun.toAdd()).extracting(RuleViews.TagCount::members).containsExactly(repeated);
        RuleViews.Preview clickedRun = rules.dryRun(admin, manual.definition());
        assertThat(clickedRun.matched()).isEqualTo(clicked);
        assertThat(clickedRun.toAdd()).extracting(RuleViews.TagCount::members).containsExactly(clicked);
        assertThat(demo.count("select count(*) from event_type")).isEqualTo(2);
        assertThat(demo.count("select count(*) from member_event")).isBetween(2_000L, 4_000L);
    }

    @Test
    void theRuleListDescribesEventClausesInWords() throws Exception {
        String page = mvc.perform(get("/rules").with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("90 天内至少 2 次「咨询」事件，product 相同").contains("30 天内至少 4 次「点击」事件，link 为 product-manual");
    }

    @Test
    void anEventClauseNamesADeclaredTypeItsOwnPropertiesAndAWindowWithinItsRetention() throws Exception {
        assertRefused("{\"events\":{\"type\":\"purchase\",\"atLeast\":1,\"withinDays\":7}}", "RULE_EVENT_TYPE_UNKNOWN");
        assertRefused(
                "{\"events\":{\"type\":\"consult\",\"atLeast\":2,\"withinDays\":7,\"sameValueOf\":\"price\"}}",
                "RULE_EVENT_PROPERTY_UNKNOWN");
        assertRefused(
                "{\"events\":{\"type\":\"click\",\"atLeast\":1,\"withinDays\":7,\"where\":{\"page\":\"x\"}}}",
                "RULE_EVENT_PROPERTY_UNKNOWN");
        assertRefused(
                "{\"events\":{\"type\":\"click\",\"atLeast\":1,\"withinDays\":200}}", "RULE_EVENTS_BEYOND_RETENTION");
        assertRefused("{\"events\":{\"type\":\"click\",\"atLeast\":0,\"withinDays\":7}}", "RULE_CONDITION_INVALID");
        assertRefused(
                "{\"events\":{\"type\":\"click\",\"atLeast\":1,\"withinDays\":7,\"colour\":1}}",
                "RULE_CONDITION_INVALID");

        String condition = "{\"all\":[{\"events\":{\"type\":\"click\",\"atLeast\":4,\"withinDays\":30,"
                + "\"where\":{\"link\":\"product-manual\"}}},{\"status\":\"ACTIVE\"}]}";
        MvcResult created = save(condition);
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        JsonNode rule = JSON.readTree(created.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(rule.get("condition")).isEqualTo(JSON.readTree(condition));
    }

    @Test
    void theBuilderBuildsAnEventClauseAndShowsItAgain() throws Exception {
        long hq = demo.departmentId("HQ");
        long tag = demo.count("select id from tag where name = '意向_产品意向强烈'");
        mvc.perform(post("/rules")
                .with(demo.as("admin"))
                .with(csrf())
                .param("name", "搭建的事件规则")
                .param("enabled", "false")
                .param("addTagIds", String.valueOf(tag))
                .param("departmentIds", String.valueOf(hq))
                .param("includeSubIds", String.valueOf(hq))
                .param("clauses[0].type", "events")
                .param("clauses[0].eventType", "click")
                .param("clauses[0].atLeast", "4")
                .param("clauses[0].days", "30")
                .param("clauses[0].whereProperty", "link")
                .param("clauses[0].whereValue", "product-manual"));
        long id = seedRule("搭建的事件规则");
        assertThat(JSON.readTree(demo.text("select condition::text from tag_rule where id = " + id)))
                .isEqualTo(JSON.readTree("{\"all\":[{\"events\":{\"type\":\"click\",\"atLeast\":4,\"withinDays\":30,"
                        + "\"where\":{\"link\":\"product-manual\"}}}]}"));
        String form = mvc.perform(get("/rules/" + id).with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(form)
                .contains("value=\"product-manual\"")
                .containsPattern("<option value=\"click\" selected=\"selected\"")
                .containsPattern("name=\"clauses\\[0\\]\\.atLeast\"[^>]*value=\"4\"");

        String incomplete = mvc.perform(post("/rules")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "未完成的事件规则")
                        .param("addTagIds", String.valueOf(tag))
                        .param("departmentIds", String.valueOf(hq))
                        .param("clauses[0].type", "events")
                        .param("clauses[0].days", "30")
                        .param("clauses[0].whereProperty", "link"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(incomplete).contains("请选择事件类型。", "请填写事件次数", "属性和值要么都填，要么都不填。");
        assertThat(demo.count("select count(*) from tag_rule where name = '未完成的事件规则'"))
                .isZero();
    }

    private MvcResult save(String condition) throws Exception {
        long tag = demo.count("select id from tag where name = '意向_产品意向强烈'");
        return mvc.perform(post("/api/v1/rules")
                        .with(demo.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"事件规则","enabled":false,"condition":%s,"action":{"add":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(condition, tag, demo.departmentId("HQ"))))
                .andReturn();
    }

    private void assertRefused(String condition, String code) throws Exception {
        MvcResult result = save(condition);
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(400);
        assertThat(JSON.readTree(body).get("code").asString()).as(body).isEqualTo(code);
        assertThat(JSON.readTree(body).get("detail").asString()).as(body).doesNotContain("refusal.");
    }

    private RuleDefinition definition(String condition, String tag) {
        return new RuleDefinition(
                "草稿",
                false,
                RuleJson.condition(JSON.readTree(condition)),
                new RuleAction(List.of(demo.count("select id from tag where name = ?", tag)), List.of(), null),
                List.of(new RuleDefinition.Department(demo.departmentId("HQ"), true)));
    }

    /** A member with no consultation at all in the demo data. */
    private String quietMember() {
        return demo.text("""
                select m.account from member m where not exists (
                    select 1 from member_event e join event_type t on t.id = e.type_id
                    where e.member_id = m.id and t.name = 'consult') order by m.account limit 1""");
    }
}
