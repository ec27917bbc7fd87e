package dev.tagdesk.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class DirectoryPagesTests {

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

    @Test
    void theHomePageCountsOnlyWhatTheUserMaySee() throws Exception {
        mvc.perform(get("/").with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"count-departments\">9<")))
                .andExpect(content().string(containsString("id=\"count-members\">320<")))
                .andExpect(content().string(containsString("id=\"count-groups\">5<")))
                .andExpect(content().string(containsString("id=\"count-tags\">33<")))
                .andExpect(content().string(containsString("欢迎，admin")));
        mvc.perform(get("/").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("id=\"count-departments\">3<")))
                .andExpect(content().string(containsString("id=\"count-members\">135<")))
                // 20 company-wide, 4 for 销售部 (2 with its regions), 1 for each region.
                .andExpect(content().string(containsString("id=\"count-tags\">26<")))
                .andExpect(content().string(containsString("所属部门：销售部")));
        mvc.perform(get("/").with(demo.as("ops.purchase")))
                .andExpect(content().string(containsString("id=\"count-departments\">1<")))
                .andExpect(content().string(containsString("id=\"count-members\">40<")));
        mvc.perform(get("/").with(demo.as("auditor")).param("lang", "en"))
                .andExpect(content().string(containsString("id=\"count-members\">320<")))
                .andExpect(content().string(containsString("Role: Auditor.")));
    }

    @Test
    void theNavigationOffersLogoutAndTheDirectory() throws Exception {
        mvc.perform(get("/").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("action=\"/logout\"")))
                .andExpect(content().string(containsString("href=\"/departments\"")))
                .andExpect(content().string(containsString("href=\"/members\"")));
    }

    @Test
    void theDepartmentTreeShowsTheScopeAndOnlyAdminsGetTheForms() throws Exception {
        mvc.perform(get("/departments").with(demo.as("admin")))
                .andExpect(content().string(containsString("总公司")))
                .andExpect(content().string(containsString("技术部")))
                .andExpect(content().string(containsString("id=\"create-department\"")));
        mvc.perform(get("/departments").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("华东区")))
                .andExpect(content().string(not(containsString("采购部"))))
                .andExpect(content().string(not(containsString("总公司"))))
                .andExpect(content().string(not(containsString("id=\"create-department\""))));
        mvc.perform(get("/departments/" + demo.departmentId("SALES")).with(demo.as("auditor")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"rename-department\""))));
    }

    @Test
    void aDepartmentOutsideTheScopeIs404LikeAMissingOne() throws Exception {
        mvc.perform(get("/departments/" + demo.departmentId("PUR")).with(demo.as("ops.sales")))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("不在您的可见范围内")));
        mvc.perform(get("/departments/999999").with(demo.as("ops.sales"))).andExpect(status().isNotFound());
        mvc.perform(get("/departments/not-a-number").with(demo.as("ops.sales")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(not(containsString("Exception"))));
    }

    @Test
    void adminCreatesADepartmentFromTheForm() throws Exception {
        mvc.perform(post("/departments")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "华北区")
                        .param("code", "sales-n")
                        .param("parentId", String.valueOf(demo.departmentId("SALES"))))
                .andExpect(redirectedUrl("/departments"))
                .andExpect(flash().attributeExists("flash"));
        assertThat(demo.count("select count(*) from department where code = 'SALES-N' and depth = 2"))
                .isEqualTo(1);
    }

    @Test
    void aRefusedFormIsShownAgainWithTheReasonAndWhatWasTyped() throws Exception {
        mvc.perform(post("/departments")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "新部门")
                        .param("code", "PUR")
                        .param("parentId", String.valueOf(demo.departmentId("HQ"))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("部门代码「PUR」已被其他部门使用")))
                .andExpect(content().string(containsString("value=\"新部门\"")));
        assertThat(demo.count("select count(*) from department")).isEqualTo(9);
    }

    @Test
    void opsCannotChangeDepartments() throws Exception {
        long east = demo.departmentId("SALES-E");
        mvc.perform(post("/departments/" + east + "/rename")
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("name", "东区")
                        .param("version", "0"))
                .andExpect(status().isForbidden());
        assertThat(demo.count("select count(*) from department where name = '华东区'"))
                .isEqualTo(1);
    }

    @Test
    void renamingWithAStaleVersionIsRefusedAndChangesNothing() throws Exception {
        long east = demo.departmentId("SALES-E");
        mvc.perform(post("/departments/" + east + "/rename")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "华东大区")
                        .param("version", "0"))
                .andExpect(redirectedUrl("/departments/" + east));
        mvc.perform(post("/departments/" + east + "/rename")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "东部")
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("数据已被他人修改")));
        assertThat(demo.count("select count(*) from department where name = '华东大区'"))
                .isEqualTo(1);
    }

    @Test
    void movingADepartmentMovesItsSubtreeButNeverUnderItself() throws Exception {
        long sales = demo.departmentId("SALES");
        long east = demo.departmentId("SALES-E");
        long mkt = demo.departmentId("MKT");
        mvc.perform(post("/departments/" + sales + "/move")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("parentId", String.valueOf(east))
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("不能把「销售部」移动到它自己的下级部门「华东区」之下")));
        mvc.perform(post("/departments/" + sales + "/move")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("parentId", String.valueOf(mkt))
                        .param("version", "0"))
                .andExpect(redirectedUrl("/departments/" + sales));
        assertThat(demo.count("select depth from department where id = ?", east))
                .isEqualTo(3);
        assertThat(demo.count(
                        "select count(*) from department where path like (select path from department where id = ?) || '%'",
                        mkt))
                .isEqualTo(4);
        // ops.sales's scope follows the move: still 销售部 and its two regions.
        mvc.perform(get("/").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString("id=\"count-departments\">3<")));
    }

    @Test
    void aDepartmentWithChildrenOrMembersIsNotDeletedAndTheCountsAreShown() throws Exception {
        long sales = demo.departmentId("SALES");
        mvc.perform(post("/departments/" + sales + "/delete")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("version", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("它还有 2 个下级部门和 15 名成员")));
        assertThat(demo.count("select count(*) from department where id = ?", sales))
                .isEqualTo(1);
    }

    @Test
    void anEmptyDepartmentIsDeleted() throws Exception {
        mvc.perform(post("/departments")
                .with(demo.as("admin"))
                .with(csrf())
                .param("name", "临时项目组")
                .param("code", "TMP")
                .param("parentId", String.valueOf(demo.departmentId("HQ"))));
        long tmp = demo.departmentId("TMP");
        long version = demo.count("select version from department where id = ?", tmp);
        mvc.perform(post("/departments/" + tmp + "/delete")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("version", String.valueOf(version)))
                .andExpect(redirectedUrl("/departments"));
        assertThat(demo.count("select count(*) from department where code = 'TMP'"))
                .isZero();
        assertThat(demo.count("select count(*) from audit_event where action = 'DEPARTMENT_DELETED'"))
                .isEqualTo(1);
    }

    @Test
    void aDepartmentThatAUsersHomeOrATagsVisibilityNamesIsNotDeleted() throws Exception {
        mvc.perform(post("/departments")
                .with(demo.as("admin"))
                .with(csrf())
                .param("name", "临时项目组")
                .param("code", "TMP")
                .param("parentId", String.valueOf(demo.departmentId("HQ"))));
        long tmp = demo.departmentId("TMP");
        // Named by the access module (a user's home) and by the tag module (a visibility entry).
        demo.update(
                "insert into app_user (username, password_hash, role, department_id) values ('ops.tmp', 'x', 'OPS', ?)",
                tmp);
        demo.update(
                "insert into tag_visibility (tag_id, department_id, include_sub_departments)"
                        + " select min(id), ?, false from tag where not whole_company",
                tmp);
        long version = demo.count("select version from department where id = ?", tmp);
        mvc.perform(post("/departments/" + tmp + "/delete")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("version", String.valueOf(version)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("部门「临时项目组」不能删除：还有 2 个用户或标签可见范围引用它。")));
        assertThat(demo.count("select count(*) from department where code = 'TMP'"))
                .isEqualTo(1);
    }

    @Test
    void theMemberListIsPagedSearchableAndFilteredByDepartmentSubtree() throws Exception {
        mvc.perform(get("/members").with(demo.as("admin")))
                .andExpect(content().string(containsString("共 320 名成员")))
                .andExpect(content().string(containsString("第 1 / 7 页")));
        mvc.perform(get("/members").param("page", "6").with(demo.as("admin")))
                .andExpect(content().string(containsString("第 7 / 7 页")));
        mvc.perform(get("/members")
                        .param("departmentId", String.valueOf(demo.departmentId("SALES")))
                        .with(demo.as("admin")))
                .andExpect(content().string(containsString("共 135 名成员")));
        String someone = demo.memberOf("FIN");
        mvc.perform(get("/members").param("q", someone.toUpperCase()).with(demo.as("admin")))
                .andExpect(content().string(containsString(someone)));
        mvc.perform(get("/members").param("q", "%").with(demo.as("admin")))
                .andExpect(content().string(containsString("共 0 名成员")));
    }

    @Test
    void theLiveSearchAnswersWithTheResultsOnly() throws Exception {
        mvc.perform(get("/members")
                        .header("HX-Request", "true")
                        .param("q", "zhang")
                        .with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"member-table\"")))
                .andExpect(content().string(not(containsString("<nav class=\"navbar"))));
    }

    @Test
    void theMemberPageShowsDepartmentsAndVisibleTagsAndHidesOutOfScopeMembers() throws Exception {
        String seller = demo.memberOf("SALES-E");
        mvc.perform(get("/members/" + seller).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("华东区")))
                .andExpect(content().string(containsString("id=\"member-tags\"")));
        mvc.perform(get("/members/" + demo.memberOf("PUR")).with(demo.as("ops.sales")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/members/" + demo.memberOf("PUR")).with(demo.as("auditor")))
                .andExpect(status().isOk());
    }
}
