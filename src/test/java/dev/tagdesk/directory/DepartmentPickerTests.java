package dev.tagdesk.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.DepartmentChain;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The department tree picker of the tag and rule forms: it opens with the top of the caller's scope
 * and the way down to what is chosen, at any depth; opening a department loads its children, within
 * the caller's scope only (OPS see their own subtree; anything else is "not found", like a missing id).
 */
@WebTest
class DepartmentPickerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    DepartmentChain chain;

    @Autowired
    StatementCounter statements;

    long hq;
    long sales;
    long east;
    long purchase;
    List<Long> deep;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        hq = demo.departmentId("HQ");
        sales = demo.departmentId("SALES");
        east = demo.departmentId("SALES-E");
        purchase = demo.departmentId("PUR");
        // 总公司 › 销售部 › 华东区 › 上海一部 › 浦东组 › 陆家嘴小组
        deep = chain.under("SALES-E", "上海一部", "浦东组", "陆家嘴小组");
    }

    static MockHttpServletRequestBuilder children(long id) {
        return get("/department-picker/{id}", id)
                .param("name", "visibleDepartments")
                .param("sub", "includeSub")
                .param("prefix", "visible");
    }

    Document fragment(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parseBodyFragment(mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void openingADepartmentGivesItsChildrenAsRowsOfTheFormThatAsked() throws Exception {
        Document rows = fragment(children(east).with(demo.as("admin")));
        Element shanghai = rows.selectFirst("li.td-dept-node");
        assertThat(rows.select("li.td-dept-node")).hasSize(1);
        Element box = shanghai.selectFirst("input[type=checkbox][name=visibleDepartments]");
        assertThat(box.val()).isEqualTo(String.valueOf(deep.get(0)));
        assertThat(box.id()).isEqualTo("visible-" + deep.get(0));
        assertThat(box.hasAttr("checked")).isFalse();
        assertThat(shanghai.selectFirst("label[for=visible-" + deep.get(0) + "]")
                        .text())
                .isEqualTo("上海一部");
        Element sub = shanghai.selectFirst("input[role=switch][name=includeSub]");
        assertThat(sub.id()).isEqualTo("visible-sub-" + deep.get(0));
        assertThat(sub.attr("aria-label")).isEqualTo("上海一部 含下级部门");
        // it has children of its own, loaded when it is opened in turn
        Element toggle = shanghai.selectFirst("button[data-tree-toggle]");
        assertThat(toggle.attr("aria-expanded")).isEqualTo("false");
        assertThat(toggle.attr("hx-get"))
                .isEqualTo("/department-picker/" + deep.get(0)
                        + "?name=visibleDepartments&sub=includeSub&prefix=visible&single=false");
        assertThat(toggle.attr("hx-target")).isEqualTo("#visible-children-" + deep.get(0));
        assertThat(toggle.attr("hx-params")).isEqualTo("none");
        assertThat(shanghai.select("ul#visible-children-" + deep.get(0) + "[hidden]"))
                .hasSize(1);

        // the bottom of the chain has none, and no button to open
        Document last = fragment(children(deep.get(1)).with(demo.as("admin")));
        assertThat(last.select("li.td-dept-node")).hasSize(1);
        assertThat(last.select("button[data-tree-toggle]")).isEmpty();

        // a single choice: radio buttons under the clause's own name, no switches
        Document single = fragment(get("/department-picker/{id}", deep.get(0))
                .param("name", "clauses[1].clauses[0].departmentId")
                .param("prefix", "c1-0-dept")
                .param("single", "true")
                .with(demo.as("admin")));
        assertThat(single.selectFirst("input[name=clauses[1].clauses[0].departmentId]")
                        .attr("type"))
                .isEqualTo("radio");
        assertThat(single.select("input[role=switch]")).isEmpty();
    }

    @Test
    void opsOpenOnlyDepartmentsOfTheirSubtreeAndAnythingElseIsAsMissingAsAMissingOne() throws Exception {
        Document regions = fragment(children(sales).with(demo.as("ops.sales")));
        assertThat(regions.select("label").eachText()).contains("华东区", "华南区");
        assertThat(fragment(children(deep.get(0)).with(demo.as("ops.sales")))
                        .select("label")
                        .eachText())
                .contains("浦东组");

        String missing = mvc.perform(children(987654321L).with(demo.as("ops.sales")))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString()
                .replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
        for (long outside : List.of(hq, purchase)) {
            String answer = mvc.perform(children(outside).with(demo.as("ops.sales")))
                    .andExpect(status().isNotFound())
                    .andReturn()
                    .getResponse()
                    .getContentAsString()
                    .replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
            assertThat(answer).isEqualTo(missing).doesNotContain("采购部").doesNotContain("销售部");
        }
        mvc.perform(children(east).with(demo.as("ops.purchase"))).andExpect(status().isNotFound());
        mvc.perform(children(purchase).with(demo.as("ops.purchase"))).andExpect(status().isOk());
    }

    @Test
    void namesThatAreNotThePickersOwnAreRefused() throws Exception {
        for (String name : List.of("x\" onmouseover=\"alert(1)", "a b", "", "标签", "1abc")) {
            mvc.perform(get("/department-picker/{id}", east)
                            .param("name", name)
                            .param("prefix", "visible")
                            .with(demo.as("admin")))
                    .andExpect(status().isBadRequest());
        }
        mvc.perform(get("/department-picker/{id}", east)
                        .param("name", "visibleDepartments")
                        .param("prefix", "visible\"><b>")
                        .with(demo.as("admin")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theTagFormOpensTheTreeDownToAChosenDepartmentFiveLevelsDeepAndSavesIt() throws Exception {
        long lujiazui = deep.get(2);
        mvc.perform(post("/tags")
                        .with(demo.as("admin"))
                        .with(csrf())
                        .param("name", "渠道_陆家嘴沙龙")
                        .param("groupId", String.valueOf(demo.count("select id from tag_group where name = '客户来源'")))
                        .param("color", "#264653")
                        .param("visibleDepartments", String.valueOf(lujiazui))
                        .param("includeSub", String.valueOf(lujiazui)))
                .andExpect(status().is3xxRedirection());
        long tag = demo.count("select id from tag where name = '渠道_陆家嘴沙龙'");
        assertThat(demo.count(
                        "select count(*) from tag_visibility where tag_id = ? and department_id = ? and include_sub_departments",
                        tag,
                        lujiazui))
                .isOne();

        Document page = Jsoup.parse(mvc.perform(get("/tags/" + tag).with(demo.as("admin")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        Element picker = page.selectFirst("#visibility #visible-picker");
        assertThat(picker.selectFirst("#visible-" + lujiazui).hasAttr("checked"))
                .isTrue();
        assertThat(picker.selectFirst("#visible-sub-" + lujiazui).hasAttr("checked"))
                .isTrue();
        // every department on the way down is open, with its siblings (loaded) beside it
        for (long open : List.of(hq, sales, east, deep.get(0), deep.get(1))) {
            assertThat(picker.selectFirst("button[aria-controls=visible-children-" + open + "]")
                            .attr("aria-expanded"))
                    .as("department %d is open", open)
                    .isEqualTo("true");
        }
        assertThat(picker.select(".td-dept-choice label").eachText()).contains("采购部", "华南区", "上海一部", "浦东组", "陆家嘴小组");
        // 华南区 (not on the way) is closed and loads its children when opened
        long south = demo.departmentId("SALES-S");
        assertThat(picker.select("#visible-children-" + south)).isEmpty();
        assertThat(page.select("#reach").text()).contains("可见于 1 个部门");
    }

    @Test
    void opsSeeTheirHomeAtTheTopOfTheTreeAndNothingAbove() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/tags/new").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        Element picker = page.selectFirst("#visible-picker");
        assertThat(picker.select("> ul > li > .td-dept-row .td-dept-choice label")
                        .eachText())
                .containsExactly("销售部");
        assertThat(picker.text()).contains("华东区", "华南区").doesNotContain("采购部").doesNotContain("总公司");
        // the form starts with the home department ticked
        assertThat(picker.selectFirst("#visible-" + sales).hasAttr("checked")).isTrue();
    }

    @Test
    void thePickerOpensInAFixedNumberOfStatementsWhateverTheTreeSize() throws Exception {
        statements.reset();
        fragment(children(east).with(demo.as("admin")));
        int small = statements.count();
        chain.under("SALES-E", "一组", "二组", "三组", "四组", "五组", "六组");
        statements.reset();
        fragment(children(east).with(demo.as("admin")));
        assertThat(statements.count()).isEqualTo(small);

        long deepest = demo.count("select id from department where name = '六组'");
        demo.update(
                "insert into tag_visibility (tag_id, department_id, include_sub_departments) select id, ?, false from tag where name = '待激活'",
                deepest);
        demo.update("update tag set whole_company = false where name = '待激活'");
        long tag = demo.count("select id from tag where name = '待激活'");
        String page = mvc.perform(get("/tags/" + tag).with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(Jsoup.parse(page).selectFirst("#visible-" + deepest).hasAttr("checked"))
                .isTrue();
    }
}
