package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class ImportApiTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final RequestPostProcessor OPS_SALES = httpBasic("ops.sales", "tagdesk-demo");
    static final RequestPostProcessor OPS_PURCHASE = httpBasic("ops.purchase", "tagdesk-demo");
    static final RequestPostProcessor AUDITOR = httpBasic("auditor", "tagdesk-demo");
    static final String HEADER = "姓名,账号,标签1,标签2,标签3\r\n";

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    String seller;
    String sellerName;
    String purchaser;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        seller = demo.memberOf("SALES-E");
        purchaser = demo.memberOf("PUR");
        sellerName = name(seller);
        demo.update("delete from member_tag where member_id = (select id from member where account = ?)", seller);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    String name(String account) {
        return jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();
    }

    long tagsOf(String account) {
        return demo.count(
                "select count(*) from member_tag where member_id = (select id from member where account = ?)", account);
    }

    ResultActions upload(RequestPostProcessor user, byte[] file, String... params) throws Exception {
        var request = multipart("/api/v1/imports").file(new MockMultipartFile("file", "标签导入.csv", "text/csv", file));
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request.with(user));
    }

    static byte[] utf8Bom(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + 3];
        all[0] = (byte) 0xEF;
        all[1] = (byte) 0xBB;
        all[2] = (byte) 0xBF;
        System.arraycopy(body, 0, all, 3, body.length);
        return all;
    }

    @Test
    void aPreviewChangesNothingAndApplyingTwiceChangesNothingTheSecondTime() throws Exception {
        byte[] file = utf8Bom(HEADER + sellerName + "," + seller + ",渠道_线上活动_双十一,偏好_数码,\r\n");
        upload(OPS_SALES, file)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PREVIEWED"))
                .andExpect(jsonPath("$.encoding").value("UTF-8"))
                .andExpect(jsonPath("$.rows").value(1))
                .andExpect(jsonPath("$.members").value(1))
                .andExpect(jsonPath("$.toAdd").value(2))
                .andExpect(jsonPath("$.errorCount").value(0));
        assertThat(tagsOf(seller)).isZero();

        upload(OPS_SALES, file, "dryRun", "false")
                .andExpect(jsonPath("$.status").value("APPLIED"))
                .andExpect(jsonPath("$.applied").value(true));
        assertThat(tagsOf(seller)).isEqualTo(2);
        assertThat(demo.count("select count(*) from member_tag where source = 'IMPORT' and assigned_by = 'ops.sales'"))
                .isEqualTo(2);

        upload(OPS_SALES, file, "dryRun", "false")
                .andExpect(jsonPath("$.toAdd").value(0))
                .andExpect(jsonPath("$.unchanged").value(2));
        assertThat(tagsOf(seller)).isEqualTo(2);
        assertThat(demo.count("select count(*) from audit_event where action = 'IMPORT_APPLIED'"))
                .isEqualTo(2);
    }

    @Test
    void anImportFromAClientThatAcceptsNoJsonIsRefusedBeforeItChangesAnything() throws Exception {
        byte[] file = utf8Bom(HEADER + sellerName + "," + seller + ",渠道_线上活动_双十一\r\n");
        long jobsBefore = demo.count("select count(*) from import_job");
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "标签导入.csv", "text/csv", file))
                        .param("dryRun", "false")
                        .accept(MediaType.TEXT_HTML)
                        .with(OPS_SALES))
                .andExpect(status().isNotAcceptable());
        assertThat(tagsOf(seller)).isZero();
        assertThat(demo.count("select count(*) from import_job")).isEqualTo(jobsBefore);

        // The error report is CSV: a client asking for it as such gets it, one asking for JSON does not.
        upload(OPS_SALES, utf8Bom(HEADER + "无名,no.such.member,偏好_数码\r\n")).andExpect(status().isCreated());
        long job = demo.count("select max(id) from import_job");
        mvc.perform(get("/api/v1/imports/" + job + "/errors.csv")
                        .accept("text/csv")
                        .with(OPS_SALES))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/imports/" + job + "/errors.csv")
                        .accept(MediaType.APPLICATION_JSON)
                        .with(OPS_SALES))
                .andExpect(status().isNotAcceptable());
    }

    /**
     * What OPS of 销售部 learns from a file naming 采购部's member and tag is exactly what a file naming
     * a member and a tag that do not exist tells: the whole answer and the error report are the same
     * but for the import's id and the values the user typed.
     */
    @Test
    void aFileNamingAnotherDepartmentsMemberAndTagReadsExactlyLikeOneNamingMissingOnes() throws Exception {
        String[][] typed = {{purchaser, "PUR_供应商_一级"}, {"no.such.member", "PUR_供应商_不存在"}};
        String[] answers = new String[2];
        String[] reports = new String[2];
        for (int i = 0; i < 2; i++) {
            // The account on line 2, the tag on line 3.
            String rows = "\uFEFF姓名,账号,标签1\r\n某人," + typed[i][0] + ",偏好_数码\r\n" + sellerName + "," + seller + ","
                    + typed[i][1] + "\r\n";
            String answer = upload(OPS_SALES, rows.getBytes(StandardCharsets.UTF_8))
                    .andExpect(status().isCreated())
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            long id = demo.count("select max(id) from import_job");
            String report = mvc.perform(
                            get("/api/v1/imports/" + id + "/errors.csv").with(OPS_SALES))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            answers[i] = answer.replace("\"id\":" + id + ",", "\"id\":ID,")
                    .replace(typed[i][0], "ACCOUNT")
                    .replace(typed[i][1], "TAG");
            reports[i] = report.replace(typed[i][0], "ACCOUNT").replace(typed[i][1], "TAG");
        }
        assertThat(answers[0]).contains("ACCOUNT_UNKNOWN", "TAG_UNKNOWN").isEqualTo(answers[1]);
        assertThat(reports[0]).contains("ACCOUNT", "TAG").isEqualTo(reports[1]);
    }

    /** The rows of a repeated account are checked together: more than 1,000 of them is an error, not a full heap. */
    @Test
    void anAccountListedMoreThanAThousandTimesIsAnErrorOnTheLineAfterTheThousandth() throws Exception {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 1_005; i++) {
            rows.append(sellerName).append(',').append(seller).append(",偏好_数码\r\n");
        }
        upload(OPS_SALES, utf8Bom(rows.toString()), "dryRun", "false")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PREVIEWED"))
                .andExpect(jsonPath("$.applied").value(false))
                .andExpect(jsonPath("$.errorCount").value(1))
                .andExpect(jsonPath("$.errors[0].code").value("ACCOUNT_REPEATED_TOO_OFTEN"))
                .andExpect(jsonPath("$.errors[0].line").value(1_002))
                .andExpect(jsonPath("$.errors[0].column").value(2));
        assertThat(tagsOf(seller)).isZero();
    }

    /** Every error is counted; the first 1,000 are listed, in the API as on the page. */
    @Test
    void errorsAreListedUpToAThousandAndAllCounted() throws Exception {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 1_200; i++) {
            rows.append("某人,no.such.member.").append(i).append(",偏好_数码\r\n");
        }
        upload(ADMIN, utf8Bom(rows.toString()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.errorCount").value(1_200))
                .andExpect(jsonPath("$.errors.length()").value(1_000))
                .andExpect(jsonPath("$.errors[0].line").value(2))
                .andExpect(jsonPath("$.errors[999].line").value(1_001));
    }

    @Test
    void cellsOutsideTheHeaderAreAllCountedThoughOnlyAThousandAreListed() throws Exception {
        String south = demo.memberOf("SALES-S");
        StringBuilder rows = new StringBuilder("姓名,账号,标签1\r\n");
        for (int i = 0; i < 1_200; i++) {
            // Two members, so that neither is listed more than 1,000 times.
            String account = i % 2 == 0 ? seller : south;
            rows.append(name(account)).append(',').append(account).append(",偏好_数码,多出来的\r\n");
        }
        upload(OPS_SALES, utf8Bom(rows.toString()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.errorCount").value(1_200))
                .andExpect(jsonPath("$.errors.length()").value(1_000))
                .andExpect(jsonPath("$.errors[0].code").value("CELL_OUTSIDE_HEADER"));
    }

    @Test
    void outOfScopeMembersAndTagsAreUnknownLikeMissingOnesAndNothingApplies() throws Exception {
        byte[] file = utf8Bom(HEADER
                + sellerName + "," + seller + ",PUR_供应商_一级,偏好_数码\r\n"
                + "某人," + purchaser + ",偏好_数码\r\n"
                + "无名,no.such.member,偏好_数码\r\n");
        upload(OPS_SALES, file, "dryRun", "false")
                .andExpect(jsonPath("$.status").value("PREVIEWED"))
                .andExpect(jsonPath("$.errors[*].code")
                        .value(containsInAnyOrder("TAG_UNKNOWN", "ACCOUNT_UNKNOWN", "ACCOUNT_UNKNOWN")))
                .andExpect(jsonPath("$.errors[0].line").value(2))
                .andExpect(jsonPath("$.errors[0].column").value(3))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("第 2 行第 3 列：标签“PUR_供应商_一级”不存在或您不可见。请在标签列表中核对名称，或先创建该标签。"));
        assertThat(tagsOf(seller)).isZero();
    }

    /**
     * A file of up to two rows (in the tests) is checked against only the members it names, a longer
     * one against every member in scope: the answers are the same.
     */
    @Test
    void outOfScopeMembersAreUnknownInSmallAndLargeFilesAlike() throws Exception {
        String rows = "某人," + purchaser + ",偏好_数码\r\n" + sellerName + "," + seller + ",偏好_数码\r\n";
        for (String file : new String[] {rows, rows + "无名,no.such.member,\r\n"}) {
            upload(OPS_SALES, utf8Bom(HEADER + file))
                    .andExpect(jsonPath("$.members").value(1))
                    .andExpect(jsonPath("$.toAdd").value(1))
                    .andExpect(jsonPath("$.errors[0].code").value("ACCOUNT_UNKNOWN"))
                    .andExpect(jsonPath("$.errors[0].line").value(2));
        }
        upload(ADMIN, utf8Bom(HEADER + rows))
                .andExpect(jsonPath("$.members").value(2))
                .andExpect(jsonPath("$.errorCount").value(0));
    }

    @Test
    void applyingAPreviewWithErrorsIsRefused() throws Exception {
        byte[] file = utf8Bom(HEADER + sellerName + "," + seller + ",不存在的标签\r\n");
        String body = upload(OPS_SALES, file).andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
        mvc.perform(post("/api/v1/imports/" + id + "/apply").with(OPS_SALES))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IMPORT_HAS_ERRORS"));
        mvc.perform(get("/api/v1/imports/" + id).with(OPS_PURCHASE)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/imports/" + id).with(AUDITOR)).andExpect(status().isOk());
    }

    @Test
    void aTagDeletedBetweenPreviewAndApplyRefusesTheApplyAndChangesNothing() throws Exception {
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, t.id, 'MANUAL', 'admin' from member m, tag t where m.account = ? and t.name = '偏好_美妆'""", seller);
        // Applies write in batches of one in the tests (tagdesk.import.apply-batch), and the rows come
        // back by account: 0.first's assignment is written before the deleted tag is met.
        byte[] file = utf8Bom(HEADER
                + sellerName + "," + seller + ",偏好_数码\r\n"
                + "无名,0.first,偏好_数码\r\n"
                + sellerName + "," + seller + ",渠道_线上活动_双十一\r\n");
        demo.update("insert into member (account, name) values ('0.first', '无名')");
        demo.update("""
                insert into member_department (member_id, department_id)
                select m.id, d.id from member m, department d where m.account = '0.first' and d.code = 'SALES-E'""");
        String body = upload(OPS_SALES, file, "mode", "replace")
                .andExpect(jsonPath("$.status").value("PREVIEWED"))
                .andExpect(jsonPath("$.errorCount").value(0))
                .andExpect(jsonPath("$.toAdd").value(3))
                .andExpect(jsonPath("$.toRemove").value(1))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
        demo.update("update tag set deleted_at = now() where name = '渠道_线上活动_双十一'");

        mvc.perform(post("/api/v1/imports/" + id + "/apply").with(OPS_SALES))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IMPORT_HAS_ERRORS"));
        mvc.perform(get("/api/v1/imports/" + id).with(OPS_SALES))
                .andExpect(jsonPath("$.status").value("PREVIEWED"))
                .andExpect(jsonPath("$.applied").value(false))
                .andExpect(jsonPath("$.errorCount").value(1))
                .andExpect(jsonPath("$.errors[0].code").value("TAG_UNKNOWN"))
                .andExpect(jsonPath("$.errors[0].line").value(4))
                .andExpect(jsonPath("$.warnings[*].code").value(hasItem("ACCOUNT_REPEATED")));
        assertThat(jdbc.sql(
                                "select t.name from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id where m.account = ?")
                        .param(seller)
                        .query(String.class)
                        .list())
                .as("the seller keeps what they had")
                .containsExactly("偏好_美妆");
        assertThat(tagsOf("0.first"))
                .as("the assignment written before the deleted tag was met is rolled back")
                .isZero();
        mvc.perform(get("/api/v1/imports/" + id + "/errors.csv").with(OPS_SALES))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .contains("渠道_线上活动_双十一"));
    }

    /**
     * The first row of an account is checked as it is read; when the account comes again, what that
     * row counted is taken back and the account's rows are checked together.
     */
    @Test
    void anAccountListedAgainIsCheckedOnceWithAllItsRows() throws Exception {
        String colleague = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E' and m.account <> ?
                        order by m.account limit 1""").param(seller).query(String.class).single();
        demo.update("delete from member_tag where member_id = (select id from member where account = ?)", colleague);
        byte[] file = utf8Bom(HEADER
                + sellerName + "," + seller + ",渠道_线上活动_双十一,没有这个标签\r\n"
                + name(colleague) + "," + colleague + ",偏好_数码\r\n"
                + sellerName + "," + seller + ",偏好_数码,渠道_线上活动_双十一,生命周期_新客\r\n"
                + sellerName + "," + seller + ",生命周期_老客\r\n");
        upload(OPS_SALES, file)
                .andExpect(jsonPath("$.rows").value(4))
                .andExpect(jsonPath("$.members").value(2))
                .andExpect(jsonPath("$.toAdd").value(5))
                .andExpect(jsonPath("$.errorCount").value(3))
                .andExpect(jsonPath("$.errors[*].code")
                        .value(containsInAnyOrder("TAG_UNKNOWN", "TAG_EXCLUSIVE_CONFLICT", "TAG_EXCLUSIVE_CONFLICT")))
                .andExpect(jsonPath("$.errors[*].line").value(containsInAnyOrder(2, 4, 5)))
                .andExpect(jsonPath("$.warningCount").value(2))
                .andExpect(jsonPath("$.warnings[*].line").value(containsInAnyOrder(4, 5)));

        byte[] fixed = utf8Bom(HEADER
                + sellerName + "," + seller + ",渠道_线上活动_双十一\r\n"
                + name(colleague) + "," + colleague + ",偏好_数码\r\n"
                + sellerName + "," + seller + ",偏好_数码,渠道_线上活动_双十一,生命周期_新客\r\n");
        upload(OPS_SALES, fixed)
                .andExpect(jsonPath("$.members").value(2))
                .andExpect(jsonPath("$.toAdd").value(4))
                .andExpect(jsonPath("$.errorCount").value(0))
                .andExpect(jsonPath("$.warningCount").value(1));
        upload(OPS_SALES, fixed, "dryRun", "false")
                .andExpect(jsonPath("$.applied").value(true))
                .andExpect(jsonPath("$.toAdd").value(4));
        assertThat(tagsOf(seller)).isEqualTo(3);
        assertThat(tagsOf(colleague)).isEqualTo(1);
    }

    @Test
    void replaceModeMakesTheMembersVisibleTagsExactlyTheListedOnes() throws Exception {
        // The seller works for 市场部 too, and carries its tag, which ops.sales does not see.
        demo.update("""
                insert into member_department (member_id, department_id)
                select m.id, d.id from member m, department d where m.account = ? and d.code = 'MKT'""", seller);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, t.id, 'MANUAL', 'admin' from member m, tag t
                where m.account = ? and t.name in ('偏好_数码', '偏好_美妆', 'SALES_华东_门店会员', 'MKT_618大促_意向客户')""", seller);
        byte[] file = utf8Bom(HEADER + sellerName + "," + seller + ",偏好_数码\r\n");
        upload(OPS_SALES, file, "mode", "replace", "dryRun", "false")
                .andExpect(jsonPath("$.toRemove").value(2))
                .andExpect(jsonPath("$.unchanged").value(1));
        assertThat(jdbc.sql(
                                "select t.name from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id where m.account = ? order by t.name")
                        .param(seller)
                        .query(String.class)
                        .list())
                .as("偏好_美妆 and 华东区's SALES_华东_门店会员 removed; 市场部's tag is not visible to ops.sales and stays")
                .containsExactly("MKT_618大促_意向客户", "偏好_数码");
    }

    @Test
    void exclusiveGroupsAllowOneTagAndReplaceTheOldOne() throws Exception {
        upload(OPS_SALES, utf8Bom(HEADER + sellerName + "," + seller + ",生命周期_新客,生命周期_老客\r\n"))
                .andExpect(jsonPath("$.errors[*].code")
                        .value(containsInAnyOrder("TAG_EXCLUSIVE_CONFLICT", "TAG_EXCLUSIVE_CONFLICT")));
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, t.id, 'MANUAL', 'admin' from member m, tag t where m.account = ? and t.name = '生命周期_新客'""", seller);
        upload(OPS_SALES, utf8Bom(HEADER + sellerName + "," + seller + ",生命周期_老客\r\n"), "dryRun", "false")
                .andExpect(jsonPath("$.toRemove").value(1))
                .andExpect(jsonPath("$.applied").value(true));
        assertThat(jdbc.sql(
                                "select t.name from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id where m.account = ?")
                        .param(seller)
                        .query(String.class)
                        .list())
                .containsExactly("生命周期_老客");
    }

    @Test
    void warningsDoNotStopTheImport() throws Exception {
        byte[] file = utf8Bom(HEADER + "别人," + seller + ",渠道_线上活动＿双十一\r\n" + sellerName + "," + seller + ",偏好_数码\r\n");
        upload(OPS_SALES, file, "dryRun", "false")
                .andExpect(jsonPath("$.applied").value(true))
                .andExpect(jsonPath("$.warnings[*].code")
                        .value(containsInAnyOrder("NAME_MISMATCH", "TAG_NORMALISED", "ACCOUNT_REPEATED")));
        assertThat(tagsOf(seller)).isEqualTo(2);
    }

    @Test
    void excelFilesInGbkAndFullWidthCommasAreUnderstood() throws Exception {
        byte[] gbk = (HEADER + sellerName + "," + seller + ",偏好_数码\r\n").getBytes(Charset.forName("GBK"));
        upload(OPS_SALES, gbk)
                .andExpect(jsonPath("$.encoding").value("GB18030"))
                .andExpect(jsonPath("$.toAdd").value(1));
        byte[] fullWidth = utf8Bom("姓名，账号，标签1\r\n" + sellerName + "，" + seller + "，偏好_数码\r\n");
        upload(OPS_SALES, fullWidth)
                .andExpect(jsonPath("$.status").value("REFUSED"))
                .andExpect(jsonPath("$.errors[0].code").value("SEPARATOR_FULLWIDTH"));
        upload(OPS_SALES, fullWidth, "fullWidthSeparator", "true")
                .andExpect(jsonPath("$.toAdd").value(1));
    }

    @Test
    void anInterruptedApplyLeavesNoPartialState() throws Exception {
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, t.id, 'MANUAL', 'admin' from member m, tag t where m.account = ? and t.name = '偏好_美妆'""", seller);
        demo.update("""
                create function refuse_import() returns trigger language plpgsql as $$
                begin raise exception 'injected failure'; end $$""");
        demo.update(
                "create trigger refuse_import before insert on member_tag for each row when (new.source = 'IMPORT') execute function refuse_import()");
        try {
            upload(
                            OPS_SALES,
                            utf8Bom(HEADER + sellerName + "," + seller + ",偏好_数码\r\n"),
                            "mode",
                            "replace",
                            "dryRun",
                            "false")
                    .andExpect(status().isInternalServerError())
                    .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"));
        } finally {
            demo.update("drop trigger refuse_import on member_tag");
            demo.update("drop function refuse_import()");
        }
        assertThat(jdbc.sql(
                                "select t.name from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id where m.account = ?")
                        .param(seller)
                        .query(String.class)
                        .list())
                .as("the replace's removal was rolled back with the failed insert")
                .containsExactly("偏好_美妆");
    }

    @Test
    void theErrorReportGivesBackTheRowsWithWhatIsWrong() throws Exception {
        byte[] file = utf8Bom(HEADER
                + sellerName + "," + seller + ",偏好_数码,=不存在的标签\r\n"
                + "某人,no.such.member,偏好_数码\r\n"
                + sellerName + "," + seller + ",偏好_美妆\r\n"
                + "没有账号的人,,偏好_数码\r\n");
        String body = upload(OPS_SALES, file).andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
        byte[] report = mvc.perform(get("/api/v1/imports/" + id + "/errors.csv").with(OPS_SALES))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(report).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(report, 3, report.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).isEqualTo("姓名,账号,标签1,标签2,标签3,错误");
        assertThat(lines[1])
                .startsWith(sellerName + "," + seller + ",偏好_数码,'=不存在的标签,,")
                .contains("第 2 行第 4 列：标签“=不存在的标签”不存在或您不可见。");
        assertThat(lines[2]).startsWith("某人,no.such.member,偏好_数码,,,").contains("账号“no.such.member”不存在");
        assertThat(lines[3]).startsWith(sellerName + "," + seller + ",偏好_美妆,,,").contains("已出现");
        assertThat(lines[4]).startsWith("没有账号的人,,偏好_数码,,,").contains("第 5 行没有账号");
        assertThat(lines).hasSize(5);
        mvc.perform(get("/api/v1/imports/" + id + "/errors.csv").with(OPS_PURCHASE))
                .andExpect(status().isNotFound());
    }

    /** A file whose one row is on line 1234 and has a cell in column 1234: blank lines before it. */
    static byte[] problemsOnLineAndColumn1234() {
        return utf8Bom(HEADER + "\r\n".repeat(1_232) + "某人,no.such.member,偏好_数码" + ",".repeat(1_231) + "多出来的\r\n");
    }

    @Test
    void lineAndColumnNumbersReadWithoutAThousandsSeparatorInBothLanguages() throws Exception {
        byte[] file = problemsOnLineAndColumn1234();
        String chinese = upload(ADMIN, file)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.errors[0].line").value(1_234))
                .andExpect(jsonPath("$.errors[*].message").value(hasItem(containsString("第 1234 行第 1234 列超出了表头的列数"))))
                .andExpect(jsonPath("$.errors[*].message").value(hasItem(startsWith("第 1234 行：账号“no.such.member”不存在"))))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(chinese).doesNotContain("1,234");
        long id = Long.parseLong(chinese.replaceAll(".*\"id\":(\\d+).*", "$1"));
        String report = new String(
                mvc.perform(get("/api/v1/imports/" + id + "/errors.csv").with(ADMIN))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsByteArray(),
                StandardCharsets.UTF_8);
        assertThat(report).contains("第 1234 行第 1234 列超出了表头的列数").contains("第 1234 行：账号“no.such.member”不存在");
        assertThat(report).doesNotContain("1,234");

        String english = upload(ADMIN, file, "lang", "en")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.errors[*].message")
                        .value(hasItem(startsWith("Line 1234, column 1234 is beyond the columns of the header"))))
                .andExpect(jsonPath("$.errors[*].message")
                        .value(hasItem(startsWith("Line 1234: the account \"no.such.member\" does not exist"))))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).doesNotContain("1,234");
        long englishId = Long.parseLong(english.replaceAll(".*\"id\":(\\d+).*", "$1"));
        String englishReport = new String(
                mvc.perform(get("/api/v1/imports/" + englishId + "/errors.csv")
                                .param("lang", "en")
                                .with(ADMIN))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsByteArray(),
                StandardCharsets.UTF_8);
        assertThat(englishReport)
                .contains("Line 1234, column 1234 is beyond the columns of the header")
                .contains("Line 1234: the account \"\"no.such.member\"\" does not exist")
                .doesNotContain("1,234");
    }

    @Test
    void theErrorReportOfAFileWithTheEnglishHeaderRepeatsTheEnglishHeader() throws Exception {
        byte[] file = utf8Bom("name,account,tag1,tag2\r\n某人,no.such.member,偏好_数码\r\n");
        String body = upload(OPS_SALES, file).andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
        String report = mvc.perform(get("/api/v1/imports/" + id + "/errors.csv").with(OPS_SALES))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(report).startsWith("\uFEFFname,account,tag1,tag2,错误\r\n某人,no.such.member,偏好_数码,,");
    }

    @Test
    void aFileInTheExportShapeOfTheCurrentTagsReimportsToNoChange() throws Exception {
        // The shape written independently of the member-tag export (ExportTests round-trips the real
        // export): every member of 销售部's subtree with the tags ops.sales can see (company-wide ones,
        // and those visible to a department of 销售部's subtree), one row each.
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        for (var row : jdbc.sql("""
                        select m.name, m.account, array_to_string(array_agg(t.name order by t.name), '|') as tags
                        from member m
                        join member_department md on md.member_id = m.id join department d on d.id = md.department_id
                        join member_tag mt on mt.member_id = m.id join tag t on t.id = mt.tag_id
                        where d.path like (select path from department where code = 'SALES') || '%'
                          and (t.whole_company or exists (select 1 from tag_visibility v join department vd on vd.id = v.department_id
                               where v.tag_id = t.id and vd.path like (select path from department where code = 'SALES') || '%'))
                        group by m.name, m.account order by m.account""").query().listOfRows()) {
            java.util.List<String> cells =
                    new java.util.ArrayList<>(java.util.List.of((String) row.get("name"), (String) row.get("account")));
            cells.addAll(java.util.List.of(((String) row.get("tags")).split("\\|")));
            rows.add(cells);
        }
        int tagColumns = rows.stream().mapToInt(r -> r.size() - 2).max().orElse(1);
        java.util.List<String> header = new java.util.ArrayList<>(java.util.List.of("姓名", "账号"));
        for (int i = 1; i <= tagColumns; i++) {
            header.add("标签" + i);
        }
        java.io.ByteArrayOutputStream export = new java.io.ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(export)) {
            csv.row(header);
            for (var cells : rows) {
                csv.row(cells);
            }
        }
        long before = demo.count("select count(*) from member_tag");
        upload(OPS_SALES, export.toByteArray(), "mode", "replace", "dryRun", "false")
                .andExpect(jsonPath("$.errorCount").value(0))
                .andExpect(jsonPath("$.toAdd").value(0))
                .andExpect(jsonPath("$.toRemove").value(0))
                .andExpect(jsonPath("$.applied").value(true));
        assertThat(demo.count("select count(*) from member_tag")).isEqualTo(before);
    }

    @Test
    void aTagNotMeantForTheMembersDepartmentIsRefused() throws Exception {
        String south = demo.memberOf("SALES-S");
        upload(ADMIN, utf8Bom(HEADER + name(south) + "," + south + ",SALES_华东_门店会员,SALES_华南_经销商\r\n"))
                .andExpect(jsonPath("$.errorCount").value(1))
                .andExpect(jsonPath("$.errors[0].code").value("TAG_NOT_AVAILABLE"))
                .andExpect(jsonPath("$.errors[0].column").value(3));
    }

    @Test
    void onlyAdminsAndOpsImport() throws Exception {
        upload(AUDITOR, utf8Bom(HEADER)).andExpect(status().isForbidden());
        upload(ADMIN, utf8Bom(HEADER), "mode", "sideways")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("IMPORT_MODE_INVALID"));
        upload(ADMIN, new byte[] {'P', 'K', 3, 4})
                .andExpect(jsonPath("$.errors[*].code").value(hasItem("FILE_NOT_TEXT")));
    }
}
