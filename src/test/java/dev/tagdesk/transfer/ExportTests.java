package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class ExportTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final RequestPostProcessor OPS_SALES = httpBasic("ops.sales", "tagdesk-demo");
    static final RequestPostProcessor OPS_PURCHASE = httpBasic("ops.purchase", "tagdesk-demo");
    static final RequestPostProcessor AUDITOR = httpBasic("auditor", "tagdesk-demo");

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

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

    byte[] download(String url, RequestPostProcessor user) throws Exception {
        return mvc.perform(get(url).with(user))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
    }

    /** The file's text after its BOM, which every export must start with. */
    static String text(byte[] csv) {
        assertThat(Arrays.copyOf(csv, 3)).isEqualTo(BOM);
        return new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
    }

    static List<String> lines(byte[] csv) {
        String text = text(csv);
        assertThat(text).endsWith("\r\n");
        return List.of(text.split("\r\n"));
    }

    @Test
    void theTagListIsUtf8WithBomCrlfAndTheAuditorsColumnsAndANamedDatedFile() throws Exception {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        mvc.perform(get("/api/v1/exports/tags.csv").with(AUDITOR))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Disposition",
                                "attachment; filename=\"tags_" + today + ".csv\"; filename*=UTF-8''"
                                        + "%E6%A0%87%E7%AD%BE%E6%B8%85%E5%8D%95_" + today + ".csv"));
        List<String> lines = lines(download("/api/v1/exports/tags.csv", AUDITOR));
        assertThat(lines.get(0)).isEqualTo("标签组,标签名,颜色,可见部门,包含子部门,关联成员数,创建人,创建时间,更新时间");
        assertThat(lines).hasSize(1 + 33);
        String mkt = lines.stream()
                .filter(l -> l.contains(",MKT_公众号_粉丝,"))
                .findFirst()
                .orElseThrow();
        long members = demo.count(
                "select count(*) from member_tag where tag_id = (select id from tag where name = 'MKT_公众号_粉丝')");
        assertThat(mkt).startsWith("客户来源,MKT_公众号_粉丝,#4895EF,销售部、市场部,是、否," + members + ",");
        assertThat(mkt)
                .matches(".*,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$");
        assertThat(lines).anyMatch(l -> l.startsWith("客户来源,渠道_线上活动_双十一,#1E6FD9,全公司,是,"));
    }

    @Test
    void theTagListFollowsTheListsFiltersOrASelection() throws Exception {
        long lifecycle = demo.count("select id from tag_group where name = '生命周期'");
        List<String> lines = lines(download("/exports/tags.csv?groupId=" + lifecycle, demo.as("admin")));
        assertThat(lines.subList(1, lines.size())).hasSize(4).allMatch(l -> l.startsWith("生命周期,生命周期_"));

        List<String> searched = lines(download("/exports/tags.csv?q=ＳＡＬＥＳ_华东", demo.as("admin")));
        assertThat(searched.subList(1, searched.size()))
                .extracting(l -> l.split(",")[1])
                .containsExactly("SALES_华东_重点客户", "SALES_华东_门店会员");

        long vip = demo.count("select id from tag where name = '高价值_VIP_重点跟进'");
        long pur = demo.count("select id from tag where name = 'PUR_供应商_一级'");
        List<String> selected = lines(download("/exports/tags.csv?ids=" + vip, demo.as("ops.sales")));
        assertThat(selected).hasSize(2);
        assertThat(selected.get(1)).startsWith("高价值客户提醒,高价值_VIP_重点跟进,");
        // ops.sales cannot see PUR_供应商_一级: a selection naming it is a 404, exactly like a missing id.
        mvc.perform(get("/exports/tags.csv?ids=" + vip + "&ids=" + pur).with(demo.as("ops.sales")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/exports/tags.csv?ids=" + vip + "&ids=987654321").with(demo.as("ops.sales")))
                .andExpect(status().isNotFound());
    }

    @Test
    void opsExportsOnlyTheirScopeAndCountsOnlyTheirMembers() throws Exception {
        String tags = text(download("/api/v1/exports/tags.csv", OPS_SALES));
        assertThat(tags).doesNotContain("PUR_").doesNotContain("FIN_").doesNotContain("CS_");
        String vip =
                tags.lines().filter(l -> l.contains(",渠道_线下门店,")).findFirst().orElseThrow();
        long inScope = demo.count("""
                select count(distinct mt.member_id) from member_tag mt
                join member_department md on md.member_id = mt.member_id join department d on d.id = md.department_id
                where mt.tag_id = (select id from tag where name = '渠道_线下门店')
                  and d.path like (select path from department where code = 'SALES') || '%'""");
        long all = demo.count(
                "select count(*) from member_tag where tag_id = (select id from tag where name = '渠道_线下门店')");
        assertThat(inScope).isLessThan(all);
        assertThat(vip.split(",")[5]).isEqualTo(Long.toString(inScope));

        String purchaser = demo.memberOf("PUR");
        String members = text(download("/api/v1/exports/member-tags.csv", OPS_SALES));
        assertThat(members).doesNotContain(purchaser).doesNotContain("PUR_");
        assertThat(members).contains(demo.memberOf("SALES-E"));

        long purchase = demo.departmentId("PUR");
        mvc.perform(get("/api/v1/exports/member-tags.csv?departmentId=" + purchase)
                        .with(OPS_SALES))
                .andExpect(status().isNotFound())
                .andExpect(header().doesNotExist("Content-Disposition"))
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
        mvc.perform(get("/exports/tags.csv?departmentId=" + purchase).with(demo.as("ops.sales")))
                .andExpect(status().isNotFound())
                .andExpect(header().doesNotExist("Content-Disposition"));
    }

    @Test
    void memberTagsComeInTheImportShapeAndCellsAreQuotedAndDefused() throws Exception {
        String seller = demo.memberOf("SALES-E");
        demo.update("update member set name = ? where account = ?", "=HYPERLINK(\"x\"),张\n三", seller);
        long east = demo.departmentId("SALES-E");
        byte[] csv = download("/exports/member-tags.csv?departmentId=" + east, demo.as("ops.sales"));
        String text = text(csv);
        String header = text.substring(0, text.indexOf("\r\n"));
        long widest = demo.count("""
                select coalesce(max(n), 1) from (select count(*) as n from member_tag mt
                join member_department md on md.member_id = mt.member_id join department d on d.id = md.department_id
                join tag t on t.id = mt.tag_id
                where d.code = 'SALES-E' and (t.whole_company or exists (select 1 from tag_visibility v
                      join department vd on vd.id = v.department_id where v.tag_id = t.id
                      and (vd.code = 'SALES' or (v.include_sub_departments and vd.code = 'HQ'))))
                group by mt.member_id) c""");
        assertThat(header.split(",")).hasSize((int) (2 + widest));
        assertThat(header).startsWith("姓名,账号,标签1");
        assertThat(text).contains("\"'=HYPERLINK(\"\"x\"\"),张\n三\"," + seller);
        long members = demo.count("""
                select count(distinct md.member_id) from member_department md join department d on d.id = md.department_id
                where d.code = 'SALES-E'""");
        // One row per member (the quoted name holds one line break of its own).
        assertThat(text.split("\r\n")).hasSize((int) (1 + members));
    }

    @Test
    void anExportReimportsToNoChangeForAdminsAndOps() throws Exception {
        for (RequestPostProcessor user : List.of(ADMIN, OPS_SALES, OPS_PURCHASE)) {
            byte[] csv = download("/api/v1/exports/member-tags.csv", user);
            long before = demo.count("select count(*) from member_tag");
            mvc.perform(multipart("/api/v1/imports")
                            .file(new MockMultipartFile("file", "成员标签.csv", "text/csv", csv))
                            .param("mode", "replace")
                            .param("dryRun", "false")
                            .with(user))
                    .andExpect(jsonPath("$.errorCount").value(0))
                    .andExpect(jsonPath("$.toAdd").value(0))
                    .andExpect(jsonPath("$.toRemove").value(0))
                    .andExpect(jsonPath("$.applied").value(true));
            assertThat(demo.count("select count(*) from member_tag")).isEqualTo(before);
        }
    }

    @Test
    void theTagsOfADeletionCanBeExportedWithTheirMembersFirst() throws Exception {
        long tag = demo.count("select id from tag where name = 'SALES_大客户'");
        long carriers = demo.count("select count(*) from member_tag where tag_id = ?", tag);
        assertThat(carriers).isPositive();
        List<String> lines = lines(download("/exports/member-tags.csv?tagIds=" + tag, demo.as("ops.sales")));
        assertThat(lines.get(0)).isEqualTo("姓名,账号,标签1");
        assertThat(lines.subList(1, lines.size())).hasSize((int) carriers).allMatch(l -> l.endsWith(",SALES_大客户"));
    }

    @Test
    void everyExportIsAudited() throws Exception {
        download("/exports/tags.csv?q=渠道", demo.as("auditor"));
        download("/api/v1/exports/member-tags.csv", OPS_SALES);
        assertThat(demo.count("""
                select count(*) from audit_event where action = 'EXPORT_TAG_LIST' and actor = 'auditor'
                and before_state ->> 'q' = '渠道' and (after_state ->> 'tags')::int = 6""")).isEqualTo(1);
        assertThat(demo.count("""
                select count(*) from audit_event where action = 'EXPORT_MEMBER_TAGS' and actor = 'ops.sales'
                and (after_state ->> 'members')::int > 0""")).isEqualTo(1);
    }

    @Test
    void anonymousUsersExportNothing() throws Exception {
        mvc.perform(get("/api/v1/exports/tags.csv")).andExpect(status().isUnauthorized());
        mvc.perform(get("/exports/member-tags.csv")).andExpect(status().is3xxRedirection());
    }
}
