package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserSupport;
import dev.tagdesk.support.BrowserTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An auditor's and an admin's flows: export the tag list, delete with the detach tick (and the disable
 * rules tick for a tag a rule names), restore from the bin, read the audit log.
 */
class DeletionBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void anAuditorExportsTheFilteredTagListAndTheAuditLog() throws Exception {
        Page page = loggedIn("auditor");
        page.navigate(url("/tags"));
        page.locator("#q").fill("渠道");
        assertThat(page.locator("#tag-total")).containsText("共 6 个标签");
        assertThat(page.locator("#delete-selected")).hasCount(0);
        Download download =
                page.waitForDownload(() -> page.locator("#export-tags").click());
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename())
                .matches("标签清单_\\d{4}-\\d\\d-\\d\\d\\.csv");
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(csv)
                .startsWith("\uFEFF标签组,标签名,颜色,可见部门,包含子部门,关联成员数,创建人,创建时间,更新时间\r\n")
                .contains("客户来源,渠道_直播间,#9D4EDD,全公司,是,");
        org.assertj.core.api.Assertions.assertThat(csv.split("\r\n")).hasSize(7);

        page.locator("#nav-audit").click();
        assertThat(page.locator("#audit-table .audit-action").first()).hasText("导出标签清单");
        BrowserSupport.screenshot(page, "audit-log");
    }

    @Test
    void anAdminDeletesTagsInUseOnlyWithTheTickAndRestoresThemFromTheRecycleBin() {
        long fresh = count("select id from tag where name = '偏好_户外运动'");
        long beauty = count("select id from tag where name = '偏好_美妆'");
        long carriers = count("select count(distinct member_id) from member_tag where tag_id in (?, ?)", fresh, beauty);
        long assignments = count("select count(*) from member_tag where tag_id in (?, ?)", fresh, beauty);

        Page page = loggedIn("admin");
        page.navigate(url("/tags?q=偏好"));
        assertThat(page.locator("#tag-total")).containsText("个标签");
        page.locator("#select-" + fresh).check();
        page.locator("#select-" + beauty).check();
        page.locator("#delete-selected").click();

        assertThat(page.locator("#delete-candidates")).containsText("偏好_户外运动");
        assertThat(page.locator("#delete-candidates")).containsText("偏好_美妆");
        assertThat(page.locator("label[for=detach]"))
                .containsText("同时从 " + carriers + " 名成员身上移除这些标签（" + assignments + " 条关联）");
        assertThat(page.locator("#export-selected-member-tags")).isVisible();
        BrowserSupport.screenshot(page, "delete-confirmation");

        page.locator("#confirm-delete").click();
        assertThat(page.locator("#refusals")).containsText("没有删除任何标签");
        org.assertj.core.api.Assertions.assertThat(count("select count(*) from tag where deleted_at is not null"))
                .isZero();

        page.locator("#detach").check();
        page.locator("#confirm-delete").click();
        assertThat(page.locator("#flash")).containsText("已将 2 个标签移入回收站");
        assertThat(page.locator("#recycle-bin")).containsText("偏好_户外运动");
        BrowserSupport.screenshot(page, "recycle-bin");

        page.locator("#recycled-" + fresh + " button").click();
        assertThat(page.locator("#flash")).containsText("已恢复标签「偏好_户外运动」");
        org.assertj.core.api.Assertions.assertThat(count("select count(*) from member_tag where tag_id = ?", fresh))
                .isPositive();
        page.navigate(url("/recycle-bin"));
        assertThat(page.locator("#recycle-bin")).not().containsText("偏好_户外运动");
        assertThat(page.locator("#recycle-bin")).containsText("偏好_美妆");
    }

    /**
     * The demo's enabled rule 7天未活跃待激活 adds 待激活. Deleting that tag lists the rule and asks: only
     * with "also disable these rules" does it go, and the rule list then shows it as deleted, linked to
     * the recycle bin. On a phone the confirmation fits the screen's width.
     */
    @Test
    void anAdminDeletesATagTheDemoRuleNamesOnlyByDisablingTheRule() {
        long waiting = count("select id from tag where name = '待激活'");
        long rule = count("select id from tag_rule where name = '7天未活跃待激活'");

        Page page = loggedIn("admin");
        page.navigate(url("/tags?q=待激活"));
        assertThat(page.locator("#tag-total")).containsText("个标签");
        page.locator("#select-" + waiting).check();
        page.locator("#delete-selected").click();

        assertThat(page.locator("#delete-candidates")).containsText("待激活");
        assertThat(page.locator("#delete-rules")).containsText("7天未活跃待激活");
        assertThat(page.locator("#delete-rules a[href='/rules/" + rule + "']")).isVisible();
        assertThat(page.locator("label[for=disableRules]")).containsText("同时停用这 1 条规则");
        // As a phone loads it: the page laid out at 390 px from the start.
        page.setViewportSize(390, 844);
        page.reload();
        page.waitForFunction("() => window.innerWidth === 390");
        assertThat(page.locator("#delete-rules")).isVisible();
        org.assertj.core.api.Assertions.assertThat((String) page.evaluate("""
                        () => { const root = document.documentElement;
                                return root.scrollWidth <= root.clientWidth ? 'fits'
                                    : [...document.querySelectorAll('body *')]
                                        .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
                                        .map(e => e.tagName + '#' + e.id + '.' + e.className).join(' | '); }"""))
                .as("no horizontal scroll at 390 px (else: the elements that stick out)")
                .isEqualTo("fits");
        BrowserSupport.screenshot(page, "delete-confirmation-rules-390");
        page.setViewportSize(1280, 800);

        if (page.locator("#detach").count() > 0) {
            page.locator("#detach").check();
        }
        page.locator("#confirm-delete").click();
        assertThat(page.locator("#refusals")).containsText("7天未活跃待激活");
        assertThat(page.locator("#refusals")).containsText("没有删除任何标签");
        org.assertj.core.api.Assertions.assertThat(count("select count(*) from tag where deleted_at is not null"))
                .isZero();

        page.locator("#disableRules").check();
        page.locator("#confirm-delete").click();
        assertThat(page.locator("#flash")).containsText("已将 1 个标签移入回收站");
        assertThat(page.locator("#rules-disabled")).containsText("1 条自动标签规则已停用");
        org.assertj.core.api.Assertions.assertThat(
                        count("select count(*) from tag_rule where id = ? and enabled", rule))
                .isZero();

        page.navigate(url("/rules"));
        assertThat(page.locator("#rules")).containsText("添加已删除的标签「待激活」");
        assertThat(page.locator("#rules .rule-deleted-tags a")).hasText("已删除的标签「待激活」");
        assertThat(page.locator("#rules .rule-deleted-tags a")).hasAttribute("href", "/recycle-bin");
        BrowserSupport.screenshot(page, "rules-deleted-tag");
        page.locator("#rules .rule-deleted-tags a").click();
        assertThat(page.locator("#recycled-" + waiting)).containsText("待激活");
    }

    @Test
    void selectAllOnThisPageTicksEveryRow() {
        Page page = loggedIn("ops.sales");
        page.navigate(url("/tags"));
        page.locator("#select-page").check();
        long rows = page.locator("input[data-select=tag-ids]").count();
        org.assertj.core.api.Assertions.assertThat(rows).isPositive();
        assertThat(page.locator("input[data-select=tag-ids]:checked")).hasCount((int) rows);
    }
}
