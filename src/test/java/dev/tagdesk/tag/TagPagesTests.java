package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class TagPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    StatementCounter statements;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    long tag(String name) {
        return demo.count("select id from tag where name = ?", name);
    }

    @Test
    void theTagListShowsSwatchesCountsAndOnlyTheScope() throws Exception {
        mvc.perform(get("/tags").param("size", "100").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("共 26 个标签")))
                .andExpect(content().string(containsString("SALES_大客户")))
                .andExpect(content().string(containsString("SALES_华南_经销商")))
                .andExpect(content().string(containsString("fill=\"#6870A0\"")))
                .andExpect(content().string(not(containsString("PUR_"))));
        mvc.perform(get("/tags").param("q", "ｐｕｒ").with(demo.as("ops.purchase")))
                .andExpect(content().string(containsString("共 4 个标签")));
    }

    @Test
    void theTagTreeShowsSegmentsWithCounts() throws Exception {
        mvc.perform(get("/tags/tree").with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(">渠道<")))
                .andExpect(content().string(containsString(">线上活动<")))
                .andExpect(content().string(containsString(">双十一<")));
        mvc.perform(get("/tags/tree").with(demo.as("ops.sales")))
                .andExpect(content().string(not(containsString(">供应商<"))));
    }

    @Test
    void legacyNamesWithEmptySegmentsHaveTheirPlaceInTheTree() throws Exception {
        // From before the naming rules (a directory sync): "遗留" and "遗留_" side by side, and "__旧__".
        for (String legacy : java.util.List.of("遗留", "遗留_", "__旧__")) {
            demo.update("""
                    insert into tag (group_id, name, normalized_name, color, whole_company, created_by)
                    select g.id, ?, ?, '#6C757D', true, (select u.id from app_user u where u.username = 'admin')
                    from tag_group g order by g.id limit 1""", legacy, legacy);
        }
        mvc.perform(get("/tags/tree").with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("title=\"遗留_\"")))
                .andExpect(content().string(containsString("title=\"遗留\"")))
                .andExpect(content().string(containsString("title=\"__旧__\"")));
    }

    @Test
    void theTagListRunsAFixedNumberOfStatementsWhateverThePageSize() throws Exception {
        int small = statementsFor("/tags?size=2");
        int large = statementsFor("/tags?size=100");
        assertThat(large).isEqualTo(small);
        assertThat(statementsFor("/tags?size=100&q=渠道")).isEqualTo(small);
    }

    @Test
    void theMemberPageRunsAFixedNumberOfStatementsWhateverTheTags() throws Exception {
        String few = demo.memberOf("FIN");
        String many = demo.memberOf("SALES-E");
        demo.update("delete from member_tag where member_id = (select id from member where account = ?)", few);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, t.id, 'MANUAL', 'admin' from member m, tag t
                where m.account = ? and t.whole_company and t.group_id <> (select id from tag_group where name = '生命周期')
                on conflict do nothing""", many);
        assertThat(demo.count(
                        "select count(*) from member_tag where member_id = (select id from member where account = ?)",
                        many))
                .isGreaterThan(10);
        assertThat(statementsFor("/members/" + many)).isEqualTo(statementsFor("/members/" + few));
    }

    private int statementsFor(String url) throws Exception {
        mvc.perform(get(url).with(demo.as("admin"))).andExpect(status().isOk());
        statements.reset();
        mvc.perform(get(url).with(demo.as("admin"))).andExpect(status().isOk());
        return statements.count();
    }

    @Test
    void aTagOutsideTheScopeIs404OnItsPage() throws Exception {
        mvc.perform(get("/tags/" + tag("PUR_供应商_一级")).with(demo.as("ops.sales")))
                .andExpect(status().isNotFound())
                .andExpect(content().string(not(containsString("PUR_供应商_一级"))));
        mvc.perform(get("/tags/" + tag("PUR_供应商_一级")).with(demo.as("auditor")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"save-tag\""))));
    }

    @Test
    void creatingATagFromTheFormShowsWarningsAfterSaving() throws Exception {
        long sales = demo.departmentId("SALES");
        mvc.perform(post("/tags")
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("name", "SALES_沙龙＿报名")
                        .param("groupId", String.valueOf(demo.count("select id from tag_group where name = '客户来源'")))
                        .param("color", "#3a86ff")
                        .param("visibleDepartments", String.valueOf(sales)))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/tags/*"))
                .andExpect(flash().attributeExists("warnings"));
        assertThat(demo.count("select count(*) from tag where name = 'SALES_沙龙_报名' and color = '#3A86FF'"))
                .isEqualTo(1);
    }

    @Test
    void aRefusedTagFormIsShownAgainWithTheReasonsAndTheSuggestion() throws Exception {
        mvc.perform(post("/tags")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "#渠道_线上活动＿双十二")
                        .param("groupId", String.valueOf(demo.count("select id from tag_group where name = '客户来源'")))
                        .param("color", "#1f70da")
                        .param("wholeCompany", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("标签名不能以「#」开头")))
                .andExpect(content().string(containsString("您是不是想用「渠道_线上活动_双十二」？")))
                .andExpect(content().string(containsString("与同组标签「渠道_线上活动_双十一」（#1E6FD9）颜色过近（ΔE00 = 0.4，需 ≥ 5）")))
                .andExpect(content().string(containsString("value=\"#渠道_线上活动＿双十二\"")));
    }

    @Test
    void aStaleTagFormIsRefusedWithWhoAndWhen() throws Exception {
        long id = tag("SALES_大客户");
        long sales = demo.departmentId("SALES");
        demo.update("update tag set version = version + 1, updated_by = 'admin' where id = ?", id);
        mvc.perform(post("/tags/" + id)
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("name", "SALES_大客户_改")
                        .param("groupId", String.valueOf(demo.count("select group_id from tag where id = ?", id)))
                        .param("color", "#6870a0")
                        .param("visibleDepartments", String.valueOf(sales))
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("该标签已被 admin 于")));
        assertThat(demo.count("select count(*) from tag where name = 'SALES_大客户'"))
                .isEqualTo(1);
    }

    @Test
    void theReachPreviewSaysWhatEachSwitchAdds() throws Exception {
        String sales = String.valueOf(demo.departmentId("SALES"));
        mvc.perform(get("/tags/reach").param("visibleDepartments", sales).with(demo.as("admin")))
                .andExpect(content().string(containsString("可见于 1 个部门，15 名成员")));
        mvc.perform(get("/tags/reach")
                        .param("visibleDepartments", sales)
                        .param("includeSub", sales)
                        .with(demo.as("admin")))
                .andExpect(content().string(containsString("可见于 3 个部门，135 名成员")))
                .andExpect(content().string(containsString("销售部，含下级部门：华东区、华南区")));
        mvc.perform(get("/tags/reach").param("wholeCompany", "true").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("全公司；您的范围内 135 名成员（3 个部门）")));
        mvc.perform(get("/tags/reach")
                        .param("visibleDepartments", sales)
                        .param("includeSub", sales)
                        .with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("您的范围内：可见于 3 个部门，135 名成员")));
    }

    @Test
    void membersAreTaggedFromTheirPageAndExclusiveGroupsSaySoWhenReplacing() throws Exception {
        String seller = demo.memberOf("SALES-E");
        demo.update("delete from member_tag where member_id = (select id from member where account = ?)", seller);
        mvc.perform(post("/members/" + seller + "/tags")
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("tagId", String.valueOf(tag("生命周期_新客"))))
                .andExpect(flash().attributeExists("flash"));
        mvc.perform(post("/members/" + seller + "/tags")
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("tagId", String.valueOf(tag("生命周期_沉睡"))))
                .andExpect(flash().attribute("replaced", "生命周期_新客"));
        mvc.perform(get("/members/" + seller).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("生命周期_沉睡")))
                .andExpect(content().string(containsString("id=\"add-tag\"")));
        mvc.perform(get("/members/" + seller).with(demo.as("auditor")))
                .andExpect(content().string(not(containsString("id=\"add-tag\""))));
        mvc.perform(post("/members/" + seller + "/tags")
                        .with(demo.as("auditor"))
                        .with(csrf())
                        .param("tagId", String.valueOf(tag("偏好_数码"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void adminsChangeTheNamingRulesAndTheyApplyAtOnce() throws Exception {
        mvc.perform(post("/settings/tags")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("nameMaxLength", "20")
                        .param("nameMaxSegments", "2")
                        .param("forbiddenPrefixes", "# @ 临时")
                        .param("palette", "")
                        .param("hueRule", "WARN")
                        .param("reservedFamilies", "RED")
                        .param("blockBelow", "5")
                        .param("warnBelow", "12")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/tags")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "渠道_线上活动_双十二")
                        .param("groupId", String.valueOf(demo.count("select id from tag_group where name = '客户来源'")))
                        .param("color", "#2ca02c")
                        .param("wholeCompany", "true"))
                .andExpect(content().string(containsString("标签名有 3 级，最多 2 级")));
        mvc.perform(post("/settings/tags")
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("nameMaxLength", "10"))
                .andExpect(status().isForbidden());
        assertThat(demo.count("select count(*) from audit_event where action = 'TAG_POLICY_UPDATED'"))
                .isEqualTo(1);
    }

    @Test
    void staleGroupAndRuleFormsAreRefusedAndChangeNothing() throws Exception {
        long group = demo.count("select id from tag_group where name = '消费偏好'");
        demo.update("update tag_group set version = version + 1 where id = ?", group);
        mvc.perform(post("/tag-groups/" + group)
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "消费偏好_改")
                        .param("kind", "DYNAMIC")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("数据已被他人修改")));
        assertThat(demo.count("select count(*) from tag_group where name = '消费偏好'"))
                .isEqualTo(1);

        demo.update("update tag_policy set version = version + 1");
        mvc.perform(post("/settings/tags")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("nameMaxLength", "20")
                        .param("nameMaxSegments", "2")
                        .param("forbiddenPrefixes", "#")
                        .param("palette", "")
                        .param("hueRule", "OFF")
                        .param("reservedFamilies", "RED")
                        .param("blockBelow", "5")
                        .param("warnBelow", "12")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("数据已被他人修改")));
        assertThat(demo.count("select name_max_length from tag_policy")).isEqualTo(32);
    }

    @Test
    void adminsCreateGroupsFromThePage() throws Exception {
        mvc.perform(post("/tag-groups")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "会员等级")
                        .param("kind", "STATIC")
                        .param("sortOrder", "5")
                        .param("namePattern", "NONE")
                        .param("exclusive", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(demo.count("select count(*) from tag_group where name = '会员等级' and exclusive"))
                .isEqualTo(1);
        mvc.perform(get("/tag-groups").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("会员等级")))
                .andExpect(content().string(not(containsString("id=\"create-group\""))));
    }
}
