package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.tag.ExpiredAssignments;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** 保鲜期: assignments expire, re-assigning refreshes them, and an expired one is never shown as live. */
@WebTest
class ShelfLifeTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    CurrentScope scopes;

    @Autowired
    ExpiredAssignments expired;

    long digital;
    String account;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        digital = demo.count("select id from tag where name = '偏好_户外运动'");
        account = demo.memberOf("PUR");
        demo.update(
                "delete from member_tag where tag_id = ? and member_id = (select id from member where account = ?)",
                digital,
                account);
    }

    @Test
    void aTagsShelfLifeGivesEachAssignmentItsExpiryAndReassigningRefreshesIt() throws Exception {
        demo.update("update tag set shelf_life_days = 3 where id = ?", digital);

        mvc.perform(put("/api/v1/members/{a}/tags/{t}", account, digital).with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.expiresAt").isNotEmpty());
        assertThat(demo.count("""
                select count(*) from member_tag where tag_id = ? and expires_at between now() + interval '71 hours'
                  and now() + interval '73 hours'""", digital)).isEqualTo(1);

        demo.update("update member_tag set expires_at = now() + interval '1 hour' where tag_id = ?", digital);
        mvc.perform(put("/api/v1/members/{a}/tags/{t}", account, digital).with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.alreadyThere").value(true));

        assertThat(demo.count("""
                select count(*) from member_tag where tag_id = ? and expires_at > now() + interval '71 hours'""", digital)).isEqualTo(1);
        assertThat(demo.count("select count(*) from audit_event where action = 'MEMBER_TAG_REFRESHED'"))
                .isEqualTo(1);
    }

    @Test
    void anAssignmentCanCarryItsOwnExpiryInTheFutureOnly() throws Exception {
        mvc.perform(put("/api/v1/members/{a}/tags/{t}", account, digital)
                        .with(httpBasic("admin", "tagdesk-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"expiresAt\":\"2000-01-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("EXPIRY_IN_PAST"));

        mvc.perform(put("/api/v1/members/{a}/tags/{t}", account, digital)
                        .with(httpBasic("admin", "tagdesk-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"expiresAt\":\"2099-11-11T16:00:00Z\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.expiresAt").value("2099-11-11T16:00:00Z"));
    }

    @Test
    void anExpiredAssignmentIsNeverShownCountedOrExportedEvenBeforeTheNightlyJob() throws Exception {
        mvc.perform(put("/api/v1/members/{a}/tags/{t}", account, digital).with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(status().isCreated());
        long members = demo.count("select count(*) from member_tag where tag_id = ?", digital);
        demo.update("""
                update member_tag set expires_at = now() - interval '1 minute'
                where tag_id = ? and member_id = (select id from member where account = ?)""", digital, account);

        mvc.perform(get("/members/{a}", account).with(demo.as("admin")))
                .andExpect(content().string(Matchers.not(Matchers.containsString(">偏好_户外运动</a>"))));
        mvc.perform(get("/api/v1/members/{a}", account).with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(jsonPath("$.tags[?(@.id == %d)]".formatted(digital)).isEmpty());
        mvc.perform(get("/api/v1/tags/{id}", digital).with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/tags").param("q", "户外运动").with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(jsonPath("$.items[0].memberCount").value(members - 1));
        mvc.perform(get("/exports/member-tags.csv").with(demo.as("admin")))
                .andExpect(content()
                        .string(Matchers.not(Matchers.matchesRegex("(?s).*" + account + ",[^\\r]*偏好_户外运动.*"))));

        assertThat(expired.remove()).isEqualTo(1);
        assertThat(demo.count("select count(*) from member_tag where expires_at <= now()"))
                .isZero();
        assertThat(demo.count("select count(*) from audit_event where action = 'ASSIGNMENTS_EXPIRED'"))
                .isEqualTo(1);
    }

    @Test
    void theMemberPageAndTheTagListSayWhenAssignmentsExpire() throws Exception {
        demo.update("""
                update member_tag set expires_at = now() + interval '3 days 1 hour'
                where member_id = (select id from member where account = ?)""", account);
        demo.update(
                "insert into member_tag (member_id, tag_id, source, assigned_by, expires_at) "
                        + "values ((select id from member where account = ?), ?, 'MANUAL', 'admin', now() + interval '3 days 1 hour')",
                account,
                digital);

        mvc.perform(get("/members/{a}", account).with(demo.as("admin")))
                .andExpect(content().string(Matchers.containsString("3 天后到期")));
        mvc.perform(get("/tags").param("expiring", "7").with(demo.as("admin")))
                .andExpect(content().string(Matchers.containsString("偏好_户外运动")))
                .andExpect(content().string(Matchers.containsString("7 天内到期")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("渠道_直播间"))));
    }
}
