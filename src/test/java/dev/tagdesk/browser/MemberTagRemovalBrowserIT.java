package dev.tagdesk.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tagdesk.support.BrowserTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Removing a tag from a member asks first, saying from whom and what, and (for a tag a rule added)
 * that the rule may add it again; saying no changes nothing.
 */
class MemberTagRemovalBrowserIT extends BrowserTest {

    @Autowired
    JdbcClient jdbc;

    record Carried(String account, String memberName, String tag) {}

    @Test
    void removingAMembersTagAsksAndNoKeepsIt() {
        Carried carried = jdbc.sql("""
                        select m.account, m.name, t.name as tag from live_member_tag mt join member m on m.id = mt.member_id
                        join tag t on t.id = mt.tag_id join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id
                        where d.code = 'SALES' and t.whole_company and mt.source = 'MANUAL'
                        order by m.account, t.name limit 1""")
                .query((rs, i) -> new Carried(rs.getString(1), rs.getString(2), rs.getString(3)))
                .single();
        Page page = loggedIn("ops.sales");
        page.navigate(url("/members/" + carried.account()));
        Locator item = page.locator("#member-tags li").filter(new Locator.FilterOptions().setHasText(carried.tag()));
        List<String> asked = new ArrayList<>();

        page.onceDialog(dialog -> {
            asked.add(dialog.message());
            dialog.dismiss();
        });
        item.locator("button[type=submit]").click();
        assertThat(item).isVisible();
        org.assertj.core.api.Assertions.assertThat(asked)
                .containsExactly("确定从「" + carried.memberName() + "」身上移除标签「" + carried.tag() + "」吗？此操作会记入审计日志。");
        org.assertj.core.api.Assertions.assertThat(count(carried)).isEqualTo(1);

        page.onceDialog(dialog -> dialog.accept());
        item.locator("button[type=submit]").click();
        assertThat(page.locator("#member-tags")).not().containsText(carried.tag());
        org.assertj.core.api.Assertions.assertThat(count(carried)).isZero();
    }

    private long count(Carried carried) {
        return jdbc.sql("""
                        select count(*) from live_member_tag mt join member m on m.id = mt.member_id join tag t on t.id = mt.tag_id
                        where m.account = ? and t.name = ?""")
                .params(carried.account(), carried.tag())
                .query(Long.class)
                .single();
    }
}
