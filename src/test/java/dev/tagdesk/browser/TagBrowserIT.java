package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Creating, colouring and scoping tags, and tagging a member, in a real browser. */
class TagBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aConfusableColourIsRefusedNamingTheTagAndACloseOneIsWarned() {
        Page page = loggedIn("admin");
        page.navigate(url("/tags"));
        assertThat(page.locator("#tag-total")).hasText("共 33 个标签");
        BrowserSupport.screenshot(page, "tags");
        page.locator("#new-tag").click();

        page.locator("#name").fill("渠道_社群＿团购");
        page.locator("#groupId").selectOption(new SelectOption().setLabel("客户来源 · 静态属性"));
        page.locator("#color").fill("#1f70da");
        page.locator("#wholeCompany").check();
        page.locator("#save-tag").click();

        assertThat(page.locator("#refusals")).containsText("与同组标签「渠道_线上活动_双十一」（#1E6FD9）颜色过近");
        assertThat(page.locator("#refusals")).containsText("可以改用这些区分度高的颜色");
        BrowserSupport.screenshot(page, "tag-colour-refused");

        page.locator("#color").fill("#3a86ff");
        page.locator("#save-tag").click();
        assertThat(page.locator("#flash")).hasText("已创建标签「渠道_社群_团购」。");
        assertThat(page.locator("#warnings")).containsText("较接近");
        assertThat(page.locator("#warnings")).containsText("全角字符已转为半角");
        BrowserSupport.screenshot(page, "tag-colour-warned");
        page.context().close();
    }

    @Test
    void theReachPreviewFollowsTheVisibilitySwitches() {
        Page page = loggedIn("admin");
        page.navigate(url("/tags/new"));
        BrowserSupport.ready(page);
        long sales = jdbc.sql("select id from department where code = 'SALES'")
                .query(Long.class)
                .single();
        page.locator("#visible-" + sales).check();
        assertThat(page.locator("#reach")).containsText("可见于 1 个部门，15 名成员");
        page.locator("#visible-sub-" + sales).check();
        assertThat(page.locator("#reach")).containsText("可见于 3 个部门，135 名成员");
        assertThat(page.locator("#reach")).containsText("销售部，含下级部门：华东区、华南区");
        BrowserSupport.screenshot(page, "tag-reach");
        page.context().close();
    }

    @Test
    void opsTagAMemberAndAnExclusiveGroupReplacesTheOldTag() {
        String seller = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E' order by m.account limit 1""").query(String.class).single();
        jdbc.sql("delete from member_tag where member_id = (select id from member where account = ?)")
                .param(seller)
                .update();
        Page page = loggedIn("ops.sales");
        page.navigate(url("/members/" + seller));
        assertThat(page.locator("#member-tags")).containsText("该成员没有您可见的标签");

        page.locator("#tagId").selectOption(new SelectOption().setLabel("生命周期 › 生命周期_新客"));
        page.locator("#add-tag button").click();
        assertThat(page.locator("#flash")).hasText("已添加标签「生命周期_新客」。");
        assertThat(page.locator("#member-tags")).containsText("生命周期_新客");

        page.locator("#tagId").selectOption(new SelectOption().setLabel("生命周期 › 生命周期_老客"));
        page.locator("#add-tag button").click();
        assertThat(page.locator("#replaced")).containsText("「生命周期_新客」与新标签属于同一互斥标签组，已被替换");
        assertThat(page.locator("#member-tags")).containsText("生命周期_老客");
        assertThat(page.locator("#member-tags")).not().containsText("生命周期_新客");
        BrowserSupport.screenshot(page, "member-tagged");

        page.navigate(url("/tags/tree"));
        assertThat(page.locator("#tag-tree")).containsText("线上活动");
        assertThat(page.locator("#tag-tree")).not().containsText("供应商");
        BrowserSupport.screenshot(page, "tag-tree");
        page.context().close();
    }

    @Test
    void opsCreateATagForOneRegionAndLandOnItsPageWithItsTrueReachAtEveryWidth() {
        long sales = departmentId("SALES");
        long east = departmentId("SALES-E");
        long eastMembers = jdbc.sql("""
                        select count(distinct md.member_id) from member_department md join department d on d.id = md.department_id
                        where d.path like (select path from department where code = 'SALES-E') || '%'""").query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(eastMembers).isPositive();

        Page page = loggedIn("ops.sales");
        page.navigate(url("/tags/new"));
        BrowserSupport.ready(page);
        page.locator("#name").fill("SALES_华东_沙龙会员");
        page.locator("#groupId").selectOption(new SelectOption().setLabel("客户来源 · 静态属性"));
        page.locator("#color").fill("#264653");
        // The form starts with the home department (销售部) ticked: 华东区 only instead.
        page.locator("#visible-" + sales).uncheck();
        page.locator("#visible-" + east).check();
        assertThat(page.locator("#reach")).containsText("您的范围内：可见于 1 个部门，" + eastMembers + " 名成员");
        page.locator("#save-tag").click();

        assertThat(page.locator("#flash")).hasText("已创建标签「SALES_华东_沙龙会员」。");
        long id = jdbc.sql("select id from tag where name = 'SALES_华东_沙龙会员'")
                .query(Long.class)
                .single();
        assertThat(page).hasURL(Pattern.compile(".*/tags/" + id + "$"));
        assertThat(page.locator("h1")).containsText("SALES_华东_沙龙会员");
        assertThat(page.locator("#reach")).containsText("您的范围内：可见于 1 个部门，" + eastMembers + " 名成员");
        assertThat(page.locator("#tag-facts")).containsText("您的范围内关联 0 名成员");

        for (int width : new int[] {1440, 390}) {
            page.setViewportSize(width, 900);
            page.reload();
            assertThat(page.locator("#reach")).containsText("可见于 1 个部门，" + eastMembers + " 名成员");
            noHorizontalScroll(page, "tag page at " + width + " px");
            BrowserSupport.screenshot(page, "tag-region-created-" + width);
        }

        // The tag is offered on a 华东区 member's page and tags them; on a 华南区 member's page it is not offered.
        String eastMember = memberOf("SALES-E");
        page.navigate(url("/members/" + eastMember));
        page.locator("#tagId").selectOption(new SelectOption().setLabel("客户来源 › SALES_华东_沙龙会员"));
        page.locator("#add-tag button").click();
        assertThat(page.locator("#member-tags")).containsText("SALES_华东_沙龙会员");
        page.navigate(url("/members/" + memberOf("SALES-S")));
        assertThat(page.locator("#tagId option")).not().hasCount(0);
        assertThat(page.locator("#tagId")).not().containsText("SALES_华东_沙龙会员");
        org.assertj.core.api.Assertions.assertThat(
                        jdbc.sql("""
                                select count(*) from member_tag mt join member m on m.id = mt.member_id
                                where mt.tag_id = ? and m.account = ?""").params(id, eastMember).query(Long.class).single())
                .isEqualTo(1);

        // A company-wide tag: the reach within 销售部's subtree, never zero.
        page.navigate(url("/tags/"
                + jdbc.sql("select id from tag where name = '渠道_线下门店'")
                        .query(Long.class)
                        .single()));
        assertThat(page.locator("#reach")).containsText("全公司；您的范围内 135 名成员（3 个部门）");
        noHorizontalScroll(page, "company-wide tag page at 390 px");
        BrowserSupport.screenshot(page, "tag-company-wide-ops-390");
        page.context().close();
    }

    private String memberOf(String code) {
        return jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = ? order by m.account limit 1""").param(code).query(String.class).single();
    }

    private long departmentId(String code) {
        return jdbc.sql("select id from department where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    private static void noHorizontalScroll(Page page, String where) {
        Object widths =
                page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        java.util.List<?> both = (java.util.List<?>) widths;
        org.assertj.core.api.Assertions.assertThat(((Number) both.get(0)).intValue())
                .as(where + ": scrollWidth <= clientWidth")
                .isLessThanOrEqualTo(((Number) both.get(1)).intValue());
    }
}
