package dev.tagdesk.tag.segment;

import static dev.tagdesk.tag.segment.FollowUpFixture.HIGH_POTENTIAL;
import static dev.tagdesk.tag.segment.FollowUpFixture.STRONG_INTEREST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * The priority follow-up list: the members of an OPS user's scope who got one of their department's
 * follow-up tags since the window of the last finished nightly run opened (else in the last 24 hours),
 * newest first, on their home page and its own page; the nearest department's setting; and the
 * admins' setting page, which accepts only tags the department sees.
 */
@WebTest
class FollowUpListTests {

    static final LocalDate NIGHT = LocalDate.of(2026, 1, 10);

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    FollowUpFixture fixture;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        fixture = new FollowUpFixture(jdbc).intentTags();
        demo.update("""
                insert into app_user (username, password_hash, role, department_id)
                select 'ops.east', password_hash, 'OPS', (select id from department where code = 'SALES-E')
                from app_user where username = 'ops.sales'""");
    }

    MvcResult perform(MockHttpServletRequestBuilder request, String user) throws Exception {
        return mvc.perform(request.with(demo.as(user))).andReturn();
    }

    Document page(String path, String user) throws Exception {
        return Jsoup.parse(perform(get(path), user).getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void theHomePageOfSalesOpsListsWhoGotAFollowUpTagSinceTheLastNightlyRunBeganNewestFirst() throws Exception {
        Instant since = fixture.nightlyRunFinished(NIGHT);
        fixture.nightlyRunFinished(NIGHT.minusDays(1));
        String east = fixture.memberOf("SALES-E", 0);
        String sales = fixture.memberOf("SALES", 0);
        String before = fixture.memberOf("SALES-E", 1);
        String other = fixture.memberOf("SALES-S", 0);
        String expired = fixture.memberOf("SALES-S", 1);
        fixture.tagged(east, HIGH_POTENTIAL, since.plus(Duration.ofMinutes(10)));
        fixture.tagged(sales, STRONG_INTEREST, since.plus(Duration.ofMinutes(20)));
        fixture.tagged(before, HIGH_POTENTIAL, since.minus(Duration.ofHours(1)));
        fixture.tagged(other, "偏好_数码", since.plus(Duration.ofMinutes(30)));
        fixture.tagged(expired, STRONG_INTEREST, since.plus(Duration.ofMinutes(5)));
        demo.update(
                "update member_tag set expires_at = now() - interval '1 minute' where member_id = (select id from member where account = ?)"
                        + " and tag_id = (select id from tag where name = ?)",
                expired,
                STRONG_INTEREST);

        Document home = page("/", "ops.sales");
        assertThat(home.select("#attention-follow-up")).hasSize(1);
        assertThat(home.select("#follow-up-since").text()).isEqualTo("自上次夜间自动标签运行开始（2026-01-10 23:00）以来，最新的在前。");
        assertThat(home.select(".follow-up-member")).hasSize(2);
        assertThat(home.select(".follow-up-member").get(0).text()).contains(sales, STRONG_INTEREST, "01-10 23:20");
        assertThat(home.select(".follow-up-member").get(1).text()).contains(east, HIGH_POTENTIAL, "01-10 23:10");
        assertThat(home.select("#follow-up-all").attr("href")).isEqualTo("/segments/follow-up");
        assertThat(home.select("#follow-up-all").text()).contains("2");

        // 华东区's people get 销售部's list, with the members of their own scope only.
        Document eastHome = page("/", "ops.east");
        assertThat(eastHome.select(".follow-up-member")).hasSize(1);
        assertThat(eastHome.select(".follow-up-member").text()).contains(east);
        // Not for those without a list: admins, auditors, 采购部.
        for (String user : new String[] {"admin", "auditor", "ops.purchase"}) {
            assertThat(page("/", user).select("#attention-follow-up")).as(user).isEmpty();
        }

        Document list = page("/segments/follow-up", "ops.sales");
        assertThat(list.select("tr.segment-member td a").eachText()).containsExactly(sales, east);
        assertThat(list.select("#follow-up-explained").text()).contains("销售部", HIGH_POTENTIAL, STRONG_INTEREST);
        assertThat(page("/segments/follow-up", "ops.purchase").text()).contains("您的部门没有设置优先跟进列表");

        String csv = perform(get("/segments/follow-up/members.csv"), "ops.sales")
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv)
                .startsWith("\uFEFF姓名,账号,标签,获得时间\r\n")
                .contains("," + sales + "," + STRONG_INTEREST + ",2026-01-10 23:20:00\r\n");
        assertThat(
                        demo.count(
                                "select count(*) from audit_event where action = 'EXPORT_FOLLOW_UP_LIST' and actor = 'ops.sales'"))
                .isEqualTo(1);
    }

    @Test
    void beforeAnyNightlyRunHasFinishedTheListCoversTheLast24Hours() throws Exception {
        String recent = fixture.memberOf("SALES-E", 0);
        String old = fixture.memberOf("SALES-E", 1);
        fixture.tagged(recent, HIGH_POTENTIAL, Instant.now().minus(Duration.ofHours(2)));
        fixture.tagged(old, HIGH_POTENTIAL, Instant.now().minus(Duration.ofHours(25)));
        // a run now, and a nightly run still running, do not count as yesterday's run
        demo.update(
                "insert into rule_run (trigger, started_by, finished_at, status) values ('MANUAL', 'admin', now(), 'DONE')");
        demo.update(
                "insert into rule_run (trigger, night, started_by, status) values ('NIGHTLY', ?, 'system', 'RUNNING')",
                NIGHT);

        Document home = page("/", "ops.sales");
        assertThat(home.select("#follow-up-since").text()).startsWith("最近 24 小时内");
        assertThat(home.select(".follow-up-member")).hasSize(1);
        assertThat(home.select(".follow-up-member").text()).contains(recent);
    }

    @Test
    void aDepartmentsOwnSettingComesBeforeTheOneAboveAndTagsTheReaderCannotSeeAreLeftOut() throws Exception {
        Instant since = fixture.nightlyRunFinished(NIGHT);
        String east = fixture.memberOf("SALES-E", 0);
        String eastToo = fixture.memberOf("SALES-E", 1);
        fixture.tagged(east, HIGH_POTENTIAL, since.plusSeconds(60));
        fixture.tagged(eastToo, STRONG_INTEREST, since.plusSeconds(120));
        demo.update("""
                insert into follow_up_tag (department_id, tag_id)
                select d.id, t.id from department d, tag t where d.code = 'SALES-E' and t.name = ?""", STRONG_INTEREST);
        assertThat(page("/", "ops.east").select(".follow-up-member").eachText())
                .singleElement()
                .asString()
                .contains(eastToo);
        assertThat(page("/", "ops.sales").select(".follow-up-member")).hasSize(2);

        // 销售部's list also names 华东区's own tag: 华南区's people do not see it, so it is not on their list.
        demo.update("""
                insert into follow_up_tag (department_id, tag_id)
                select d.id, t.id from department d, tag t where d.code = 'SALES' and t.name = 'SALES_华东_门店会员'""");
        demo.update("""
                insert into app_user (username, password_hash, role, department_id)
                select 'ops.south', password_hash, 'OPS', (select id from department where code = 'SALES-S')
                from app_user where username = 'ops.sales'""");
        Document south = page("/segments/follow-up", "ops.south");
        assertThat(south.select("#follow-up-explained").text())
                .contains(HIGH_POTENTIAL)
                .doesNotContain("SALES_华东_门店会员");
        assertThat(page("/segments/follow-up", "ops.sales")
                        .select("#follow-up-explained")
                        .text())
                .contains("SALES_华东_门店会员");
    }

    @Test
    void adminsChooseADepartmentsTagsOnlyAmongThoseItSeesAndEveryChangeIsAudited() throws Exception {
        long sales = demo.departmentId("SALES");
        long purchasing = demo.count("select id from tag where name = 'PUR_供应商_一级'");
        long strong = demo.count("select id from tag where name = ?", STRONG_INTEREST);

        Document settings = page("/settings/follow-up", "admin");
        assertThat(settings.select("tr.follow-up-setting").text()).contains("销售部", HIGH_POTENTIAL, STRONG_INTEREST);

        MvcResult refused = perform(
                post("/settings/follow-up")
                        .param("departmentId", String.valueOf(sales))
                        .param("tagIds", String.valueOf(strong), String.valueOf(purchasing))
                        .with(csrf()),
                "admin");
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/settings/follow-up?department=" + sales);
        assertThat(refused.getFlashMap().get("refusals").toString()).contains("FOLLOW_UP_TAG_NOT_VISIBLE");
        assertThat(demo.count("select count(*) from follow_up_tag where department_id = ?", sales))
                .isEqualTo(2);

        MvcResult saved = perform(
                post("/settings/follow-up")
                        .param("departmentId", String.valueOf(sales))
                        .param("tagIds", String.valueOf(strong))
                        .with(csrf()),
                "admin");
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/settings/follow-up?department=" + sales);
        assertThat(demo.count("select count(*) from follow_up_tag where department_id = ?", sales))
                .isEqualTo(1);
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'FOLLOW_UP_LIST_UPDATED' and target_id = ?",
                        String.valueOf(sales)))
                .isEqualTo(1);
        assertThat(page("/audit", "admin").select(".audit-action").eachText()).contains("修改优先跟进列表的标签");

        // No tags: 销售部 has no list any more.
        perform(
                post("/settings/follow-up")
                        .param("departmentId", String.valueOf(sales))
                        .with(csrf()),
                "admin");
        assertThat(page("/", "ops.sales").select("#attention-follow-up")).isEmpty();

        assertThat(perform(get("/settings/follow-up"), "ops.sales")
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(perform(
                                post("/settings/follow-up")
                                        .param("departmentId", String.valueOf(sales))
                                        .with(csrf()),
                                "ops.sales")
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        Document auditor = page("/settings/follow-up", "auditor");
        assertThat(auditor.select("#save-follow-up")).isEmpty();
        assertThat(auditor.select("#follow-up-form fieldset[disabled]")).hasSize(1);
    }
}
