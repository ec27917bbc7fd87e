package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The rule form's condition builder: its buttons add and remove clauses and groups without saving
 * (with and without htmx), a nested any-of group is saved and reads back as built, each clause shows
 * the inputs of every type with its own type chosen, and incomplete clauses are refused beside the
 * clause they concern, in both languages, with nothing saved.
 */
@WebTest
class RuleBuilderTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    long hq;
    long digital;
    long waiting;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        hq = demo.departmentId("HQ");
        digital = demo.count("select id from tag where name = '偏好_数码'");
        waiting = demo.count("select id from tag where name = '待激活'");
    }

    MockHttpServletRequestBuilder newRule() {
        return newRule("搭建的规则");
    }

    MockHttpServletRequestBuilder newRule(String name) {
        return post("/rules")
                .with(demo.as("admin"))
                .with(csrf())
                .param("name", name)
                .param("enabled", "false")
                .param("addTagIds", String.valueOf(digital))
                .param("departmentIds", String.valueOf(hq))
                .param("includeSubIds", String.valueOf(hq));
    }

    Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    static Element byId(Document page, String id) {
        return page.selectFirst("[id=" + id + "]");
    }

    long rules() {
        return demo.count("select count(*) from tag_rule");
    }

    @Test
    void theBuilderButtonsAddAndRemoveClausesAndGroupsAndSaveNothing() throws Exception {
        long before = rules();

        Document added = page(newRule()
                .param("clauses[0].type", "inactiveDays")
                .param("clauses[0].days", "20")
                .param("edit", "add"));
        assertThat(added.select("#clauses > li")).hasSize(2);
        assertThat(byId(added, "clauses0.days").val()).isEqualTo("20");
        assertThat(byId(added, "clauses0.type").selectFirst("option[selected]").val())
                .isEqualTo("inactiveDays");
        // the new clause has no type yet, and is where the user goes on
        assertThat(byId(added, "clauses1.type").selectFirst("option[selected]")).isNull();
        assertThat(byId(added, "clauses1.type").hasAttr("autofocus")).isTrue();
        assertThat(byId(added, "name").val()).isEqualTo("搭建的规则");

        Document grouped = page(newRule()
                .param("clauses[0].type", "inactiveDays")
                .param("clauses[0].days", "20")
                .param("edit", "add-group"));
        Element group = byId(grouped, "clauses1");
        assertThat(group.hasClass("td-clause-group")).isTrue();
        assertThat(group.selectFirst("input[name=clauses[1].type]").val()).isEqualTo("group");
        assertThat(group.select("select[name=clauses[1].clauses[0].type]")).hasSize(1);

        Document inGroup = page(newRule()
                .param("clauses[0].type", "group")
                .param("clauses[0].match", "any")
                .param("clauses[0].clauses[0].type", "hasTag")
                .param("clauses[0].clauses[0].tagId", String.valueOf(digital))
                .param("edit", "add:0"));
        assertThat(byId(inGroup, "clauses0").select(".td-clause")).hasSize(2);
        assertThat(byId(inGroup, "clauses0.match")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo("any");
        assertThat(byId(inGroup, "clauses0.clauses1.type").hasAttr("autofocus")).isTrue();

        Document removed = page(newRule()
                .param("clauses[0].type", "inactiveDays")
                .param("clauses[0].days", "20")
                .param("clauses[1].type", "group")
                .param("clauses[1].clauses[0].type", "hasTag")
                .param("clauses[1].clauses[0].tagId", String.valueOf(digital))
                .param("clauses[1].clauses[1].type", "status")
                .param("clauses[1].clauses[1].status", "ACTIVE")
                .param("edit", "remove:1.0"));
        assertThat(byId(removed, "clauses1").select(".td-clause")).hasSize(1);
        assertThat(byId(removed, "clauses1.clauses0.type")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo("status");
        Document removedFirst = page(newRule()
                .param("clauses[0].type", "inactiveDays")
                .param("clauses[0].days", "20")
                .param("clauses[1].type", "lacksTag")
                .param("clauses[1].tagId", String.valueOf(waiting))
                .param("edit", "remove:0"));
        assertThat(removedFirst.select("#clauses > li")).hasSize(1);
        assertThat(byId(removedFirst, "clauses0.type")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo("lacksTag");
        assertThat(byId(removedFirst, "clauses0.tagId")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo(String.valueOf(waiting));
        assertThat(byId(removedFirst, "add-clause").hasAttr("autofocus")).isTrue();

        // An edit that names nothing there changes nothing.
        Document nothing = page(newRule()
                .param("clauses[0].type", "inactiveDays")
                .param("clauses[0].days", "20")
                .param("edit", "remove:7.3"));
        assertThat(nothing.select("#clauses > li")).hasSize(1);

        assertThat(rules()).isEqualTo(before);
    }

    @Test
    void withHtmxABuilderButtonAnswersTheBuilderAloneWhoseButtonsPostToTheSameForm() throws Exception {
        String fragment = mvc.perform(newRule()
                        .header("HX-Request", "true")
                        .param("clauses[0].type", "inactiveDays")
                        .param("clauses[0].days", "20")
                        .param("edit", "add"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fragment).doesNotContain("<html").doesNotContain("id=\"rule-form\"");
        Document builder = Jsoup.parseBodyFragment(fragment);
        assertThat(builder.select("#condition-builder")).hasSize(1);
        assertThat(builder.select("#clauses > li")).hasSize(2);
        assertThat(builder.select("button[name=edit]")).isNotEmpty().allSatisfy(b -> assertThat(b.attr("hx-post"))
                .isEqualTo("/rules"));

        // On a saved rule, they post to the rule.
        long id = demo.count("select id from tag_rule where name = '7天未活跃待激活'");
        Document page = page(get("/rules/" + id).with(demo.as("admin")));
        assertThat(page.select("#condition-builder button[name=edit]"))
                .isNotEmpty()
                .allSatisfy(b -> assertThat(b.attr("hx-post")).isEqualTo("/rules/" + id));
        // Without htmx the same buttons are plain submit buttons of the form.
        assertThat(page.select("#rule-form #add-clause[type=submit][value=add]"))
                .hasSize(1);
    }

    @Test
    void aNestedAnyGroupIsSavedAndReadsBackAsBuilt() throws Exception {
        long east = demo.departmentId("SALES-E");
        String location = mvc.perform(newRule()
                        .param("match", "all")
                        .param("clauses[0].type", "inactiveDays")
                        .param("clauses[0].days", "30")
                        .param("clauses[1].type", "group")
                        .param("clauses[1].match", "any")
                        .param("clauses[1].clauses[0].type", "hasTag")
                        .param("clauses[1].clauses[0].tagId", String.valueOf(waiting))
                        // inputs of other types travel with every clause and count for nothing
                        .param("clauses[1].clauses[0].days", "99")
                        .param("clauses[1].clauses[1].type", "department")
                        .param("clauses[1].clauses[1].departmentId", String.valueOf(east))
                        .param("clauses[1].clauses[1].includeSub", "true")
                        .param("clauses[1].clauses[1].tagId", String.valueOf(digital))
                        // a clause left without a type is skipped
                        .param("clauses[2].type", ""))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = Long.parseLong(location.substring("/rules/".length()));

        String stored = mvc.perform(get("/api/v1/rules/" + id).with(httpBasic("admin", "tagdesk-demo")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(stored)
                .contains("\"condition\":{\"all\":[{\"inactiveDays\":30},{\"any\":[{\"hasTag\":" + waiting
                        + "},{\"departmentId\":" + east + ",\"includeSubDepartments\":true}]}]}");

        Document page = page(get("/rules/" + id).with(demo.as("admin")));
        assertThat(page.select("[id]").eachAttr("id")).doesNotHaveDuplicates();
        assertThat(page.select("#advanced-condition")).isEmpty();
        assertThat(byId(page, "clauses0.type").selectFirst("option[selected]").val())
                .isEqualTo("inactiveDays");
        assertThat(byId(page, "clauses0.days").val()).isEqualTo("30");
        assertThat(byId(page, "clauses1").hasClass("td-clause-group")).isTrue();
        assertThat(byId(page, "clauses1.match").selectFirst("option[selected]").val())
                .isEqualTo("any");
        assertThat(byId(page, "clauses1.clauses0.tagId")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo(String.valueOf(waiting));
        assertThat(byId(page, "clauses1.clauses1.type")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo("department");
        // 华东区 is chosen in the clause's tree, which opens 总公司 and 销售部 down to it
        Element chosen = byId(page, "c1-1-dept-" + east);
        assertThat(chosen.attr("type")).isEqualTo("radio");
        assertThat(chosen.attr("name")).isEqualTo("clauses[1].clauses[1].departmentId");
        assertThat(chosen.hasAttr("checked")).isTrue();
        assertThat(byId(page, "clauses1.clauses1.includeSub").hasAttr("checked"))
                .isTrue();
        // the rule's departments, in their own tree, with their switches; it opens to its own choices only
        assertThat(byId(page, "dept-" + hq).hasAttr("checked")).isTrue();
        assertThat(byId(page, "dept-sub-" + hq).hasAttr("checked")).isTrue();
        assertThat(byId(page, "dept-" + east)).isNull();
        assertThat(byId(page, "dept-" + demo.departmentId("SALES"))).isNotNull();

        // The list says it in words, the group in brackets.
        String list = mvc.perform(get("/rules").with(demo.as("admin")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(Jsoup.parse(list).select("#rules").text()).contains("30 天以上未活跃 且 (带有「待激活」 或 属于华东区（含下级部门）)");

        // Saved again from the page as it reads, it stays the same.
        mvc.perform(post("/rules/" + id).with(demo.as("admin")).with(csrf()).params(formOf(page)))
                .andExpect(status().is3xxRedirection());
        assertThat(mvc.perform(get("/api/v1/rules/" + id).with(httpBasic("admin", "tagdesk-demo")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("\"condition\":{\"all\":[{\"inactiveDays\":30},{\"any\":[{\"hasTag\":" + waiting
                        + "},{\"departmentId\":" + east + ",\"includeSubDepartments\":true}]}]}");
    }

    @Test
    void incompleteClausesAreRefusedBesideTheirClauseInBothLanguagesAndNothingIsSaved() throws Exception {
        long before = rules();
        MockHttpServletRequestBuilder broken = newRule("")
                .param("clauses[0].type", "hasTag")
                .param("clauses[1].type", "group")
                .param("clauses[1].clauses[0].type", "carriedTag")
                .param("clauses[1].clauses[0].tagId", String.valueOf(digital))
                .param("clauses[1].clauses[1].type", "status")
                .param("clauses[1].clauses[1].status", "ACTIVE")
                .param("clauses[2].type", "group")
                .param("clauses[3].type", "department");
        Document page = page(broken);

        assertThat(byId(page, "clauses0").hasClass("td-invalid")).isTrue();
        assertThat(byId(page, "clauses0").select(".td-clause-error").text()).isEqualTo("请选择标签。");
        assertThat(byId(page, "clauses1.clauses0").select(".td-clause-error").text())
                .isEqualTo("请填写 1 到 3650 之间的天数。");
        assertThat(byId(page, "clauses1.clauses1").select(".td-clause-error")).isEmpty();
        assertThat(byId(page, "clauses1.clauses1").hasClass("td-invalid")).isFalse();
        // the group itself is fine; its clause is not
        assertThat(byId(page, "clauses1").select("> .td-clause-error")).isEmpty();
        assertThat(byId(page, "clauses2").select("> .td-clause-error").text()).isEqualTo("这个条件组还没有条件：请在组内添加条件，或删除这个组。");
        assertThat(byId(page, "clauses3").select(".td-clause-error").text()).isEqualTo("请在部门树中选择一个部门。");
        // the top says how many, and what else is wrong, in the same round
        assertThat(page.select("#refusals").text())
                .contains("有 4 处条件需要修改，已在对应条件旁标出。")
                .contains("请填写规则名称。")
                .doesNotContain("clauses");
        // what was typed stays
        assertThat(byId(page, "clauses1.clauses0.tagId")
                        .selectFirst("option[selected]")
                        .val())
                .isEqualTo(String.valueOf(digital));

        Document english = page(broken.param("lang", "en"));
        assertThat(byId(english, "clauses0").select(".td-clause-error").text()).isEqualTo("Choose a tag.");
        assertThat(byId(english, "clauses1.clauses0").select(".td-clause-error").text())
                .isEqualTo("Enter a number of days from 1 to 3650.");
        assertThat(english.select("#refusals").text()).contains("4 clauses need fixing");

        Document none = page(newRule().param("clauses[0].type", ""));
        assertThat(none.select("#condition-builder > .td-clause-error").text()).isEqualTo("请至少添加一个条件。");
        assertThat(none.select("#refusals").text()).contains("有 1 处条件需要修改");

        assertThat(rules()).isEqualTo(before);
    }

    @Test
    void eachClauseCarriesTheInputsOfEveryTypeForCssToShowThoseOfItsType() throws Exception {
        Document page = page(get("/rules/new").with(demo.as("admin")));
        Element clause = byId(page, "clauses0");
        assertThat(clause.select(".td-field-tag select[data-tag-picker][name=clauses[0].tagId]"))
                .hasSize(1);
        assertThat(clause.select(".td-field-days input[name=clauses[0].days]")).hasSize(1);
        assertThat(clause.select(".td-field-status select[name=clauses[0].status]"))
                .hasSize(1);
        assertThat(clause.select(".td-field-department input[type=radio][name=clauses[0].departmentId]"))
                .isNotEmpty();
        assertThat(clause.select(".td-field-department input[name=clauses[0].includeSub]"))
                .hasSize(1);
        assertThat(clause.select(".td-field-events select[name=clauses[0].eventType] option")
                        .eachAttr("value"))
                .containsExactly("", "click", "consult");
        assertThat(clause.select(".td-field-events input[name=clauses[0].atLeast]"))
                .hasSize(1);
        assertThat(clause.select(".td-field-events input[name=clauses[0].sameValueOf]"))
                .hasSize(1);
        assertThat(clause.select("select.td-clause-type option").eachAttr("value"))
                .containsExactly(
                        "", "inactiveDays", "hasTag", "lacksTag", "carriedTag", "department", "status", "events");
        // the action's tag pickers and the departments' tree
        assertThat(page.select("select#addTagIds[multiple][data-tag-picker] option"))
                .isNotEmpty();
        assertThat(page.select("#rule-departments input[type=checkbox][name=departmentIds]"))
                .isNotEmpty();
        // the scripts of the pickers, from the webjar and the app, and nothing inline
        assertThat(page.select("script[src]").eachAttr("src"))
                .contains("/webjars/tom-select/2.4.3/dist/js/tom-select.complete.min.js", "/js/pickers.js");
        assertThat(page.select("script:not([src])")).isEmpty();
        assertThat(page.select("[style]")).isEmpty();
        mvc.perform(get("/webjars/tom-select/2.4.3/dist/js/tom-select.complete.min.js"))
                .andExpect(status().isOk());
        mvc.perform(get("/webjars/tom-select/2.4.3/dist/css/tom-select.bootstrap5.min.css"))
                .andExpect(status().isOk());
    }

    @Test
    void aConditionNestedDeeperThanTheBuilderKeepsItsJsonAndTheFormStillSavesTheRest() throws Exception {
        String created = mvc.perform(post("/api/v1/rules")
                        .with(httpBasic("admin", "tagdesk-demo"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"深层","enabled":false,
                                 "condition":{"any":[{"inactiveDays":90},{"all":[{"status":"ACTIVE"},{"any":[{"hasTag":%d},{"lacksTag":%d}]}]}]},
                                 "action":{"add":[%d]},
                                 "departments":[{"departmentId":%d,"includeSubDepartments":true}]}""".formatted(waiting, digital, digital, hq)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(created.replaceAll("^\\{\"id\":(\\d+).*$", "$1"));

        Document page = page(get("/rules/" + id).with(demo.as("admin")));
        assertThat(page.select("#advanced-condition").text()).contains("API");
        assertThat(page.select("#condition-builder")).isEmpty();

        mvc.perform(post("/rules/" + id)
                        .with(demo.as("admin"))
                        .with(csrf())
                        .params(formOf(page))
                        .param("name", "深层（改名）"))
                .andExpect(status().is3xxRedirection());
        assertThat(mvc.perform(get("/api/v1/rules/" + id).with(httpBasic("admin", "tagdesk-demo")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("深层（改名）")
                .contains("{\"any\":[{\"hasTag\":" + waiting + "},{\"lacksTag\":" + digital + "}]}");
    }

    @Test
    void opsReadARuleTheyMayReadWithoutTheBuilderButtonsAndCannotEditIt() throws Exception {
        long id = demo.count("select id from tag_rule where name = '7天未活跃待激活'");
        Document page = page(get("/rules/" + id).with(demo.as("ops.sales")));
        assertThat(page.select("button[name=edit]")).isEmpty();
        assertThat(page.select("#rule-form fieldset[disabled]")).hasSize(1);
        mvc.perform(post("/rules/" + id).with(demo.as("ops.sales")).with(csrf()).param("edit", "add"))
                .andExpect(status().isForbidden());
    }

    @Test
    void forgedClausesAreRefusedAndChangeNothing() throws Exception {
        long before = rules();
        // a group inside a group is not something the builder makes
        Document deeper = page(newRule()
                .param("clauses[0].type", "group")
                .param("clauses[0].clauses[0].type", "group")
                .param("clauses[0].clauses[0].clauses[0].type", "inactiveDays")
                .param("clauses[0].clauses[0].clauses[0].days", "3"));
        assertThat(deeper.select("#refusals").text()).contains("有 1 处条件需要修改");
        // an unknown type, and a status that is none
        Document unknown = page(newRule()
                .param("clauses[0].type", "sql")
                .param("clauses[1].type", "status")
                .param("clauses[1].status", "KING"));
        assertThat(byId(unknown, "clauses0").select(".td-clause-error").text()).isEqualTo("请选择条件类型。");
        assertThat(byId(unknown, "clauses1").select(".td-clause-error").text()).isEqualTo("请选择成员状态。");
        // an index far beyond any list the builder makes
        int status = mvc.perform(newRule().param("clauses[5000].type", "inactiveDays"))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(status).isEqualTo(400);
        // more clauses than a rule may have
        MockHttpServletRequestBuilder many = newRule();
        for (int i = 0; i < 51; i++) {
            many.param("clauses[" + i + "].type", "inactiveDays").param("clauses[" + i + "].days", "3");
        }
        assertThat(page(many).select("#condition-builder > .td-clause-error").text())
                .isEqualTo("一组最多 50 个条件。");
        assertThat(rules()).isEqualTo(before);
    }

    /** What a browser would post from this page's rule form (enabled inputs, chosen options, ticked boxes). */
    static org.springframework.util.MultiValueMap<String, String> formOf(Document page) {
        org.springframework.util.LinkedMultiValueMap<String, String> form =
                new org.springframework.util.LinkedMultiValueMap<>();
        for (Element input : page.select("#rule-form input[name], #rule-form select[name]")) {
            String name = input.attr("name");
            if (name.equals("_csrf") || name.equals("edit") || name.equals("preview")) {
                continue;
            }
            if (input.tagName().equals("select")) {
                input.select("option[selected]").forEach(o -> form.add(name, o.val()));
            } else if (List.of("checkbox", "radio").contains(input.attr("type"))) {
                if (input.hasAttr("checked")) {
                    form.add(name, input.val().isEmpty() ? "on" : input.val());
                }
            } else {
                form.add(name, input.val());
            }
        }
        return form;
    }
}
