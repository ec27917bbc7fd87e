package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.shared.Flash;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.StatementCounter;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An import's page lists the changes themselves, a page at a time, and offers, once the errors are
 * shown, to import only the rows without errors; after that it lists the rows it skipped. The API
 * offers the same. Only members in the viewer's scope and tags they see are ever listed.
 */
@WebTest
class ImportChangesPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StatementCounter statements;

    /** Members of 销售部's subtree with one department each, carrying no tag. */
    List<String> sellers;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        sellers = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id
                        where d.path like (select path from department where code = 'SALES') || '%'
                        group by m.account having count(*) = 1 order by m.account limit 45""").query(String.class).list();
        demo.update("delete from member_tag where member_id in (select id from member where account = any(?))", (Object)
                sellers.toArray(String[]::new));
    }

    String name(String account) {
        return jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .optional()
                .orElse("某人");
    }

    long upload(String user, String rows, String mode) throws Exception {
        byte[] file = ("\uFEFF姓名,账号,标签1\r\n" + rows).getBytes(StandardCharsets.UTF_8);
        mvc.perform(multipart("/imports")
                        .file(new MockMultipartFile("file", "销售.csv", "text/csv", file))
                        .param("mode", mode)
                        .with(demo.as(user))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        return demo.count("select max(id) from import_job");
    }

    Document page(String user, String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(demo.as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    /** 45 members gain 偏好_数码; the first five carried 生命周期_老客 and are given 生命周期_新客 instead. */
    long fortyFiveMembers() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < sellers.size(); i++) {
            String account = sellers.get(i);
            if (i < 5) {
                demo.update(
                        "insert into member_tag (member_id, tag_id, source, assigned_by) select m.id, t.id, 'MANUAL', 'admin'"
                                + " from member m, tag t where m.account = ? and t.name = '生命周期_老客'",
                        account);
                rows.append(name(account)).append(',').append(account).append(",生命周期_新客\r\n");
            }
            rows.append(name(account)).append(',').append(account).append(",偏好_数码\r\n");
        }
        return upload("ops.sales", rows.toString(), "MERGE");
    }

    @Test
    void thePreviewListsTheChangesByMemberTwentyOrFiftyAPageWithAFixedNumberOfStatements() throws Exception {
        assertThat(sellers).hasSize(45);
        long id = fortyFiveMembers();

        statements.reset();
        Document first = page("ops.sales", "/imports/" + id);
        int statementsOfTwenty = statements.count();
        assertThat(first.select("#import-changes tbody tr")).hasSize(20);
        assertThat(first.select("#import-changes .card-footer").text()).contains("第 1 / 3 页");
        assertThat(first.select("#changes-kind-all").text()).isEqualTo("全部（45）");
        assertThat(first.select("#changes-kind-add").text()).isEqualTo("添加（45）");
        assertThat(first.select("#changes-kind-remove").text()).isEqualTo("移除（5）");
        // The first row: the member linked, each change with its kind, swatch, tag and expiry.
        var row = first.select("#import-changes tbody tr").first();
        assertThat(row.select("a[href='/members/" + sellers.get(0) + "']").text())
                .isEqualTo(sellers.get(0));
        assertThat(row.text()).contains(name(sellers.get(0)));
        assertThat(row.select("li.td-change").eachText())
                .containsExactly("添加 生命周期_新客 执行后 30 天到期", "添加 偏好_数码", "替换 生命周期_老客 换成 生命周期_新客");
        assertThat(row.select("svg.td-swatch rect").eachAttr("fill")).contains("#FFBA08", "#E85D04");

        Document third = page("ops.sales", "/imports/" + id + "?page=2");
        assertThat(third.select("#import-changes tbody tr")).hasSize(5);

        statements.reset();
        Document fifty = page("ops.sales", "/imports/" + id + "?size=50");
        assertThat(fifty.select("#import-changes tbody tr")).hasSize(45);
        assertThat(fifty.select("#import-changes .card-footer")).isEmpty();
        assertThat(statements.count())
                .as("statements of a page of 50 and of 20")
                .isEqualTo(statementsOfTwenty);
        // Any other size is the smaller one.
        assertThat(page("ops.sales", "/imports/" + id + "?size=100000").select("#import-changes tbody tr"))
                .hasSize(20);

        Document removing = page("ops.sales", "/imports/" + id + "?kind=remove");
        assertThat(removing.select("#import-changes tbody tr")).hasSize(5);
        assertThat(removing.select("#import-changes tbody tr")
                        .first()
                        .select("li.td-change")
                        .eachText())
                .containsExactly("替换 生命周期_老客 换成 生命周期_新客");
        assertThat(removing.select("#changes-kind-remove").hasClass("active")).isTrue();

        // The API lists the same, spelling the filter in UPPER_CASE whichever spelling it was asked in.
        mvc.perform(get("/api/v1/imports/" + id + "/changes")
                        .param("kind", "remove")
                        .with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("REMOVE"))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(50))
                .andExpect(jsonPath("$.total").value(5))
                .andExpect(jsonPath("$.members").value(45))
                .andExpect(jsonPath("$.items[0].account").value(sellers.get(0)))
                .andExpect(jsonPath("$.items[0].changes[0].kind").value("REPLACE"))
                .andExpect(jsonPath("$.items[0].changes[0].tag").value("生命周期_老客"))
                .andExpect(jsonPath("$.items[0].changes[0].replacedBy").value("生命周期_新客"));
    }

    @Test
    void theListShowsOnlyMembersAndTagsInTheViewersScope() throws Exception {
        long id = fortyFiveMembers();
        String moved = sellers.get(0);
        // Since the preview, the first member moved to 采购部 and 生命周期_新客 became a 采购部-only tag.
        demo.update(
                "update member_department set department_id = (select id from department where code = 'PUR')"
                        + " where member_id = (select id from member where account = ?)",
                moved);
        demo.update("update tag set whole_company = false where name = '生命周期_新客'");
        demo.update("insert into tag_visibility (tag_id, department_id, include_sub_departments)"
                + " select t.id, d.id, false from tag t, department d where t.name = '生命周期_新客' and d.code = 'PUR'");

        Document ops = page("ops.sales", "/imports/" + id + "?size=50");
        assertThat(ops.select("#changes-kind-all").text()).isEqualTo("全部（44）");
        assertThat(ops.select("#import-changes").text()).doesNotContain(moved, "生命周期_新客");
        assertThat(ops.select("#import-changes tbody tr")).hasSize(44);
        mvc.perform(get("/api/v1/imports/" + id + "/changes")
                        .param("size", "50")
                        .with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(jsonPath("$.total").value(44))
                .andExpect(jsonPath("$.items[?(@.account == '" + moved + "')]").isEmpty());

        // An admin sees the whole company: the member and the tag are there.
        Document admin = page("admin", "/imports/" + id + "?size=50");
        assertThat(admin.select("#changes-kind-all").text()).isEqualTo("全部（45）");
        assertThat(admin.select("#import-changes").text()).contains(moved, "生命周期_新客");

        // Another OPS user learns nothing of the import: 404, as for a missing one.
        mvc.perform(get("/imports/" + id).with(demo.as("ops.purchase"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/imports/" + id + "/changes").with(httpBasic("ops.purchase", "tagdesk-demo")))
                .andExpect(status().isNotFound());
    }

    @Test
    void afterTheErrorsThePageOffersToImportOnlyTheCleanRowsAndThenListsTheSkippedOnes() throws Exception {
        String rows = name(sellers.get(0)) + "," + sellers.get(0) + ",偏好_数码\r\n"
                + name(sellers.get(1)) + "," + sellers.get(1) + ",偏好_美妆\r\n"
                + name(sellers.get(2)) + "," + sellers.get(2) + ",生命周期_新客\r\n"
                + name(sellers.get(3)) + "," + sellers.get(3) + ",偏好_不存在\r\n"
                + "某人,no.such.member,偏好_数码\r\n";
        long id = upload("ops.sales", rows, "MERGE");

        Document preview = page("ops.sales", "/imports/" + id);
        assertThat(preview.select("#import-errors").text()).contains("发现 2 个错误");
        assertThat(preview.select("#apply")).isEmpty();
        assertThat(preview.select("#only-clean-rows-counts").text())
                .isEqualTo("这样会导入 3 行、跳过 2 行（添加 3 个标签，移除 0 个）；更改见下方列表。");
        assertThat(preview.select("#only-clean-rows").text()).contains("有错误的行单独跳过");
        assertThat(preview.select("form:has(#apply-clean-rows)").attr("data-confirm"))
                .isEqualTo("只导入无错误的行：将导入 3 行，跳过 2 行（有错误的行，或有错误的成员的行）。确定继续吗？");
        assertThat(preview.select("#import-changes h2").text()).isEqualTo("无错误的行的更改");
        assertThat(preview.select("#import-changes tbody tr")).hasSize(3);
        assertThat(preview.select("#import-changes").text()).doesNotContain(sellers.get(3), "no.such.member");
        assertThat(preview.select("#import-skipped")).isEmpty();

        // The auditor reads it all but is offered no choice.
        assertThat(page("auditor", "/imports/" + id).select("#only-clean-rows")).isEmpty();
        mvc.perform(post("/imports/" + id + "/apply")
                        .param("onlyCleanRows", "true")
                        .with(demo.as("auditor"))
                        .with(csrf()))
                .andExpect(status().isForbidden());

        // All or nothing stays the default: refused while errors remain, nothing changed.
        Document refused = Jsoup.parse(mvc.perform(post("/imports/" + id + "/apply")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(refused.text()).contains("导入还有 2 个错误，没有做任何修改");
        assertThat(demo.count("select count(*) from member_tag where assigned_by = 'ops.sales'"))
                .isZero();

        mvc.perform(post("/imports/" + id + "/apply")
                        .param("onlyCleanRows", "true")
                        .with(demo.as("ops.sales"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", new Flash("flash.import.appliedCleanRows", 3L)));
        assertThat(demo.count("select count(*) from member_tag where assigned_by = 'ops.sales'"))
                .isEqualTo(3);

        Document applied = page("ops.sales", "/imports/" + id);
        assertThat(applied.select("h1").text()).isEqualTo("已执行（只导入了无错误的行）");
        assertThat(applied.select("#import-clean-rows-applied").text()).contains("已导入 3 行，跳过 2 行");
        assertThat(applied.select("#download-skipped-errors").attr("href")).isEqualTo("/imports/" + id + "/errors.csv");
        assertThat(applied.select("#import-errors").text()).contains("发现 2 个错误，这些行没有导入");
        assertThat(applied.select("#import-skipped h2").text()).isEqualTo("跳过的行（2）");
        assertThat(applied.select("#import-skipped tbody tr").eachText())
                .containsExactly(
                        "5 " + sellers.get(3) + " 第 5 行第 3 列：标签“偏好_不存在”不存在或您不可见。请在标签列表中核对名称，或先创建该标签。",
                        "6 no.such.member 第 6 行：账号“no.such.member”不存在或不在您的范围内。请在成员列表中核对账号，或删除这一行。");
        assertThat(applied.select("#import-changes")).isEmpty();
        assertThat(applied.select("#only-clean-rows, #apply")).isEmpty();
        assertThat(page("ops.sales", "/imports")
                        .select("#history tbody tr")
                        .first()
                        .text())
                .contains("已执行（只导入了无错误的行）");

        String report = mvc.perform(get("/imports/" + id + "/errors.csv").with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(report.split("\r\n")).hasSize(3);

        mvc.perform(get("/api/v1/imports/" + id).with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(jsonPath("$.status").value("APPLIED"))
                .andExpect(jsonPath("$.onlyCleanRows").value(true))
                .andExpect(jsonPath("$.cleanRows").value(3))
                .andExpect(jsonPath("$.skippedRows").value(2))
                .andExpect(jsonPath("$.errorCount").value(2));
        mvc.perform(get("/api/v1/imports/" + id + "/changes").with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IMPORT_CHANGES_NOT_LISTED"));
    }

    @Test
    void theApiAppliesOnlyTheCleanRowsWhenAskedAndReportsTheSameNumbers() throws Exception {
        var ops = httpBasic("ops.sales", "tagdesk-demo");
        String rows = "姓名,账号,标签1\r\n" + name(sellers.get(0)) + "," + sellers.get(0) + ",偏好_数码\r\n"
                + name(sellers.get(1)) + "," + sellers.get(1) + ",偏好_不存在\r\n";
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "x.csv", "text/csv", rows.getBytes(StandardCharsets.UTF_8)))
                        .param("mode", "replace")
                        .with(ops))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.errorCount").value(1))
                .andExpect(jsonPath("$.cleanRows").value(1))
                .andExpect(jsonPath("$.skippedRows").value(1))
                .andExpect(jsonPath("$.cleanToAdd").value(1))
                .andExpect(jsonPath("$.cleanToRemove").value(0))
                .andExpect(jsonPath("$.onlyCleanRows").value(false));
        long id = demo.count("select max(id) from import_job");

        mvc.perform(post("/api/v1/imports/" + id + "/apply").with(ops))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IMPORT_HAS_ERRORS"));
        mvc.perform(post("/api/v1/imports/" + id + "/apply")
                        .param("onlyCleanRows", "yes please")
                        .with(ops))
                .andExpect(status().isBadRequest());
        assertThat(demo.count("select count(*) from member_tag where assigned_by = 'ops.sales'"))
                .isZero();

        mvc.perform(post("/api/v1/imports/" + id + "/apply")
                        .param("onlyCleanRows", "true")
                        .with(ops))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPLIED"))
                .andExpect(jsonPath("$.applied").value(true))
                .andExpect(jsonPath("$.onlyCleanRows").value(true))
                .andExpect(jsonPath("$.cleanRows").value(1))
                .andExpect(jsonPath("$.skippedRows").value(1))
                .andExpect(jsonPath("$.toAdd").value(1))
                .andExpect(jsonPath("$.errors[0].code").value("TAG_UNKNOWN"));
        assertThat(demo.count("select count(*) from member_tag where assigned_by = 'ops.sales'"))
                .isOne();
    }
}
