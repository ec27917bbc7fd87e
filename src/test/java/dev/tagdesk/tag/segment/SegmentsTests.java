package dev.tagdesk.tag.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.security.Routes;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segments through the API and the pages: counts and members within each reader's scope only, the
 * contract's shapes, refusals that name the path of the bad clause and say nothing about what lies
 * outside the scope, read-only sharing with departments, keyset pages that hold under concurrent
 * writes, the export's CSV rules, the builder's live count, and the audit of every change.
 */
@WebTest
class SegmentsTests {

    static final JsonMapper JSON = new JsonMapper();

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    StatementCounter statements;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        for (String[] user : new String[][] {{"ops.east", "SALES-E"}, {"ops.south", "SALES-S"}}) {
            demo.update("""
                    insert into app_user (username, password_hash, role, department_id)
                    select ?, password_hash, 'OPS', (select id from department where code = ?)
                    from app_user where username = 'ops.sales'""", user[0], user[1]);
        }
    }

    String account(long memberId) {
        return jdbc.sql("select account from member where id = ?")
                .param(memberId)
                .query(String.class)
                .single();
    }

    long tag(String name) {
        return demo.count("select id from tag where name = ?", name);
    }

    /** Members of a department's subtree (all when {@code null}) carrying the tag, counted in SQL. */
    long carriers(long tag, String departmentCode) {
        return demo.count("""
                select count(distinct mt.member_id) from live_member_tag mt
                join member_department md on md.member_id = mt.member_id join department d on d.id = md.department_id
                where mt.tag_id = ? and d.path like coalesce((select path from department where code = ?), '/') || '%'""", tag, departmentCode);
    }

    MvcResult call(MockHttpServletRequestBuilder request, String user, String json) throws Exception {
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json);
        }
        return mvc.perform(request.with(demo.as(user))).andReturn();
    }

    JsonNode ok(MockHttpServletRequestBuilder request, String user, String json, int status) throws Exception {
        MvcResult result = call(request, user, json);
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return body.isEmpty() ? null : JSON.readTree(body);
    }

    JsonNode preview(String user, String expression) throws Exception {
        return ok(post("/api/v1/segments/preview"), user, "{\"expression\":" + expression + ",\"size\":10}", 200);
    }

    /** An answer with the id asked for and the per-request CSRF token taken out. */
    static String normalised(MvcResult result, String id) throws Exception {
        return result.getResponse()
                .getContentAsString(StandardCharsets.UTF_8)
                .replace(id, "{id}")
                .replaceAll("(name=\"_csrf\"[^>]*value=\")[^\"]*", "$1")
                .replaceAll("(value=\")[^\"]*(\"[^>]*name=\"_csrf\")", "$1$2");
    }

    long create(String user, String name, String expression, String sharedWith) throws Exception {
        return ok(
                        post("/api/v1/segments"),
                        user,
                        "{\"name\":\"%s\",\"expression\":%s%s}"
                                .formatted(name, expression, sharedWith == null ? "" : ",\"sharedWith\":" + sharedWith),
                        201)
                .get("id")
                .asLong();
    }

    Document page(String path, String user) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(demo.as(user)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    /** Every account of the answer's members, and each of them lies in the department's subtree. */
    List<String> accountsWithin(JsonNode answer, String departmentCode) {
        List<String> accounts = new ArrayList<>();
        answer.get("members").forEach(m -> accounts.add(m.get("account").asString()));
        for (String account : accounts) {
            assertThat(demo.count("""
                            select count(*) from member m join member_department md on md.member_id = m.id
                            join department d on d.id = md.department_id
                            where m.account = ? and d.path like (select path from department where code = ?) || '%'""", account, departmentCode))
                    .as(account + " in " + departmentCode)
                    .isPositive();
        }
        return accounts;
    }

    @Test
    void aPreviewCountsAndListsOnlyTheMembersOfTheCallersScopeInTheContractsShape() throws Exception {
        long online = tag("渠道_线上活动_双十一");
        String expression = "{\"all\":[{\"hasTag\":%d}]}".formatted(online);

        JsonNode admin = preview("admin", expression);
        assertThat(admin.propertyNames()).containsExactly("count", "members", "nextCursor");
        assertThat(admin.get("count").asLong())
                .isEqualTo(carriers(online, null))
                .isGreaterThan(10);
        assertThat(admin.get("members")).hasSize(10);
        assertThat(admin.get("members").get(0).get("account").isString()).isTrue();
        assertThat(admin.get("members").get(0).get("name").isString()).isTrue();
        assertThat(admin.get("members").get(0).get("tag").get("name").asString())
                .isEqualTo("渠道_线上活动_双十一");
        assertThat(admin.get("nextCursor").isString()).isTrue();

        JsonNode sales = preview("ops.sales", expression);
        assertThat(sales.get("count").asLong())
                .isEqualTo(carriers(online, "SALES"))
                .isLessThan(admin.get("count").asLong());
        accountsWithin(sales, "SALES");
        JsonNode purchase = preview("ops.purchase", expression);
        assertThat(purchase.get("count").asLong()).isEqualTo(carriers(online, "PUR"));
        accountsWithin(purchase, "PUR");
    }

    @Test
    void theContractsExampleIsSavedAndItsMembersReadAPageAtATime() throws Exception {
        long a = tag("偏好_数码");
        long b = tag("偏好_美妆");
        long c = tag("渠道_直播间");
        demo.update("delete from member_tag where tag_id in (?, ?, ?)", a, b, c);
        // Twelve members of 华东区 carry a and got c an hour ago; two of them also carry b; c of a week ago does not
        // count.
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)
                select m.id, t.id, 'MANUAL', 'test', now() - interval '1 hour'
                from (select md.member_id as id from member_department md join department d on d.id = md.department_id
                      where d.code = 'SALES-E' order by md.member_id limit 12) m, (values (?), (?)) as t(id)""", a, c);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select mt.member_id, ?, 'MANUAL', 'test' from member_tag mt where mt.tag_id = ?
                order by mt.member_id limit 2""", b, a);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)
                select md.member_id, t.id, 'MANUAL', 'test', now() - interval '7 days'
                from member_department md join department d on d.id = md.department_id, (values (?), (?)) as t(id)
                where d.code = 'SALES-S' and md.member_id in (select member_id from member_department order by member_id desc limit 40)
                on conflict do nothing""", a, c);
        String expression =
                "{\"all\":[{\"hasTag\":%d},{\"lacksTag\":%d},{\"taggedWithinDays\":{\"tag\":%d,\"days\":1}}]}"
                        .formatted(a, b, c);

        MvcResult created =
                call(post("/api/v1/segments"), "ops.sales", "{\"name\":\"直播间新客\",\"expression\":" + expression + "}");
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        JsonNode segment = JSON.readTree(created.getResponse().getContentAsString(StandardCharsets.UTF_8));
        long id = segment.get("id").asLong();
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/segments/" + id);
        assertThat(JSON.writeValueAsString(segment.get("expression"))).isEqualTo(expression);
        assertThat(segment.get("owner").asString()).isEqualTo("ops.sales");

        Set<String> seen = new LinkedHashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode answer = ok(
                    get("/api/v1/segments/{id}/members", id).param("size", "4").param("cursor", cursor),
                    "ops.sales",
                    null,
                    200);
            assertThat(answer.propertyNames()).containsExactly("count", "members", "nextCursor");
            assertThat(answer.get("count").asLong()).isEqualTo(10);
            for (String account : accountsWithin(answer, "SALES-E")) {
                assertThat(seen.add(account)).as("seen once: " + account).isTrue();
            }
            cursor = answer.get("nextCursor").isNull()
                    ? null
                    : answer.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(10);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void anExpressionNamingATagOrDepartmentOutsideTheScopeIsRefusedExactlyLikeAMissingOne() throws Exception {
        String purTag = String.valueOf(tag("PUR_供应商_一级"));
        String purDepartment = String.valueOf(demo.departmentId("PUR"));
        for (String[] clause : new String[][] {
            {"{\"any\":[{\"hasTag\":%s}]}", purTag, "SEGMENT_TAG_UNKNOWN", "expression.any[0].hasTag"},
            {
                "{\"all\":[{\"departmentId\":%s,\"includeSubDepartments\":true}]}",
                purDepartment,
                "SEGMENT_DEPARTMENT_UNKNOWN",
                "expression.all[0].departmentId"
            }
        }) {
            MvcResult outOfScope = call(
                    post("/api/v1/segments/preview"),
                    "ops.sales",
                    "{\"expression\":" + clause[0].formatted(clause[1]) + "}");
            MvcResult missing = call(
                    post("/api/v1/segments/preview"),
                    "ops.sales",
                    "{\"expression\":" + clause[0].formatted(Routes.MISSING_ID) + "}");
            String answer = outOfScope.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(outOfScope.getResponse().getStatus()).isEqualTo(400);
            JsonNode problem = JSON.readTree(answer);
            assertThat(problem.get("code").asString()).isEqualTo(clause[2]);
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(clause[3]);
            assertThat(answer.replace(clause[1], "{id}"))
                    .isEqualTo(missing.getResponse()
                            .getContentAsString(StandardCharsets.UTF_8)
                            .replace(Routes.MISSING_ID, "{id}"));
        }
        assertThat(demo.count("select count(*) from segment")).isEqualTo(2);
    }

    @Test
    void aBrokenExpressionIsATranslatedProblemNamingThePathAndChangesNothing() throws Exception {
        JsonNode zh = ok(
                post("/api/v1/segments"),
                "ops.sales",
                "{\"name\":\"坏\",\"expression\":{\"all\":[{\"hasTag\":1},{\"taggedWithinDays\":{\"tag\":2,\"days\":0}}]}}",
                400);
        assertThat(zh.get("code").asString()).isEqualTo("SEGMENT_EXPRESSION_INVALID");
        assertThat(zh.get("errors").get(0).get("field").asString())
                .isEqualTo("expression.all[1].taggedWithinDays.days");
        assertThat(zh.get("detail").asString())
                .contains("expression.all[1].taggedWithinDays.days")
                .contains("条件");
        JsonNode en = ok(
                post("/api/v1/segments/preview").param("lang", "en"),
                "ops.sales",
                "{\"expression\":{\"any\":[{\"status\":\"ACTIVE\"}]}}",
                400);
        assertThat(en.get("detail").asString()).startsWith("The expression is not valid at expression.any[0].status");

        JsonNode cursor = ok(
                get("/api/v1/segments/{id}/members", demo.count("select min(id) from segment"))
                        .param("cursor", "not-ours"),
                "admin",
                null,
                400);
        assertThat(cursor.get("code").asString()).isEqualTo("SEGMENT_CURSOR_INVALID");

        long live = tag("偏好_数码");
        JsonNode nameless = ok(
                post("/api/v1/segments"),
                "ops.sales",
                "{\"name\":\"  \",\"expression\":{\"hasTag\":%d}}".formatted(live),
                400);
        assertThat(nameless.get("code").asString()).isEqualTo("SEGMENT_NAME_REQUIRED");
        create("ops.sales", "数码", "{\"hasTag\":%d}".formatted(live), null);
        JsonNode taken = ok(
                post("/api/v1/segments"),
                "ops.sales",
                "{\"name\":\"数码\",\"expression\":{\"hasTag\":%d}}".formatted(live),
                409);
        assertThat(taken.get("code").asString()).isEqualTo("SEGMENT_NAME_TAKEN");
        // another owner may have a segment of the same name
        create("ops.purchase", "数码", "{\"hasTag\":%d}".formatted(live), null);
        assertThat(demo.count("select count(*) from segment where name = '数码'")).isEqualTo(2);
        assertThat(demo.count("select count(*) from segment where name = '坏'")).isZero();
    }

    @Test
    void aSharedSegmentIsReadOnlyForTheDepartmentAndItsSubDepartmentsEachSeeingOnlyTheirOwnMembers() throws Exception {
        long online = tag("渠道_线上活动_双十一");
        long id = create("admin", "双十一客户", "{\"hasTag\":%d}".formatted(online), "[" + demo.departmentId("SALES") + "]");

        assertThat(ok(get("/api/v1/segments/{id}/members", id), "admin", null, 200)
                        .get("count")
                        .asLong())
                .isEqualTo(carriers(online, null));
        assertThat(ok(get("/api/v1/segments/{id}/members", id), "ops.sales", null, 200)
                        .get("count")
                        .asLong())
                .isEqualTo(carriers(online, "SALES"));
        JsonNode east = ok(get("/api/v1/segments/{id}/members", id), "ops.east", null, 200);
        assertThat(east.get("count").asLong()).isEqualTo(carriers(online, "SALES-E"));
        accountsWithin(east, "SALES-E");
        ok(get("/api/v1/segments/{id}", id), "ops.purchase", null, 404);
        assertThat(ok(get("/api/v1/segments"), "ops.east", null, 200)
                        .get("items")
                        .toString())
                .contains("双十一客户");
        assertThat(ok(get("/api/v1/segments"), "ops.purchase", null, 200)
                        .get("items")
                        .toString())
                .doesNotContain("双十一客户");

        // read-only for those it is shared with
        ok(
                put("/api/v1/segments/{id}", id),
                "ops.east",
                "{\"name\":\"改名\",\"expression\":{\"hasTag\":%d},\"version\":0}".formatted(online),
                403);
        ok(delete("/api/v1/segments/{id}", id), "ops.sales", null, 403);
        Document page = page("/segments/" + id, "ops.east");
        assertThat(page.select("#edit-segment, #delete-segment, #share-form")).isEmpty();
        assertThat(page.select("#segment-total").text()).contains("只读").contains("您的范围内");
        assertThat(page.select("#segment-shared").text()).isEqualTo("与您的部门共享（只读）");
        assertThat(page.select("tr.segment-member")).hasSize((int) Math.min(20, carriers(online, "SALES-E")));
        assertThat(demo.count("select count(*) from segment where name = '改名'")).isZero();
    }

    @Test
    void aSegmentNamingATagTheReaderCannotSeeAnswersExactlyLikeAMissingOne() throws Exception {
        // 华东区's own tag, shared with 销售部 (whose people see it) and so with 华南区 too, whose people do not.
        long east = tag("SALES_华东_门店会员");
        // an id that appears nowhere else in a page, so it can be taken out of the answer
        demo.update("alter table segment alter column id restart with 7654321");
        long id = create("admin", "华东门店会员", "{\"hasTag\":%d}".formatted(east), "[" + demo.departmentId("SALES") + "]");
        ok(get("/api/v1/segments/{id}", id), "ops.east", null, 200);
        for (String path : List.of(
                "/api/v1/segments/{id}",
                "/api/v1/segments/{id}/members",
                "/segments/{id}",
                "/segments/{id}/members.csv",
                "/segments/{id}/edit")) {
            MvcResult hidden = call(get(path, id), "ops.south", null);
            MvcResult missing = call(get(path, Routes.MISSING_ID), "ops.south", null);
            assertThat(hidden.getResponse().getStatus()).as(path).isEqualTo(404);
            assertThat(normalised(hidden, String.valueOf(id)))
                    .as(path)
                    .isEqualTo(normalised(missing, Routes.MISSING_ID));
        }
        assertThat(ok(get("/api/v1/segments"), "ops.south", null, 200)
                        .get("items")
                        .toString())
                .doesNotContain("华东门店会员");
        assertThat(page("/segments", "ops.south").text()).doesNotContain("华东门店会员");
    }

    @Test
    void aSegmentIsSharedOnlyWhereItsReadersWouldSeeWhatItNames() throws Exception {
        long marketing = tag("MKT_618大促_意向客户");
        long id = create("admin", "618 意向", "{\"hasTag\":%d}".formatted(marketing), null);
        JsonNode refused = ok(
                put("/api/v1/segments/{id}", id),
                "admin",
                "{\"name\":\"618 意向\",\"expression\":{\"hasTag\":%d},\"sharedWith\":[%d],\"version\":0}"
                        .formatted(marketing, demo.departmentId("SALES")),
                400);
        assertThat(refused.get("code").asString()).isEqualTo("SEGMENT_SHARE_NOT_READABLE");
        assertThat(refused.get("detail").asString()).contains("销售部").contains("MKT_618大促_意向客户");
        assertThat(demo.count("select count(*) from segment_share where segment_id = ?", id))
                .isZero();

        long own = create("ops.sales", "大客户", "{\"hasTag\":%d}".formatted(tag("SALES_大客户")), null);
        JsonNode outside = ok(
                put("/api/v1/segments/{id}", own),
                "ops.sales",
                "{\"name\":\"大客户\",\"expression\":{\"hasTag\":%d},\"sharedWith\":[%d],\"version\":0}"
                        .formatted(tag("SALES_大客户"), demo.departmentId("PUR")),
                400);
        assertThat(outside.get("code").asString()).isEqualTo("SEGMENT_DEPARTMENT_UNKNOWN");
        assertThat(outside.get("errors").get(0).get("field").asString()).isEqualTo("sharedWith");
    }

    @Test
    void walkingTheKeysetPagesWhileMembersAreTaggedAndUntaggedGivesEveryMemberWhoStayedExactlyOnce() throws Exception {
        long beauty = tag("偏好_美妆");
        demo.update("delete from member_tag where tag_id = ?", beauty);
        List<Long> members = new ArrayList<>();
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, ?, 'MANUAL', 'test' from member m where m.id % 3 = 0 order by m.id limit 40""", beauty);
        for (long i = 1; i <= 40; i++) {
            members.add(demo.count(
                    "select member_id from member_tag where tag_id = ? order by member_id offset ? limit 1",
                    beauty,
                    i - 1));
        }
        long id = create("admin", "美妆", "{\"hasTag\":%d}".formatted(beauty), null);

        List<String> walked = new ArrayList<>();
        JsonNode first = ok(get("/api/v1/segments/{id}/members", id).param("size", "7"), "admin", null, 200);
        first.get("members").forEach(m -> walked.add(m.get("account").asString()));
        long last = members.get(6);
        // Meanwhile: two members already read and two not read yet lose the tag; members with ids on both
        // sides of the cursor get it; and a member read already gets it again (a newer assignment).
        Set<Long> untaggedUnread = Set.of(members.get(10), members.get(30));
        for (long gone : List.of(members.get(1), members.get(3), members.get(10), members.get(30))) {
            demo.update("delete from member_tag where member_id = ? and tag_id = ?", gone, beauty);
        }
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, ?, 'MANUAL', 'test' from member m where m.id % 3 = 1 and m.id < ? order by m.id limit 3""", beauty, last);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, ?, 'MANUAL', 'test' from member m where m.id % 3 = 1 and m.id > ? order by m.id limit 3""", beauty, last);
        demo.update(
                "update member_tag set assigned_at = now() where member_id = ? and tag_id = ?", members.get(0), beauty);

        String cursor = first.get("nextCursor").asString();
        while (cursor != null) {
            JsonNode page = ok(
                    get("/api/v1/segments/{id}/members", id).param("size", "7").param("cursor", cursor),
                    "admin",
                    null,
                    200);
            page.get("members").forEach(m -> walked.add(m.get("account").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        }
        assertThat(new HashSet<>(walked)).as("no member twice").hasSize(walked.size());
        Set<String> stayed = new HashSet<>();
        for (long member : members) {
            if (!untaggedUnread.contains(member)) {
                stayed.add(account(member));
            }
        }
        assertThat(walked).containsAll(stayed);
        for (long gone : untaggedUnread) {
            assertThat(walked).doesNotContain(account(gone));
        }
        // the three tagged beyond the cursor are read, the three before it are not (they were passed)
        assertThat(walked).hasSize(stayed.size() + 3);
    }

    @Test
    void aTokenWithSegmentsReadReadsAndPreviewsAsItsOwnerSeesButChangesNothing() throws Exception {
        long online = tag("渠道_线上活动_双十一");
        String token = JSON.readTree(mvc.perform(post("/api/v1/tokens")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.httpBasic("ops.sales", "tagdesk-demo"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"CRM 人群\",\"scopes\":[\"segments:read\"],\"expiresInDays\":30}"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(StandardCharsets.UTF_8))
                .get("token")
                .asString();
        MvcResult preview = mvc.perform(post("/api/v1/segments/preview")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"expression\":{\"hasTag\":%d}}".formatted(online)))
                .andReturn();
        assertThat(preview.getResponse().getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(preview.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .get("count")
                        .asLong())
                .isEqualTo(carriers(online, "SALES"));
        assertThat(mvc.perform(get("/api/v1/segments").header("Authorization", "Bearer " + token))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        MvcResult create = mvc.perform(post("/api/v1/segments")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"令牌建的\",\"expression\":{\"hasTag\":%d}}".formatted(online)))
                .andReturn();
        assertThat(create.getResponse().getStatus()).isEqualTo(403);
        assertThat(create.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("INSUFFICIENT_SCOPE");
        assertThat(demo.count("select count(*) from segment where name = '令牌建的'"))
                .isZero();
    }

    @Test
    void everyChangeToASegmentIsAuditedAndReadsInWords() throws Exception {
        long digital = tag("偏好_数码");
        long id = create("ops.sales", "数码控", "{\"hasTag\":%d}".formatted(digital), null);
        ok(
                put("/api/v1/segments/{id}", id),
                "ops.sales",
                "{\"name\":\"数码控2\",\"expression\":{\"lacksTag\":%d},\"version\":0}".formatted(digital),
                200);
        JsonNode stale = ok(
                put("/api/v1/segments/{id}", id),
                "ops.sales",
                "{\"name\":\"数码控3\",\"expression\":{\"lacksTag\":%d},\"version\":0}".formatted(digital),
                409);
        assertThat(stale.get("code").asString()).isEqualTo("VERSION_STALE");
        mvc.perform(post("/segments/{id}/share", id)
                        .param("departmentIds", String.valueOf(demo.departmentId("SALES-E")))
                        .with(csrf())
                        .with(demo.as("ops.sales")))
                .andReturn();
        mvc.perform(get("/segments/{id}/members.csv", id).with(demo.as("ops.sales")))
                .andReturn();
        mvc.perform(post("/segments/{id}/delete", id).with(csrf()).with(demo.as("ops.sales")))
                .andReturn();

        assertThat(jdbc.sql("select action from audit_event where target_type in ('segment') order by id")
                        .query(String.class)
                        .list())
                .containsExactly(
                        "SEGMENT_CREATED",
                        "SEGMENT_UPDATED",
                        "SEGMENT_SHARED",
                        "EXPORT_SEGMENT_MEMBERS",
                        "SEGMENT_DELETED");
        assertThat(demo.count(
                        "select count(*) from audit_event where target_type = 'segment' and target_id = ?",
                        String.valueOf(id)))
                .isEqualTo(5);
        assertThat(demo.count("select count(*) from segment where id = ?", id)).isZero();
        Document log = page("/audit", "admin");
        assertThat(log.select(".audit-action").eachText()).contains("创建人群", "修改人群", "修改人群的共享", "删除人群", "导出人群成员");
    }
}
