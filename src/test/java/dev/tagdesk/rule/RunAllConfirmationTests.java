package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
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
 * 立即运行全部 first shows what each enabled rule would change now, with the totals, and runs only
 * from that page's button; it is an admin's page.
 */
@WebTest
class RunAllConfirmationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    AutoTagRules rules;

    @Autowired
    CurrentScope scopes;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void theQuestionCarriesEachEnabledRulesDryRunAndTheTotals() throws Exception {
        Scope admin = scopes.of(demo.user("admin"));
        RuleViews.RuleView rule = rules.enabled().get(0);
        RuleViews.Preview expected = rules.dryRun(admin, rule.definition());
        assertThat(expected.adding()).as("the demo rule has members to tag").isPositive();
        long runsBefore = demo.count("select count(*) from rule_run");

        Document page = page("/rules/run", "admin");

        assertThat(page.getElementById("run-all-total").text())
                .isEqualTo("1 条已启用的规则现在会添加 " + String.format("%,d", expected.adding()) + " 处、移除 " + expected.removing()
                        + " 处标签关联（按试运行，第一轮）。");
        assertThat(page.select("#run-all-rules tbody tr").first().text())
                .contains(rule.name())
                .contains(String.format("%,d", expected.adding()));
        assertThat(page.select("form[action=/rules/run] #run-all-confirmed")).hasSize(1);
        assertThat(demo.count("select count(*) from rule_run"))
                .as("asking runs nothing")
                .isEqualTo(runsBefore);

        assertThat(page("/rules", "admin").getElementById("run-all").attr("href"))
                .isEqualTo("/rules/run");
    }

    @Test
    void withNoEnabledRuleThereIsNothingToRun() throws Exception {
        demo.update("update tag_rule set enabled = false");
        Document page = page("/rules/run", "admin");
        assertThat(page.text()).contains("没有已启用的规则");
        assertThat(page.getElementById("run-all-confirmed").hasAttr("disabled")).isTrue();
    }

    @Test
    void onlyAdminsAreAsked() throws Exception {
        for (String user : new String[] {"ops.sales", "auditor"}) {
            mvc.perform(get("/rules/run").with(demo.as(user))).andExpect(status().isForbidden());
        }
    }

    private Document page(String url, String user) throws Exception {
        return Jsoup.parse(mvc.perform(get(url).with(demo.as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
