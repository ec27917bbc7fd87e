package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class TagApiTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final RequestPostProcessor OPS_SALES = httpBasic("ops.sales", "tagdesk-demo");
    static final RequestPostProcessor OPS_PURCHASE = httpBasic("ops.purchase", "tagdesk-demo");
    static final RequestPostProcessor AUDITOR = httpBasic("auditor", "tagdesk-demo");

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

    long group(String name) {
        return demo.count("select id from tag_group where name = ?", name);
    }

    long tag(String name) {
        return demo.count("select id from tag where name = ?", name);
    }

    String newTag(String name, String group, String color, String visibility) {
        return """
                {"name": "%s", "groupId": %d, "color": "%s", "visibility": [%s]}""".formatted(name, group(group), color, visibility);
    }

    @Test
    void adminCreatesATagAndItIsAudited() throws Exception {
        long sales = demo.departmentId("SALES");
        mvc.perform(json(
                                post("/api/v1/tags"),
                                newTag(
                                        "渠道_社群_团购",
                                        "客户来源",
                                        "#2D6A9F",
                                        "{\"departmentId\": %d, \"includeSubDepartments\": true}".formatted(sales)))
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tag.name").value("渠道_社群_团购"))
                .andExpect(jsonPath("$.tag.color").value("#2D6A9F"))
                .andExpect(jsonPath("$.tag.visibility[0].departmentId").value(sales))
                .andExpect(jsonPath("$.tag.visibility[0].includeSubDepartments").value(true))
                .andExpect(jsonPath("$.tag.wholeCompany").value(false))
                .andExpect(jsonPath("$.tag.memberCount").value(0));
        assertThat(demo.count("select count(*) from audit_event where action = 'TAG_CREATED' and actor = 'admin'"))
                .isEqualTo(1);
    }

    @Test
    void namingRefusalsNameTheRuleAndSuggestAFix() throws Exception {
        mvc.perform(json(post("/api/v1/tags"), newTag("#渠道_线上活动＿双十二", "客户来源", "#2D6A9F", ""))
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("NAME_FORBIDDEN_PREFIX"))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("NAME_DID_YOU_MEAN")))
                .andExpect(jsonPath("$.errors[?(@.code == 'NAME_DID_YOU_MEAN')].message")
                        .value(hasItem(containsString("渠道_线上活动_双十二"))));
        mvc.perform(json(post("/api/v1/tags"), newTag("渠道__双十二", "客户来源", "#2D6A9F", ""))
                        .with(ADMIN))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("NAME_EMPTY_SEGMENT")));
        mvc.perform(json(post("/api/v1/tags"), newTag("a_b_c_d_e", "客户来源", "#2D6A9F", ""))
                        .with(ADMIN))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("NAME_TOO_MANY_SEGMENTS")));
        mvc.perform(json(post("/api/v1/tags"), newTag("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "客户来源", "#2D6A9F", ""))
                        .with(ADMIN))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("NAME_TOO_LONG")));
        assertThat(demo.count("select count(*) from tag")).isEqualTo(33);
    }

    @Test
    void emojiZwjSequencesAreStoredAsOneCharacterAndAStrayJoinerIsRefused() throws Exception {
        long hq = demo.departmentId("HQ");
        String hqOnly = "{\"departmentId\": %d, \"includeSubDepartments\": false}".formatted(hq);
        // 25 characters as a reader counts them (the default allows 32), but 36 code points
        String name = "渠道_程序员👩‍💻家庭👨‍👩‍👧‍👦_骄傲🏳️‍🌈_一二三四五六七八九十";
        mvc.perform(json(post("/api/v1/tags"), newTag(name, "客户来源", "#2D6A9F", hqOnly))
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tag.name").value(name));
        assertThat(demo.count("select count(*) from tag where name = ?", name)).isEqualTo(1);
        mvc.perform(json(post("/api/v1/tags"), newTag("渠道_社群\u200D团购", "客户来源", "#2D6A9F", hqOnly))
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("NAME_INVALID_CHARACTER"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("U+200D")));
    }

    @Test
    void aFullWidthVariantOfALiveNameIsADuplicate() throws Exception {
        mvc.perform(json(post("/api/v1/tags"), newTag("渠道＿线上活动＿双十一", "客户来源", "#2D6A9F", ""))
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("NAME_DUPLICATE")));
        mvc.perform(json(post("/api/v1/tags"), newTag("ｓａｌｅｓ_大客户", "客户来源", "#2D6A9F", ""))
                        .with(ADMIN))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("NAME_DUPLICATE")));
    }

    @Test
    void colourRulesRefuseOrWarnAndNameTheConfusableTag() throws Exception {
        // #1E6FD9 is 渠道_线上活动_双十一 in 客户来源.
        mvc.perform(json(post("/api/v1/tags"), newTag("渠道_社群", "客户来源", "#1F70DA", ""))
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("COLOR_TOO_CLOSE"))
                .andExpect(jsonPath("$.detail").value(containsString("渠道_线上活动_双十一")))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("COLOR_SUGGESTIONS")));
        long hq = demo.departmentId("HQ");
        String hqOnly = "{\"departmentId\": %d, \"includeSubDepartments\": false}".formatted(hq);
        mvc.perform(json(post("/api/v1/tags"), newTag("渠道_社群", "客户来源", "#3A86FF", hqOnly))
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.warnings[*].code").value(hasItem("COLOR_CLOSE")));
        mvc.perform(json(post("/api/v1/tags"), newTag("偏好_红色警报", "消费偏好", "#C1121F", ""))
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("COLOR_RESERVED")));
        mvc.perform(json(post("/api/v1/tags"), newTag("高价值_年度大客户", "高价值客户提醒", "#9B2226", hqOnly))
                        .with(ADMIN))
                .andExpect(status().isCreated());
        mvc.perform(json(post("/api/v1/tags"), newTag("渠道_其他", "客户来源", "blue", ""))
                        .with(ADMIN))
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("COLOR_INVALID")));
    }

    @Test
    void opsCreateTagsForTheirOwnDepartmentByDefaultAndNeverWider() throws Exception {
        long sales = demo.departmentId("SALES");
        mvc.perform(json(post("/api/v1/tags"), newTag("SALES_沙龙_报名", "客户来源", "#2D6A9F", ""))
                        .with(OPS_SALES))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tag.visibility", hasSize(1)))
                .andExpect(jsonPath("$.tag.visibility[0].departmentId").value(sales))
                .andExpect(jsonPath("$.tag.visibility[0].includeSubDepartments").value(false));
        mvc.perform(json(
                                post("/api/v1/tags"),
                                "{\"name\":\"SALES_全员\",\"groupId\":%d,\"color\":\"#5A189A\",\"wholeCompany\":true}"
                                        .formatted(group("客户来源")))
                        .with(OPS_SALES))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("VISIBILITY_WHOLE_COMPANY_ADMIN_ONLY")));
        mvc.perform(json(
                                post("/api/v1/tags"),
                                newTag(
                                        "SALES_采购联动",
                                        "客户来源",
                                        "#5A189A",
                                        "{\"departmentId\": %d, \"includeSubDepartments\": false}"
                                                .formatted(demo.departmentId("PUR"))))
                        .with(OPS_SALES))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("VISIBILITY_DEPARTMENT_UNKNOWN")));
        mvc.perform(json(post("/api/v1/tags"), newTag("审计_标记", "客户来源", "#5A189A", ""))
                        .with(AUDITOR))
                .andExpect(status().isForbidden());
    }

    @Test
    void opsCannotEditTagsWiderThanTheirDepartment() throws Exception {
        long id = tag("渠道_直播间");
        mvc.perform(json(
                                put("/api/v1/tags/" + id),
                                "{\"name\":\"渠道_直播\",\"groupId\":%d,\"color\":\"#9D4EDD\",\"wholeCompany\":true,\"version\":0}"
                                        .formatted(group("客户来源")))
                        .with(OPS_SALES))
                .andExpect(status().isForbidden());
    }

    @Test
    void aStaleEditIsRefusedWithWhoChangedItAndWhen() throws Exception {
        long id = tag("SALES_大客户");
        long sales = demo.departmentId("SALES");
        String body =
                "{\"name\":\"%s\",\"groupId\":%d,\"color\":\"#6870A0\",\"visibility\":[{\"departmentId\":%d,\"includeSubDepartments\":false}],\"version\":0}";
        mvc.perform(json(put("/api/v1/tags/" + id), body.formatted("SALES_大客户_A类", group("客户来源"), sales))
                        .with(OPS_SALES))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tag.name").value("SALES_大客户_A类"))
                .andExpect(jsonPath("$.tag.version").value(1));
        mvc.perform(json(put("/api/v1/tags/" + id), body.formatted("SALES_大客户_B类", group("客户来源"), sales))
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("VERSION_STALE"))
                .andExpect(jsonPath("$.errors[0].field").value("version"))
                .andExpect(jsonPath("$.errors[1].code").value("TAG_CHANGED_MEANWHILE"))
                .andExpect(jsonPath("$.errors[1].message").value(containsString("ops.sales")));
        assertThat(demo.count("select count(*) from tag where name = 'SALES_大客户_A类'"))
                .isEqualTo(1);
    }

    @Test
    void eachUserSeesExactlyTheTagsOfTheirScopeOnEveryReadPath() throws Exception {
        // ops.sales: the company-wide tags, 销售部's, and those of its regions 华东区 and 华南区.
        mvc.perform(get("/api/v1/tags").param("size", "200").with(OPS_SALES))
                .andExpect(jsonPath("$.total").value(26))
                .andExpect(jsonPath("$.items[*].name").value(everyItem(not(startsWith("PUR_")))))
                .andExpect(jsonPath("$.items[*].name").value(hasItem("SALES_大客户")))
                .andExpect(jsonPath("$.items[*].name").value(hasItem("SALES_华东_门店会员")));
        mvc.perform(get("/api/v1/tags").param("size", "200").with(OPS_PURCHASE))
                .andExpect(jsonPath("$.total").value(24))
                .andExpect(jsonPath("$.items[*].name").value(everyItem(not(startsWith("SALES_")))));
        mvc.perform(get("/api/v1/tags").param("size", "200").with(AUDITOR))
                .andExpect(jsonPath("$.total").value(33));
        // Search does not find what the scope hides.
        mvc.perform(get("/api/v1/tags").param("q", "供应商").with(OPS_SALES))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/v1/tags").param("q", "供应商").with(OPS_PURCHASE))
                .andExpect(jsonPath("$.total").value(2));
        // Detail by id: out of scope is 404 like a missing id, and the refusal is audited.
        long purchase = tag("PUR_供应商_一级");
        mvc.perform(get("/api/v1/tags/" + purchase).with(OPS_SALES)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/tags/999999").with(OPS_SALES)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/tags/" + purchase).with(OPS_PURCHASE)).andExpect(status().isOk());
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'ACCESS_REFUSED' and actor = 'ops.sales' and target_id = ?",
                        String.valueOf(purchase)))
                .isEqualTo(1);
    }

    @Test
    void theListFiltersByGroupColourFamilyAndDepartment() throws Exception {
        mvc.perform(get("/api/v1/tags")
                        .param("groupId", String.valueOf(group("生命周期")))
                        .with(ADMIN))
                .andExpect(jsonPath("$.total").value(4));
        mvc.perform(get("/api/v1/tags").param("colorFamily", "RED").with(ADMIN))
                .andExpect(jsonPath("$.items[*].name").value(containsInAnyOrder("高价值_VIP_重点跟进")));
        mvc.perform(get("/api/v1/tags")
                        .param("departmentId", String.valueOf(demo.departmentId("SALES-S")))
                        .param("size", "200")
                        .with(ADMIN))
                .andExpect(jsonPath("$.items[*].name").value(hasItem("SALES_华南_经销商")))
                .andExpect(jsonPath("$.items[*].name").value(hasItem("SALES_华东_重点客户")))
                .andExpect(jsonPath("$.items[*].name").value(not(hasItem("SALES_大客户"))));
        mvc.perform(get("/api/v1/tags")
                        .param("departmentId", String.valueOf(demo.departmentId("PUR")))
                        .with(OPS_SALES))
                .andExpect(status().isNotFound());
    }

    @Test
    void associationCountsCountOnlyMembersInTheCallersScope() throws Exception {
        long id = tag("偏好_高端系列");
        long all = demo.count("select count(*) from member_tag where tag_id = ?", id);
        long sales = demo.count("""
                select count(distinct mt.member_id) from member_tag mt join member_department md on md.member_id = mt.member_id
                join department d on d.id = md.department_id where mt.tag_id = ? and d.path like (select path from department where code = 'SALES') || '%'""", id);
        assertThat(sales).isLessThan(all);
        mvc.perform(get("/api/v1/tags/" + id).with(ADMIN))
                .andExpect(jsonPath("$.memberCount").value(all));
        mvc.perform(get("/api/v1/tags/" + id).with(OPS_SALES))
                .andExpect(jsonPath("$.memberCount").value(sales));
    }

    @Test
    void membersAreTaggedWithinScopeAndExclusiveGroupsReplace() throws Exception {
        String seller = demo.memberOf("SALES-E");
        long newcomer = tag("生命周期_新客");
        long regular = tag("生命周期_老客");
        demo.update("delete from member_tag where member_id = (select id from member where account = ?)", seller);
        mvc.perform(put("/api/v1/members/" + seller + "/tags/" + newcomer).with(OPS_SALES))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.source").value("API"))
                .andExpect(jsonPath("$.assignedBy").value("ops.sales"));
        mvc.perform(put("/api/v1/members/" + seller + "/tags/" + newcomer).with(OPS_SALES))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.alreadyThere").value(true));
        mvc.perform(put("/api/v1/members/" + seller + "/tags/" + regular).with(OPS_SALES))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.replaced").value(containsInAnyOrder("生命周期_新客")));
        mvc.perform(get("/api/v1/members/" + seller).with(OPS_SALES))
                .andExpect(jsonPath("$.tags[*].name").value(containsInAnyOrder("生命周期_老客")));
        mvc.perform(delete("/api/v1/members/" + seller + "/tags/" + regular).with(OPS_SALES))
                .andExpect(status().isNoContent());
        assertThat(demo.count(
                        "select count(*) from member_tag where member_id = (select id from member where account = ?)",
                        seller))
                .isZero();
        assertThat(demo.count("select count(*) from audit_event where action in ('MEMBER_TAGGED', 'MEMBER_UNTAGGED')"))
                .isEqualTo(3);
    }

    @Test
    void taggingRespectsScopeAndTheTagsDepartments() throws Exception {
        String purchaser = demo.memberOf("PUR");
        String south = demo.memberOf("SALES-S");
        mvc.perform(put("/api/v1/members/" + purchaser + "/tags/" + tag("偏好_数码"))
                        .with(OPS_SALES))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/members/" + south + "/tags/" + tag("PUR_供应商_一级"))
                        .with(OPS_SALES))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/members/" + south + "/tags/" + tag("SALES_华东_门店会员"))
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("TAG_NOT_AVAILABLE"));
        mvc.perform(put("/api/v1/members/" + south + "/tags/" + tag("偏好_数码")).with(AUDITOR))
                .andExpect(status().isForbidden());
    }

    @Test
    void aShelfLifeSetsTheExpiry() throws Exception {
        String seller = demo.memberOf("SALES-E");
        long id = tag("偏好_母婴");
        demo.update("update tag set shelf_life_days = 30 where id = ?", id);
        demo.update("delete from member_tag where tag_id = ?", id);
        mvc.perform(put("/api/v1/members/" + seller + "/tags/" + id).with(ADMIN))
                .andExpect(status().isCreated());
        assertThat(demo.count("""
                        select count(*) from member_tag where tag_id = ?
                        and expires_at between now() + interval '29 days 23 hours' and now() + interval '30 days 1 hour'""", id)).isEqualTo(1);
    }

    @Test
    void groupsAreListedToAllAndCreatedByAdmins() throws Exception {
        mvc.perform(get("/api/v1/tag-groups").with(OPS_SALES))
                .andExpect(jsonPath("$.items", hasSize(5)))
                .andExpect(jsonPath("$.total").value(5))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(50));
        mvc.perform(get("/api/v1/tag-groups")
                        .param("page", "1")
                        .param("size", "3")
                        .with(OPS_SALES))
                .andExpect(jsonPath("$.items[*].name").value(org.hamcrest.Matchers.contains("高价值客户提醒", "客户意向")))
                .andExpect(jsonPath("$.total").value(5));
        mvc.perform(json(
                                post("/api/v1/tag-groups"),
                                "{\"name\":\"会员等级\",\"kind\":\"STATIC\",\"sortOrder\":5,\"exclusive\":true}")
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.exclusive").value(true));
        mvc.perform(json(post("/api/v1/tag-groups"), "{\"name\":\"会员等级\",\"kind\":\"STATIC\"}")
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("GROUP_NAME_DUPLICATE"));
        mvc.perform(json(post("/api/v1/tag-groups"), "{\"name\":\"x\",\"kind\":\"STATIC\"}")
                        .with(OPS_SALES))
                .andExpect(status().isForbidden());
    }

    @Test
    void theApiIsDescribedInOpenApiForLoggedInUsers() throws Exception {
        mvc.perform(get("/v3/api-docs").with(AUDITOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/tags']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/members/{account}/tags/{tagId}']")
                        .exists());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
