package dev.tagdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The home page says what needs the viewer's attention, within their scope only: tags with
 * assignments expiring within 7 days, imports that wait or failed, the last auto-tag run, and what
 * other people changed.
 */
@WebTest
class HomePageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    Document home(String user) throws Exception {
        return Jsoup.parse(mvc.perform(get("/").with(demo.as(user)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void expiringTagsAreCountedWithinTheViewersScope() throws Exception {
        Document page = home("ops.sales");
        assertThat(page.select("#attention-expiring li")).isNotEmpty();
        for (var item : page.select("#attention-expiring li")) {
            String tag = item.select("a span").last().text();
            // the members of 销售部 and its regions whose assignment of that tag ends within 7 days
            long inScope = demo.count("""
                    select count(distinct mt.member_id) from live_member_tag mt
                    join member_department md on md.member_id = mt.member_id join department d on d.id = md.department_id
                    where mt.tag_id = (select id from tag where name = ?)
                      and d.path like (select path from department where code = 'SALES') || '%'
                      and mt.expires_at <= now() + interval '7 days'""", tag);
            assertThat(inScope).isPositive();
            assertThat(item.text()).endsWith(" " + inScope + " 人");
        }
    }

    @Test
    void changesByOthersShowInTheirScopeOnly() throws Exception {
        String account = demo.memberOf("SALES");
        long tag = demo.count("select id from tag where name = '渠道_直播间'");
        mvc.perform(put("/api/v1/members/" + account + "/tags/" + tag).with(httpBasic("admin", "tagdesk-demo")));
        String memberName = jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();

        Document sales = home("ops.sales");
        assertThat(sales.select("#attention-others").text())
                .contains("admin 给成员添加了 " + memberName)
                .contains("渠道_直播间");

        // 采购部 sees the demo's changes to its own members, never this 销售部 member
        assertThat(home("ops.purchase").select("#attention-others").text()).doesNotContain(memberName);
        jdbc.sql(
                        "update member_tag set assigned_at = assigned_at - interval '30 days' where assigned_by <> 'ops.purchase'")
                .update();
        jdbc.sql("update tag set updated_at = updated_at - interval '30 days'").update();
        assertThat(home("ops.purchase").select("#attention-others").text())
                .isEqualTo("最近 7 天他人的变更 最近 7 天您的范围内没有他人的变更。");
        // the admin's own change is not "by others" for the admin
        assertThat(home("admin").select("#attention-others").text()).doesNotContain("admin 给成员添加了");
    }

    @Test
    void anImportThatWaitsShowsForItsImporterAndForAdmins() throws Exception {
        MockMultipartFile file = new MockMultipartFile(
                "file",
                "销售名单.csv",
                "text/csv",
                "姓名,账号,标签1\r\n某人,nobody.here,渠道_直播间\r\n".getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/v1/imports").file(file).with(demo.as("ops.sales")));

        assertThat(home("ops.sales").select("#attention-imports li").text())
                .contains("销售名单.csv")
                .contains("已预览，尚未执行");
        assertThat(home("admin").select("#attention-imports li").text()).contains("销售名单.csv");
        assertThat(home("ops.purchase").select("#attention-imports").text())
                .doesNotContain("销售名单.csv")
                .contains("最近 7 天没有等待中或未完成的导入");
    }

    @Test
    void theLastRuleRunAndWhatItChangedAreShown() throws Exception {
        assertThat(home("admin").select("#attention-run").text()).contains("还没有运行记录");
        mvc.perform(post("/api/v1/rules/run").with(httpBasic("admin", "tagdesk-demo")));
        long added = demo.count("select coalesce(sum(added), 0) from rule_run_step");
        assertThat(home("admin").select("#attention-run-changes").text())
                .isEqualTo("添加 %,d，移除 0，过期清理 %,d"
                        .formatted(added, demo.count("select coalesce(sum(expired), 0) from rule_run")));
    }
}
