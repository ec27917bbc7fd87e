package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A tag's page lists the members who carry it, within the viewer's scope only, a page at a time,
 * with where each assignment came from and when it ends, and the auto-tag rules that name the tag.
 */
@WebTest
class TagPageMembersTests {

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

    Document page(String path, String user) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(demo.as(user)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    long carriersInScope(long tag, String departmentCode) {
        return demo.count("""
                select count(distinct mt.member_id) from live_member_tag mt
                join member_department md on md.member_id = mt.member_id join department d on d.id = md.department_id
                where mt.tag_id = ? and d.path like (select path from department where code = ?) || '%'""", tag, departmentCode);
    }

    @Test
    void theMembersCarryingATagAreListedWithinTheViewersScopePagedByTwenty() throws Exception {
        long tag = demo.count("""
                select mt.tag_id from live_member_tag mt join tag t on t.id = mt.tag_id where t.whole_company
                group by mt.tag_id order by count(*) desc limit 1""");
        long all = demo.count("select count(*) from live_member_tag where tag_id = ?", tag);
        long sales = carriersInScope(tag, "SALES");
        long purchase = carriersInScope(tag, "PUR");
        assertThat(all).isGreaterThan(20);

        Document admin = page("/tags/" + tag, "admin");
        assertThat(admin.select("#tag-carriers .card-header").text()).endsWith("：" + all + " 名");
        assertThat(admin.select("#tag-carriers tbody tr")).hasSize(20);
        assertThat(admin.select("#carriers-pages .td-next-page").attr("href"))
                .isEqualTo("/tags/" + tag + "?membersPage=1");

        Document ops = page("/tags/" + tag, "ops.sales");
        assertThat(ops.select("#tag-carriers .card-header").text()).endsWith("：" + sales + " 名");
        // every member listed belongs to the scope
        for (var account : ops.select("#tag-carriers tbody td:first-child a").eachText()) {
            assertThat(demo.count("""
                            select count(*) from member m join member_department md on md.member_id = m.id
                            join department d on d.id = md.department_id
                            where m.account = ? and d.path like (select path from department where code = 'SALES') || '%'""", account)).isPositive();
        }
        assertThat(page("/tags/" + tag, "ops.purchase")
                        .select("#tag-carriers .card-header")
                        .text())
                .endsWith("：" + purchase + " 名");

        long lastPage = (all - 1) / 20;
        Document last = page("/tags/" + tag + "?membersPage=" + lastPage, "admin");
        assertThat(last.select("#tag-carriers tbody tr")).hasSize((int) (all - lastPage * 20));
    }

    @Test
    void theRulesThatNameATagAreListedOnItsPage() throws Exception {
        long waiting = demo.count("select id from tag where name = '待激活'");
        Document admin = page("/tags/" + waiting, "admin");
        assertThat(admin.select("#tag-rules li").text()).contains("启用");
        assertThat(admin.select("#tag-rules a").attr("href")).startsWith("/rules/");

        long unnamed = demo.count("select id from tag where name = '渠道_直播间'");
        assertThat(page("/tags/" + unnamed, "admin").select("#tag-rules").text())
                .contains("没有引用此标签的自动标签规则");
    }

    @Test
    void countsInTheTagListAreNotRed() throws Exception {
        assertThat(page("/tags", "admin").select("#tag-table td.text-danger")).isEmpty();
    }
}
