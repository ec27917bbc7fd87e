package dev.tagdesk.tag.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The 人群 pages: the builder (its buttons, its refusals beside the clause, its live count), a segment's
 * page ordered by when members got the tag, the export with every CSV rule, who may build, and a fixed
 * number of statements per page whatever is on it.
 */
@WebTest
class SegmentPagesTests {

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
    }

    long tag(String name) {
        return demo.count("select id from tag where name = ?", name);
    }

    /** The account of the member with the {@code rank}-th smallest id. */
    String memberOfRank(int rank) {
        return jdbc.sql("select account from member order by id offset ? limit 1")
                .param(rank - 1)
                .query(String.class)
                .single();
    }

    MvcResult perform(MockHttpServletRequestBuilder request, String user) throws Exception {
        return mvc.perform(request.with(demo.as(user))).andReturn();
    }

    Document html(MvcResult result) throws Exception {
        return Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void theBuilderAddsAClauseWithoutSavingCountsLiveAndSavesAComplete() throws Exception {
        long digital = tag("偏好_数码");
        Document added = html(perform(
                post("/segments")
                        .param("name", "数码爱好者")
                        .param("match", "all")
                        .param("clauses[0].type", "hasTag")
                        .param("clauses[0].tagId", String.valueOf(digital))
                        .param("edit", "add")
                        .header("HX-Request", "true")
                        .with(csrf()),
                "ops.sales"));
        assertThat(added.select("#segment-builder")).hasSize(1);
        assertThat(added.select("#clauses > li")).hasSize(2);
        assertThat(added.select("[id='clauses0.tagId'] option[selected]").text())
                .isEqualTo("偏好_数码");
        long inScope = demo.count("""
                select count(distinct mt.member_id) from live_member_tag mt join member_department md on md.member_id = mt.member_id
                join department d on d.id = md.department_id where mt.tag_id = ? and d.path like (select path from department where code = 'SALES') || '%'""", digital);
        assertThat(added.select("#segment-count .td-count-value").text()).isEqualTo(String.valueOf(inScope));
        assertThat(demo.count("select count(*) from segment where name = '数码爱好者'"))
                .isZero();

        Document count = html(perform(
                get("/segments/count")
                        .param("match", "none")
                        .param("clauses[0].type", "hasTag")
                        .param("clauses[0].tagId", String.valueOf(digital)),
                "ops.sales"));
        long salesMembers = demo.count("""
                select count(distinct md.member_id) from member_department md join department d on d.id = md.department_id
                where d.path like (select path from department where code = 'SALES') || '%'""");
        assertThat(count.select(".td-count-value").text()).isEqualTo(String.valueOf(salesMembers - inScope));
        assertThat(count.text()).contains("您的范围内");
        Document incomplete = html(perform(
                get("/segments/count")
                        .param("clauses[0].type", "taggedWithinDays")
                        .param("clauses[0].tagId", String.valueOf(digital)),
                "ops.sales"));
        assertThat(incomplete.select(".td-count-incomplete").text()).contains("请填写 1 到 3650 之间的天数");

        MvcResult refused = perform(
                post("/segments")
                        .param("name", "数码爱好者")
                        .param("clauses[0].type", "hasTag")
                        .with(csrf()),
                "ops.sales");
        assertThat(refused.getResponse().getStatus()).isEqualTo(200);
        Document form = html(refused);
        assertThat(form.select("#refusals").text()).contains("有 1 处条件需要修改");
        assertThat(form.select("[id='clauses0'] .td-clause-error").text()).isEqualTo("请选择标签。");
        assertThat(demo.count("select count(*) from segment where name = '数码爱好者'"))
                .isZero();

        MvcResult saved = perform(
                post("/segments")
                        .param("name", "数码爱好者")
                        .param("match", "all")
                        .param("clauses[0].type", "hasTag")
                        .param("clauses[0].tagId", String.valueOf(digital))
                        .param("clauses[1].type", "group")
                        .param("clauses[1].match", "any")
                        .param("clauses[1].clauses[0].type", "department")
                        .param("clauses[1].clauses[0].departmentId", String.valueOf(demo.departmentId("SALES-E")))
                        .param("clauses[1].clauses[0].includeSub", "true")
                        .param("clauses[1].clauses[1].type", "taggedWithinDays")
                        .param("clauses[1].clauses[1].tagId", String.valueOf(tag("偏好_美妆")))
                        .param("clauses[1].clauses[1].days", "30")
                        .with(csrf()),
                "ops.sales");
        long id = demo.count("select id from segment where name = '数码爱好者'");
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/segments/" + id);
        Document page = html(perform(get("/segments/" + id), "ops.sales"));
        assertThat(page.select("#segment-condition").text()).isEqualTo("带有「偏好_数码」 且 (属于华东区（含下级部门） 或 近 30 天内获得「偏好_美妆」)");
        Document edit = html(perform(get("/segments/" + id + "/edit"), "ops.sales"));
        assertThat(edit.select("[id='clauses1.clauses1.days']").attr("value")).isEqualTo("30");
        assertThat(edit.select("[id='clauses1.match'] option[selected]").attr("value"))
                .isEqualTo("any");
    }

    @Test
    void aSegmentsMembersAreOrderedByWhenTheyGotTheTagNewestFirstOrAsAsked() throws Exception {
        long beauty = tag("偏好_美妆");
        demo.update("delete from member_tag where tag_id = ?", beauty);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)
                select m.id, ?, 'MANUAL', 'test', now() - (row_number() over (order by m.id)) * interval '1 hour'
                from member m order by m.id limit 25""", beauty);
        long id = demo.count("select min(id) from segment"); // a demo segment, changed to this tag
        demo.update(
                "update segment set expression = cast(? as jsonb), tag_ids = cast(? as bigint[]) where id = ?",
                "{\"hasTag\":" + beauty + "}",
                "{" + beauty + "}",
                id);
        String newest = memberOfRank(1);
        Document first = html(perform(get("/segments/" + id), "admin"));
        assertThat(first.select("tr.segment-member")).hasSize(20);
        assertThat(first.select("tr.segment-member td a").first().text()).isEqualTo(newest);
        assertThat(first.select("#segment-total").text()).startsWith("25");
        Document oldest = html(perform(get("/segments/" + id).param("sort", "taggedAt"), "admin"));
        assertThat(oldest.select("tr.segment-member td a").first().text()).isEqualTo(memberOfRank(25));
        Document second = html(perform(get("/segments/" + id).param("page", "1"), "admin"));
        assertThat(second.select("tr.segment-member")).hasSize(5);
    }

    @Test
    void theExportFollowsTheRulesOfEveryExportAndHoldsOnlyTheExportersMembers() throws Exception {
        long beauty = tag("偏好_美妆");
        String east = demo.memberOf("SALES-E");
        String purchase = demo.memberOf("PUR");
        demo.update("delete from member_tag where tag_id = ?", beauty);
        demo.update("update member set name = '=HYPERLINK(\"x\")' where account = ?", east);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)
                select m.id, ?, 'MANUAL', 'test', timestamptz '2026-12-03 01:02:03+00' from member m where m.account in (?, ?)""", beauty, east, purchase);
        long id = demo.count("select min(id) from segment");
        demo.update(
                "update segment set expression = cast(? as jsonb), tag_ids = cast(? as bigint[]), owner_id = (select id from app_user where username = 'ops.sales') where id = ?",
                "{\"hasTag\":" + beauty + "}",
                "{" + beauty + "}",
                id);

        MvcResult export = perform(get("/segments/" + id + "/members.csv"), "ops.sales");
        assertThat(export.getResponse().getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(export.getResponse().getHeader("Content-Disposition"))
                .startsWith("attachment; filename=\"segment-" + id + ".csv\"; filename*=UTF-8''")
                .contains("%E4%BA%BA%E7%BE%A4_"); // 人群_
        byte[] bytes = export.getResponse().getContentAsByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        String csv = new String(bytes, StandardCharsets.UTF_8);
        assertThat(csv)
                .isEqualTo(
                        "\uFEFF姓名,账号,标签,获得时间\r\n\"'=HYPERLINK(\"\"x\"\")\"," + east + ",偏好_美妆,2026-12-03 09:02:03\r\n");
        assertThat(
                        demo.count(
                                "select count(*) from audit_event where action = 'EXPORT_SEGMENT_MEMBERS' and actor = 'ops.sales'"))
                .isEqualTo(1);
    }

    @Test
    void markupInASegmentsNameAndInTheNamesItShowsIsShownAsText() throws Exception {
        String markup = "<img src=x onerror=alert(1)>";
        long group = demo.count("select min(id) from tag_group");
        long tag = jdbc.sql("""
                        insert into tag (group_id, name, normalized_name, color, whole_company)
                        values (?, ?, ?, '#1E6FD9', true) returning id""")
                .params(group, "标签" + markup, "标签" + markup)
                .query(Long.class)
                .single();
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select id, ?, 'MANUAL', 'test' from member order by id limit 1""", tag);
        long id = jdbc.sql("""
                        insert into segment (name, expression, tag_ids, owner_id)
                        values (?, cast(? as jsonb), cast(? as bigint[]), (select id from app_user where username = 'admin'))
                        returning id""")
                .params("人群" + markup, "{\"hasTag\":" + tag + "}", "{" + tag + "}")
                .query(Long.class)
                .single();
        for (String path : List.of("/segments", "/segments/" + id, "/segments/" + id + "/edit")) {
            String page = perform(get(path), "admin").getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).as(path).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
        }
        Document segment = html(perform(get("/segments/" + id), "admin"));
        assertThat(segment.select("h1").text()).isEqualTo("人群" + markup);
        assertThat(segment.select("#segment-condition").text()).isEqualTo("带有「标签" + markup + "」");
        assertThat(segment.select("tr.segment-member").text()).contains("标签" + markup);
        assertThat(segment.select("img")).isEmpty();
    }

    @Test
    void auditorsReadSegmentsAndPreviewButBuildNothing() throws Exception {
        assertThat(perform(get("/segments"), "auditor").getResponse().getStatus())
                .isEqualTo(200);
        assertThat(html(perform(get("/segments"), "auditor")).select("#new-segment"))
                .isEmpty();
        assertThat(perform(get("/segments/new"), "auditor").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(perform(post("/segments").param("name", "x").with(csrf()), "auditor")
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(html(perform(get("/segments"), "ops.sales")).select("#new-segment"))
                .hasSize(1);
    }

    @Test
    void theListAndASegmentsPageRunAFixedNumberOfStatementsWhateverIsOnThem() throws Exception {
        long id = demo.count("select min(id) from segment");
        List<Integer> counts = new java.util.ArrayList<>();
        for (int members : List.of(3, 20)) {
            long beauty = tag("偏好_美妆");
            demo.update("delete from member_tag where tag_id = ?", beauty);
            demo.update("""
                    insert into member_tag (member_id, tag_id, source, assigned_by)
                    select m.id, ?, 'MANUAL', 'test' from member m order by m.id limit ?""", beauty, members);
            demo.update(
                    "update segment set expression = cast(? as jsonb), tag_ids = cast(? as bigint[]) where id = ?",
                    "{\"any\":[{\"hasTag\":" + beauty + "},{\"lacksTag\":" + beauty + "}]}",
                    "{" + beauty + "}",
                    id);
            statements.reset();
            perform(get("/segments/" + id), "admin");
            counts.add(statements.count());
        }
        assertThat(counts.get(0)).isEqualTo(counts.get(1));
        List<Integer> lists = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            statements.reset();
            perform(get("/segments"), "admin");
            lists.add(statements.count());
            demo.update("""
                    insert into segment (name, expression, tag_ids, owner_id)
                    select left(name, 20) || ' ' || md5(random()::text), expression, tag_ids, owner_id from segment""");
        }
        assertThat(lists.get(0)).isEqualTo(lists.get(1));
    }
}
