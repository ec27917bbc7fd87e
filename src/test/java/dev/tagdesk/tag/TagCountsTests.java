package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every count a tag page, the delete confirmation and the group list show is true for the viewer:
 * counted within what they may see, labelled as such, and equal to a count the test makes itself in
 * SQL. A company-wide tag never reaches "0 members"; distinct members and assignments are told
 * apart; a group never counts tags the viewer cannot see.
 */
@WebTest
class TagCountsTests {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The members whose departments lie inside a department's subtree (or anywhere: "/"). */
    static final String MEMBERS_UNDER = """
            select count(distinct md.member_id) from member_department md join department d on d.id = md.department_id
            where d.path like ? || '%'""";

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

    String path(String code) {
        return code == null ? "/" : jdbcString("select path from department where code = ?", code);
    }

    // --- reach ---------------------------------------------------------------------------------

    @Test
    void aCompanyWideTagShowsItsTrueReachToEveryRoleNeverZero() throws Exception {
        long id = tag("渠道_线下门店");
        long departments = demo.count("select count(*) from department");
        long everyone = demo.count(MEMBERS_UNDER, "/");
        assertThat(everyone).isPositive();
        for (String companyWide : List.of("admin", "auditor")) {
            assertThat(page("/tags/" + id, companyWide))
                    .contains("全公司可见：" + departments + " 个部门，" + everyone + " 名成员")
                    .doesNotContain("您的范围内");
        }
        Map<String, String> homes = Map.of("ops.sales", "SALES", "ops.purchase", "PUR");
        for (var ops : homes.entrySet()) {
            long inScope = demo.count(MEMBERS_UNDER, path(ops.getValue()));
            long departmentsInScope =
                    demo.count("select count(*) from department where path like ? || '%'", path(ops.getValue()));
            assertThat(inScope).isPositive().isLessThan(everyone);
            assertThat(page("/tags/" + id, ops.getKey()))
                    .contains("全公司；您的范围内 " + inScope + " 名成员（" + departmentsInScope + " 个部门）")
                    .doesNotContain("0 个部门，0 名成员");
        }
    }

    @Test
    void aTagOfNamedDepartmentsCountsOnlyWhatLiesInTheViewersScopeAndSaysSo() throws Exception {
        long id = tag("MKT_公众号_粉丝"); // 市场部, and 销售部 with its sub-departments
        String reached = """
                select %s from department d join member_department md on md.department_id = d.id
                where (d.code = 'MKT' or d.path like (select path from department where code = 'SALES') || '%%')
                  and d.path like ? || '%%'""";
        long allDepartments = demo.count(reached.formatted("count(distinct d.id)"), "/");
        long allMembers = demo.count(reached.formatted("count(distinct md.member_id)"), "/");
        long salesDepartments = demo.count(reached.formatted("count(distinct d.id)"), path("SALES"));
        long salesMembers = demo.count(reached.formatted("count(distinct md.member_id)"), path("SALES"));
        assertThat(allDepartments).isEqualTo(4);
        assertThat(salesDepartments).isEqualTo(3);

        for (String companyWide : List.of("admin", "auditor")) {
            assertThat(page("/tags/" + id, companyWide))
                    .contains("可见于 " + allDepartments + " 个部门，" + allMembers + " 名成员")
                    .doesNotContain("您的范围内");
        }
        assertThat(page("/tags/" + id, "ops.sales"))
                .contains("您的范围内：可见于 " + salesDepartments + " 个部门，" + salesMembers + " 名成员");
    }

    @Test
    void theTagPagesMemberCountSaysItCountsTheViewersScope() throws Exception {
        long id = tag("渠道_线下门店");
        long all = demo.count("select count(*) from member_tag where tag_id = ?", id);
        long inSales = demo.count("""
                select count(distinct mt.member_id) from member_tag mt join member_department md on md.member_id = mt.member_id
                join department d on d.id = md.department_id where mt.tag_id = ? and d.path like ? || '%'""", id, path("SALES"));
        assertThat(page("/tags/" + id, "admin")).contains("关联 " + all + " 名成员");
        assertThat(page("/tags/" + id, "ops.sales")).contains("您的范围内关联 " + inSales + " 名成员");
    }

    @Test
    void theReachPreviewOfAWholeCompanyChoiceCountsTheScopeForOps() throws Exception {
        long inScope = demo.count(MEMBERS_UNDER, path("SALES"));
        assertThat(body(get("/tags/reach").param("wholeCompany", "true"), "ops.sales"))
                .contains("全公司；您的范围内 " + inScope + " 名成员（3 个部门）");
    }

    // --- the delete confirmation -------------------------------------------------------------------

    @Test
    void theDeleteConfirmationTellsDistinctMembersFromAssignments() throws Exception {
        long outdoor = tag("偏好_户外运动");
        long beauty = tag("偏好_美妆");
        // Some members carry both, so the two numbers differ.
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select md.member_id, t.id, 'MANUAL', 'admin' from member_department md join department d on d.id = md.department_id
                cross join tag t where d.code = 'SALES-E' and t.id in (?, ?) on conflict do nothing""", outdoor, beauty);
        String both = outdoor + "," + beauty;

        long members = demo.count(
                "select count(distinct member_id) from member_tag where tag_id = any(cast(? as bigint[]))",
                "{" + both + "}");
        long assignments =
                demo.count("select count(*) from member_tag where tag_id = any(cast(? as bigint[]))", "{" + both + "}");
        assertThat(members).isLessThan(assignments);
        assertThat(page("/tags/delete?ids=" + both, "admin"))
                .contains("所选标签共关联 " + members + " 名成员，" + assignments + " 条关联")
                .contains("同时从 " + members + " 名成员身上移除这些标签（" + assignments + " 条关联）");

        String scoped = """
                select %s from member_tag mt where mt.tag_id = any(cast(? as bigint[])) and mt.member_id in (
                    select md.member_id from member_department md join department d on d.id = md.department_id
                    where d.path like ? || '%%')""";
        long salesMembers =
                demo.count(scoped.formatted("count(distinct mt.member_id)"), "{" + both + "}", path("SALES"));
        long salesAssignments = demo.count(scoped.formatted("count(*)"), "{" + both + "}", path("SALES"));
        assertThat(salesMembers).isLessThan(salesAssignments);
        assertThat(page("/tags/delete?ids=" + both, "ops.sales"))
                .contains("您的范围内，所选标签共关联 " + salesMembers + " 名成员，" + salesAssignments + " 条关联");
    }

    @Test
    void theDeleteConfirmationRunsAFixedNumberOfStatementsWhateverTheSelection() throws Exception {
        List<Long> ids = List.of(tag("偏好_户外运动"), tag("偏好_美妆"), tag("偏好_数码"), tag("渠道_直播间"), tag("待激活"));
        String one = "/tags/delete?ids=" + ids.get(0);
        String five = "/tags/delete?ids="
                + String.join(",", ids.stream().map(String::valueOf).toList());
        assertThat(statementsFor(five)).isEqualTo(statementsFor(one));
    }

    // --- group counts --------------------------------------------------------------------------

    @Test
    void groupTagCountsCountOnlyTheTagsTheCallerCanSee() throws Exception {
        for (String caller : List.of("ops.purchase", "ops.sales", "auditor", "admin")) {
            JsonNode groups =
                    JSON.readTree(body(get("/api/v1/tag-groups"), caller)).get("items");
            assertThat(groups).as(caller + ": the groups").hasSize(5);
            String groupsPage = page("/tag-groups", caller);
            for (JsonNode group : groups) {
                long id = group.get("id").asLong();
                long seen = JSON.readTree(body(
                                get("/api/v1/tags")
                                        .param("groupId", String.valueOf(id))
                                        .param("size", "1"),
                                caller))
                        .get("total")
                        .asLong();
                assertThat(group.get("tagCount").asLong())
                        .as(caller + " " + group.get("name").asString())
                        .isEqualTo(seen);
                assertThat(countOnGroupsPage(groupsPage, group.get("name").asString(), caller.equals("admin")))
                        .as(caller + " on the page, " + group.get("name").asString())
                        .isEqualTo(seen);
            }
        }
        long source = demo.count("select id from tag_group where name = '客户来源'");
        long everyTag = demo.count("select count(*) from tag where group_id = ? and deleted_at is null", source);
        JsonNode purchasing =
                JSON.readTree(body(get("/api/v1/tag-groups"), "ops.purchase")).get("items");
        assertThat(purchasing).extracting(g -> g.get("id").asLong()).contains(source);
        for (JsonNode group : purchasing) {
            if (group.get("id").asLong() == source) {
                assertThat(group.get("tagCount").asLong()).isLessThan(everyTag);
            }
        }
    }

    /** The tag count the group list shows in the group's row (an admin's row holds inputs). */
    private static long countOnGroupsPage(String page, String group, boolean admin) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (org.jsoup.nodes.Element row : org.jsoup.Jsoup.parse(page).select("#group-table tbody tr")) {
            String name = admin
                    ? row.select("input[name=name]").attr("value")
                    : row.select("td").first().text();
            counts.put(name, Long.valueOf(row.select("td.text-end").text()));
        }
        assertThat(counts).containsKey(group);
        return counts.get(group);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private String page(String url, String user) throws Exception {
        return body(get(url), user);
    }

    private String body(MockHttpServletRequestBuilder request, String user) throws Exception {
        return mvc.perform(request.with(demo.as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private int statementsFor(String url) throws Exception {
        mvc.perform(get(url).with(demo.as("admin"))).andExpect(status().isOk());
        statements.reset();
        mvc.perform(get(url).with(demo.as("admin"))).andExpect(status().isOk());
        return statements.count();
    }

    private String jdbcString(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(String.class).single();
    }
}
