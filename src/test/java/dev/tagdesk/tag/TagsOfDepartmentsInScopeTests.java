package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * An OPS user sees, and may use on the members of their scope, every tag visible to a department
 * inside their scope, not only the tags of their home department: ops.sales (销售部 with 华东区 and
 * 华南区) creates a tag for 华东区 only, finds it everywhere and uses it on 华东区's members, never on
 * 华南区's; for ops.purchase it stays as missing as a tag that does not exist.
 */
@WebTest
class TagsOfDepartmentsInScopeTests {

    static final String NAME = "SALES_华东_沙龙会员";

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    long east;
    long sourceGroup;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        east = demo.departmentId("SALES-E");
        sourceGroup = demo.count("select id from tag_group where name = '客户来源'");
    }

    long tag(String name) {
        return demo.count("select id from tag where name = ?", name);
    }

    @Test
    void opsCreateATagForADepartmentOfTheirScopeOnThePageAndLandOnIt() throws Exception {
        MvcResult created = mvc.perform(post("/tags")
                        .with(demo.as("ops.sales"))
                        .with(csrf())
                        .param("name", NAME)
                        .param("groupId", String.valueOf(sourceGroup))
                        .param("color", "#264653")
                        .param("visibleDepartments", String.valueOf(east)))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/tags/*"))
                .andReturn();
        long id = tag(NAME);
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/tags/" + id);

        mvc.perform(get("/tags/" + id).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(NAME)))
                .andExpect(content().string(containsString("id=\"save-tag\"")));
        mvc.perform(get("/tags").param("size", "200").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString(NAME)));
        mvc.perform(get("/tags/tree").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString(">沙龙会员<")));
    }

    @Test
    void opsCreateATagForADepartmentOfTheirScopeThroughTheApiAndFindItInTheListAndExports() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/tags")
                        .with(demo.as("ops.sales"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","groupId":%d,"color":"#264653",
                                 "visibility":[{"departmentId":%d,"includeSubDepartments":false}]}""".formatted(NAME, sourceGroup, east)))
                .andExpect(status().isCreated())
                .andReturn();
        long id = tag(NAME);
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/tags/" + id);

        mvc.perform(get("/api/v1/tags/" + id).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(NAME));
        mvc.perform(get("/api/v1/tags").param("size", "200").with(demo.as("ops.sales")))
                .andExpect(jsonPath("$.items[*].name").value(hasItem(NAME)));
        assertThat(body(get("/exports/tags.csv"), "ops.sales")).contains("客户来源," + NAME + ",#264653,华东区,否,0,");
        assertThat(body(get("/api/v1/exports/tags.csv"), "ops.sales")).contains(NAME);
        assertThat(body(get("/exports/tags.csv").param("ids", String.valueOf(id)), "ops.sales"))
                .contains(NAME);
    }

    @Test
    void theTagIsUsedOnTheMembersOfItsDepartmentAndRefusedForTheOthers() throws Exception {
        long id = createdByOpsSales();
        String eastMember = demo.memberOf("SALES-E");
        String southMember = demo.memberOf("SALES-S");

        mvc.perform(put("/api/v1/members/" + eastMember + "/tags/" + id).with(demo.as("ops.sales")))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/members/" + southMember + "/tags/" + id).with(demo.as("ops.sales")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("TAG_NOT_AVAILABLE"));
        mvc.perform(get("/members/" + eastMember).with(demo.as("ops.sales")))
                .andExpect(content().string(containsString(NAME)));
        mvc.perform(get("/members/" + southMember).with(demo.as("ops.sales")))
                .andExpect(content().string(not(containsString(NAME))));
        assertThat(demo.count("select count(*) from member_tag where tag_id = ?", id))
                .isOne();

        // The member-tag export holds it, and an import uses it under the same rule.
        assertThat(body(get("/exports/member-tags.csv").param("tagIds", String.valueOf(id)), "ops.sales"))
                .contains(eastMember)
                .contains(NAME);
        String file = "\uFEFF姓名,账号,标签1\r\n%s,%s,%s\r\n%s,%s,%s\r\n"
                .formatted(name(eastMember), eastMember, NAME, name(southMember), southMember, NAME);
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile(
                                "file", "华东.csv", "text/csv", file.getBytes(StandardCharsets.UTF_8)))
                        .with(demo.as("ops.sales")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.errorCount").value(1))
                .andExpect(jsonPath("$.errors[0].code").value("TAG_NOT_AVAILABLE"))
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.unchanged").value(1));
    }

    @Test
    void theDemosRegionalTagsAreSeenAndUsedByTheOpsOfTheirParentDepartment() throws Exception {
        mvc.perform(get("/api/v1/tags").param("size", "200").with(demo.as("ops.sales")))
                .andExpect(jsonPath("$.items[*].name").value(hasItem("SALES_华东_门店会员")))
                .andExpect(jsonPath("$.items[*].name").value(hasItem("SALES_华南_经销商")));
        mvc.perform(get("/tags/" + tag("SALES_华南_经销商")).with(demo.as("ops.sales")))
                .andExpect(status().isOk());
        String southMember = demo.memberOf("SALES-S");
        demo.update("delete from member_tag where member_id = (select id from member where account = ?)", southMember);
        mvc.perform(put("/api/v1/members/" + southMember + "/tags/" + tag("SALES_华南_经销商"))
                        .with(demo.as("ops.sales")))
                .andExpect(status().isCreated());
        mvc.perform(put("/api/v1/members/" + southMember + "/tags/" + tag("SALES_华东_门店会员"))
                        .with(demo.as("ops.sales")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("TAG_NOT_AVAILABLE"));
        mvc.perform(get("/api/v1/tags/" + tag("SALES_华东_门店会员")).with(demo.as("ops.purchase")))
                .andExpect(status().isNotFound());
    }

    @Test
    void opsOfAnotherDepartmentGetTheSameAnswerAsForATagThatDoesNotExist() throws Exception {
        long id = createdByOpsSales();
        long missing = 987654321L;
        for (String path : new String[] {"/tags/%d", "/api/v1/tags/%d"}) {
            MvcResult foreign = mvc.perform(get(path.formatted(id)).with(demo.as("ops.purchase")))
                    .andExpect(status().isNotFound())
                    .andReturn();
            MvcResult absent = mvc.perform(get(path.formatted(missing)).with(demo.as("ops.purchase")))
                    .andExpect(status().isNotFound())
                    .andReturn();
            assertThat(withoutIds(foreign, id, missing)).isEqualTo(withoutIds(absent, id, missing));
        }
        assertThat(body(get("/api/v1/tags").param("size", "200"), "ops.purchase"))
                .doesNotContain(NAME);
        assertThat(body(get("/exports/tags.csv"), "ops.purchase")).doesNotContain(NAME);
    }

    @Test
    void opsChangeAndDeleteOnlyTagsSeenNowhereOutsideTheirScope() throws Exception {
        long own = createdByOpsSales();
        long shared = tag("MKT_公众号_粉丝"); // 市场部, and 销售部 with its regions
        long purchasing = demo.departmentId("PUR");
        mvc.perform(post("/api/v1/tags")
                        .with(demo.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"SALES_华东_采购联动","groupId":%d,"color":"#1B4965",
                                 "visibility":[{"departmentId":%d,"includeSubDepartments":false},
                                               {"departmentId":%d,"includeSubDepartments":false}]}""".formatted(sourceGroup, east, purchasing)))
                .andExpect(status().isCreated());
        long alsoPurchasing = tag("SALES_华东_采购联动");

        mvc.perform(get("/tags/" + alsoPurchasing).with(demo.as("ops.sales")))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"save-tag\""))))
                .andExpect(content().string(not(containsString("id=\"delete-tag\""))));
        mvc.perform(get("/tags/" + alsoPurchasing).with(demo.as("ops.purchase")))
                .andExpect(status().isOk());
        for (long id : new long[] {alsoPurchasing, shared, tag("渠道_线下门店")}) {
            mvc.perform(put("/api/v1/tags/" + id)
                            .with(demo.as("ops.sales"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("""
                                    {"name":"SALES_华东_改名","groupId":%d,"color":"#264653","version":0,
                                     "visibility":[{"departmentId":%d,"includeSubDepartments":false}]}""".formatted(sourceGroup, east)))
                    .andExpect(status().isForbidden());
            mvc.perform(delete("/api/v1/tags").param("ids", String.valueOf(id)).with(demo.as("ops.sales")))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("TAG_DELETE_NOT_ALLOWED"));
        }
        assertThat(demo.count("select count(*) from tag where name = 'SALES_华东_改名' or deleted_at is not null"))
                .isZero();

        // Their own: deleted, found in the recycle bin, restored.
        mvc.perform(delete("/api/v1/tags").param("ids", String.valueOf(own)).with(demo.as("ops.sales")))
                .andExpect(status().isOk());
        mvc.perform(get("/recycle-bin").with(demo.as("ops.sales")))
                .andExpect(content().string(containsString(NAME)));
        mvc.perform(get("/recycle-bin").with(demo.as("ops.purchase")))
                .andExpect(content().string(not(containsString(NAME))));
        mvc.perform(post("/api/v1/tags/" + own + "/restore").with(demo.as("ops.purchase")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/tags/" + own + "/restore").with(demo.as("ops.sales")))
                .andExpect(status().isOk());
        assertThat(demo.count("select count(*) from tag where id = ? and deleted_at is null", own))
                .isOne();
    }

    @Test
    void theColourRuleComparesWithTheTagsOfTheRegionsToo() throws Exception {
        // SALES_华东_门店会员 is visible to 华东区 only; a colour one step from its own is refused, naming it.
        String east = jdbc.sql("select color from tag where name = 'SALES_华东_门店会员'")
                .query(String.class)
                .single();
        int rgb = Integer.parseInt(east.substring(1), 16);
        String close = "#%06X".formatted((rgb & 0xFFFF00) | Math.min(255, (rgb & 0xFF) + 1));
        mvc.perform(post("/api/v1/tags")
                        .with(demo.as("ops.sales"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"SALES_华南_门店会员","groupId":%d,"color":"%s",
                                 "visibility":[{"departmentId":%d,"includeSubDepartments":false}]}""".formatted(sourceGroup, close, demo.departmentId("SALES-S"))))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("SALES_华东_门店会员")));
    }

    private long createdByOpsSales() throws Exception {
        mvc.perform(post("/api/v1/tags")
                        .with(demo.as("ops.sales"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"%s","groupId":%d,"color":"#264653",
                                 "visibility":[{"departmentId":%d,"includeSubDepartments":false}]}""".formatted(NAME, sourceGroup, east)))
                .andExpect(status().isCreated());
        return tag(NAME);
    }

    private String body(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user)
            throws Exception {
        return mvc.perform(request.with(demo.as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private String name(String account) {
        return jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();
    }

    private static String withoutIds(MvcResult result, long id, long missing) throws Exception {
        return result.getResponse()
                .getContentAsString(StandardCharsets.UTF_8)
                .replace(String.valueOf(missing), "{id}")
                .replace(String.valueOf(id), "{id}")
                .replaceAll("(<meta name=\"_csrf\" content=\")[^\"]*", "$1")
                .replaceAll("(name=\"_csrf\"[^>]*value=\")[^\"]*", "$1")
                .replaceAll("(value=\")[^\"]*(\"[^>]*name=\"_csrf\")", "$1$2");
    }
}
