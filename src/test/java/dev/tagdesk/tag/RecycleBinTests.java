package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class RecycleBinTests {

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

    @Autowired
    TagRecycleBin recycleBin;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    long tag(String name) {
        return demo.count("select id from tag where name = ?", name);
    }

    long assignments(long tagId) {
        return demo.count("select count(*) from member_tag where tag_id = ?", tagId);
    }

    @Test
    void aTagInUseIsNotDeletedWithoutDetachAndNothingElseIsEither() throws Exception {
        long used = tag("偏好_数码");
        demo.update("""
                insert into tag (group_id, name, normalized_name, color, whole_company)
                select group_id, '偏好_露营', '偏好_露营', color, true from tag where id = ?""", used);
        long unused = tag("偏好_露营");
        long carriers = assignments(used);
        assertThat(carriers).isPositive();

        mvc.perform(delete("/api/v1/tags").param("ids", used + "," + unused).with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("TAG_IN_USE"))
                .andExpect(jsonPath("$.detail", containsString("偏好_数码 (" + carriers + ")")));
        assertThat(demo.count("select count(*) from tag where deleted_at is not null"))
                .isZero();
        assertThat(assignments(used)).isEqualTo(carriers);
    }

    @Test
    void aBatchDeleteTakesItsIdsInAJsonBodyOfAnyLength() throws Exception {
        long id = tag("SALES_华东_重点客户");
        long carriers = assignments(id);
        // 3,000 ids would not fit in an address (8 KB); missing ones are refused like out-of-scope ones.
        String ids = java.util.stream.LongStream.rangeClosed(1, 3_000)
                .filter(n -> n != id)
                .mapToObj(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + ids + "],\"detach\":true}")
                        .with(ADMIN))
                .andExpect(status().isNotFound());
        assertThat(demo.count("select count(*) from tag where deleted_at is not null"))
                .isZero();
        mvc.perform(delete("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ids\":[" + id + "],\"detach\":true}")
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deleted[0]").value(id))
                .andExpect(jsonPath("$.detached").value(carriers));
    }

    @Test
    void deletedWithDetachThenRestoredWithItsAssignmentsAndVisibilityIntact() throws Exception {
        long id = tag("SALES_华东_重点客户");
        long carriers = assignments(id);
        String visibilityBefore = visibility(id);
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(id))
                        .param("detach", "true")
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deleted[0]").value(id))
                .andExpect(jsonPath("$.detached").value(carriers));
        assertThat(assignments(id)).isZero();
        mvc.perform(get("/api/v1/tags/" + id).with(ADMIN)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/tags").param("q", "SALES_华东_重点客户").with(ADMIN))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/v1/recycle-bin").with(ADMIN))
                .andExpect(jsonPath("$.items[0].id").value(id))
                .andExpect(jsonPath("$.items[0].memberCount").value(carriers))
                .andExpect(jsonPath("$.items[0].nameTaken").value(false));

        mvc.perform(post("/api/v1/tags/" + id + "/restore").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.restored").value(carriers))
                .andExpect(jsonPath("$.skipped").value(0));
        assertThat(assignments(id)).isEqualTo(carriers);
        assertThat(visibility(id)).isEqualTo(visibilityBefore);
        mvc.perform(get("/api/v1/tags/" + id).with(ADMIN))
                .andExpect(jsonPath("$.memberCount").value(carriers));
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'TAG_DELETED' and target_id = ?",
                        String.valueOf(id)))
                .isEqualTo(1);
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'TAG_RESTORED' and target_id = ?",
                        String.valueOf(id)))
                .isEqualTo(1);
    }

    String visibility(long id) {
        return String.join(
                ";",
                demo.count("select count(*) from tag_visibility where tag_id = ?", id) + "",
                demo.count(
                                "select coalesce(sum(department_id), 0) from tag_visibility where tag_id = ? and include_sub_departments",
                                id)
                        + "");
    }

    @Test
    void aDeletedNameCanBeTakenAgainAndRestoringThenNeedsANewName() throws Exception {
        long id = tag("待激活");
        // The demo's rule adds 待激活: deleting it disables the rule too.
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(id))
                        .param("detach", "true")
                        .param("disableRules", "true")
                        .with(ADMIN))
                .andExpect(status().isOk());
        long group = demo.count("select group_id from tag where id = ?", id);
        mvc.perform(post("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"待激活\",\"groupId\":%d,\"color\":\"#FFD60A\",\"wholeCompany\":true}"
                                .formatted(group))
                        .with(ADMIN))
                .andExpect(status().isCreated());

        mvc.perform(post("/api/v1/tags/" + id + "/restore").with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("TAG_RESTORE_NAME_TAKEN"));
        mvc.perform(post("/api/v1/tags/" + id + "/restore")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"newName\":\"＃待激活\"}")
                        .with(ADMIN))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/tags/" + id + "/restore")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"newName\":\"待激活_旧\"}")
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("待激活_旧"));
        assertThat(demo.count("select count(*) from tag where name in ('待激活', '待激活_旧') and deleted_at is null"))
                .isEqualTo(2);
    }

    @Test
    void opsDeleteOnlyTagsTheyCouldCreateAndNeverSeeOtherDepartmentsTags() throws Exception {
        long companyWide = tag("偏好_数码");
        long ownOnly = tag("SALES_大客户");
        long purchase = tag("PUR_供应商_一级");
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(companyWide))
                        .param("detach", "true")
                        .with(OPS_SALES))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("TAG_DELETE_NOT_ALLOWED"));
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", ownOnly + "," + purchase)
                        .param("detach", "true")
                        .with(OPS_SALES))
                .andExpect(status().isNotFound());
        assertThat(demo.count("select count(*) from tag where deleted_at is not null"))
                .isZero();
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(ownOnly))
                        .param("detach", "true")
                        .with(AUDITOR))
                .andExpect(status().isForbidden());

        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(ownOnly))
                        .param("detach", "true")
                        .with(OPS_SALES))
                .andExpect(status().isOk());
        // The recycle bin shows ops.purchase nothing of 销售部's, and its ids are 404 to them.
        mvc.perform(get("/api/v1/recycle-bin").with(OPS_PURCHASE))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(post("/api/v1/tags/" + ownOnly + "/restore").with(OPS_PURCHASE))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/tags/" + ownOnly + "/restore").with(AUDITOR)).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/recycle-bin").with(OPS_SALES))
                .andExpect(jsonPath("$.total").value(1));
        mvc.perform(post("/api/v1/tags/" + ownOnly + "/restore").with(OPS_SALES))
                .andExpect(status().isOk());
    }

    @Test
    void tagsArePurgedAfterTheRetentionWithTheirKeptAssignments() throws Exception {
        long old = tag("偏好_母婴");
        long recent = tag("偏好_美妆");
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", old + "," + recent)
                        .param("detach", "true")
                        .with(ADMIN))
                .andExpect(status().isOk());
        demo.update("update tag set deleted_at = now() - interval '31 days' where id = ?", old);

        assertThat(recycleBin.purgeExpired()).isEqualTo(1);
        assertThat(demo.count("select count(*) from tag where id = ?", old)).isZero();
        assertThat(demo.count("select count(*) from recycled_member_tag where tag_id = ?", old))
                .isZero();
        assertThat(demo.count("select count(*) from tag where id = ?", recent)).isEqualTo(1);
        assertThat(demo.count("select count(*) from audit_event where action = 'TAG_PURGED' and actor = 'system'"))
                .isEqualTo(1);
        assertThat(recycleBin.purgeExpired()).isZero();
    }

    @Test
    void theConfirmationPageListsCountsOffersTheExportAndRequiresTheTick() throws Exception {
        long id = tag("偏好_户外运动");
        long carriers = assignments(id);
        mvc.perform(get("/tags/delete").param("ids", String.valueOf(id)).with(demo.as("admin")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("偏好_户外运动")))
                .andExpect(content().string(containsString("同时从 " + carriers + " 名成员身上移除这些标签")))
                .andExpect(content().string(containsString("/exports/member-tags.csv?tagIds=" + id)));

        mvc.perform(post("/tags/delete")
                        .param("ids", String.valueOf(id))
                        .with(demo.as("admin"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("没有删除任何标签")));
        assertThat(assignments(id)).isEqualTo(carriers);

        // Without the CSRF token (and no session holding one): sent to log in again, nothing deleted.
        mvc.perform(post("/tags/delete").param("ids", String.valueOf(id)).with(demo.as("admin")))
                .andExpect(redirectedUrl("/login?expired"));
        mvc.perform(post("/tags/delete")
                        .param("ids", String.valueOf(id))
                        .param("detach", "true")
                        .with(demo.as("admin"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/recycle-bin"));
        mvc.perform(get("/recycle-bin").with(demo.as("admin")))
                .andExpect(content().string(containsString("偏好_户外运动")));
        mvc.perform(post("/recycle-bin/" + id + "/restore")
                        .with(demo.as("admin"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/tags/" + id));
        assertThat(assignments(id)).isEqualTo(carriers);
    }

    @Test
    void aRestoreIntoAnExclusiveGroupSkipsMembersWhoMeanwhileGotASibling() throws Exception {
        long fresh = tag("生命周期_新客");
        long loyal = tag("生命周期_老客");
        long carriers = assignments(fresh);
        mvc.perform(delete("/api/v1/tags")
                        .param("ids", String.valueOf(fresh))
                        .param("detach", "true")
                        .with(ADMIN))
                .andExpect(status().isOk());
        String account = demo.count("select count(*) from recycled_member_tag where tag_id = ?", fresh) > 0
                ? demo.accountWith(fresh)
                : null;
        assertThat(account).isNotNull();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/members/" + account + "/tags/" + loyal)
                        .with(ADMIN))
                .andExpect(status().is2xxSuccessful());
        mvc.perform(post("/api/v1/tags/" + fresh + "/restore").with(ADMIN))
                .andExpect(jsonPath("$.restored").value(carriers - 1))
                .andExpect(jsonPath("$.skipped").value(1));
    }
}
