package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * IDOR (ASVS 8.2.2): OPS of 销售部 asks, on every route that takes an id, for something that belongs
 * to 采购部 only — a tag, a member, a department, an import, a rule, a tag in the recycle bin, an
 * export filter — and for an id that exists nowhere. Both answers are 404, and they are the same page
 * or the same problem, byte for byte once the id itself is taken out. Lists, searches and exports
 * never show what belongs to 采购部 only.
 */
@WebTest
class OutOfScopeIdsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    String purTag;
    String purMember;
    String purDepartment;
    String purImport;
    String purRule;
    String purRecycled;
    String salesTag;
    String salesMember;

    @BeforeEach
    void purchasingOwnsSomethingOfEveryKind() throws Exception {
        reset.toDemoData();
        purTag = id("select id from tag where name = 'PUR_供应商_一级'");
        purRecycled = id("select id from tag where name = 'PUR_采购偏好_进口'");
        salesTag = id("select id from tag where name = 'SALES_大客户'");
        purDepartment = String.valueOf(demo.departmentId("PUR"));
        purMember = demo.memberOf("PUR");
        salesMember = demo.memberOf("SALES");

        mvc.perform(delete("/api/v1/tags")
                        .param("ids", purRecycled)
                        .param("detach", "true")
                        .with(demo.as("admin")))
                .andExpect(status().is2xxSuccessful());
        String file = "\uFEFF姓名,账号,标签1\n采购,%s,PUR_供应商_一级\n".formatted(purMember);
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile(
                                "file", "采购.csv", "text/csv", file.getBytes(StandardCharsets.UTF_8)))
                        .with(demo.as("ops.purchase")))
                .andExpect(status().is2xxSuccessful());
        purImport = id("select max(id) from import_job");
        mvc.perform(post("/api/v1/rules")
                        .with(demo.as("admin"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name":"采购沉默供应商","enabled":false,"condition":{"all":[{"inactiveDays":30}]},
                                 "action":{"add":[%s]},
                                 "departments":[{"departmentId":%s,"includeSubDepartments":false}]}""".formatted(purTag, purDepartment)))
                .andExpect(status().isCreated());
        purRule = id("select max(id) from tag_rule");
    }

    @Test
    void everyRouteThatTakesAnIdAnswersAnOutOfScopeIdExactlyLikeAMissingOne() throws Exception {
        Map<String, Function<String, MockHttpServletRequestBuilder>> tagRoutes = tagRoutes(salesMember);

        Map<String, Function<String, MockHttpServletRequestBuilder>> recycledRoutes = new LinkedHashMap<>();
        recycledRoutes.put(
                "restore (page)", id -> post("/recycle-bin/{id}/restore", id).with(csrf()));
        recycledRoutes.put("restore (API)", id -> post("/api/v1/tags/{id}/restore", id));

        Map<String, Function<String, MockHttpServletRequestBuilder>> memberRoutes = new LinkedHashMap<>();
        memberRoutes.put("member page", a -> get("/members/{a}", a));
        memberRoutes.put(
                "tag a member (page)",
                a -> post("/members/{a}/tags", a).param("tagId", salesTag).with(csrf()));
        memberRoutes.put("untag a member (page)", a -> post("/members/{a}/tags/{t}/remove", a, salesTag)
                .with(csrf()));
        memberRoutes.put("member (API)", a -> get("/api/v1/members/{a}", a));
        memberRoutes.put("tag a member (API)", a -> put("/api/v1/members/{a}/tags/{t}", a, salesTag));
        memberRoutes.put("untag a member (API)", a -> delete("/api/v1/members/{a}/tags/{t}", a, salesTag));
        memberRoutes.put("member's events page", a -> get("/members/{a}/events", a));
        memberRoutes.put("member's events (API)", a -> get("/api/v1/members/{a}/events", a));

        Map<String, Function<String, MockHttpServletRequestBuilder>> departmentRoutes = new LinkedHashMap<>();
        departmentRoutes.put("department page", id -> get("/departments/{id}", id));
        departmentRoutes.put("members of a department", id -> get("/members").param("departmentId", id));
        departmentRoutes.put(
                "members of a department (API)", id -> get("/api/v1/members").param("departmentId", id));
        departmentRoutes.put("tags visible to a department", id -> get("/tags").param("departmentId", id));
        departmentRoutes.put(
                "tags visible to a department (API)", id -> get("/api/v1/tags").param("departmentId", id));
        departmentRoutes.put("tag list export of a department", id -> get("/exports/tags.csv")
                .param("departmentId", id));
        departmentRoutes.put("member tags of a department (export)", id -> get("/exports/member-tags.csv")
                .param("departmentId", id));
        departmentRoutes.put("member tags of a department (API export)", id -> get("/api/v1/exports/member-tags.csv")
                .param("departmentId", id));
        departmentRoutes.put("sub-departments in a department picker", id -> get("/department-picker/{id}", id)
                .param("name", "visibleDepartments")
                .param("sub", "includeSub")
                .param("prefix", "visible"));

        Map<String, Function<String, MockHttpServletRequestBuilder>> importRoutes = new LinkedHashMap<>();
        importRoutes.put("import page", id -> get("/imports/{id}", id));
        importRoutes.put("import progress", id -> get("/imports/{id}/progress", id));
        importRoutes.put("import error report", id -> get("/imports/{id}/errors.csv", id));
        importRoutes.put("import apply", id -> post("/imports/{id}/apply", id).with(csrf()));
        importRoutes.put("import read again with ， as separator", id -> post("/imports/{id}/full-width-separator", id)
                .with(csrf()));
        importRoutes.put("import (API)", id -> get("/api/v1/imports/{id}", id));
        importRoutes.put("import error report (API)", id -> get("/api/v1/imports/{id}/errors.csv", id));
        importRoutes.put("import apply (API)", id -> post("/api/v1/imports/{id}/apply", id));
        importRoutes.put("import changes (API)", id -> get("/api/v1/imports/{id}/changes", id));
        importRoutes.put("import apply, only the rows without errors", id -> post("/imports/{id}/apply", id)
                .param("onlyCleanRows", "true")
                .with(csrf()));
        importRoutes.put(
                "import apply, only the rows without errors (API)",
                id -> post("/api/v1/imports/{id}/apply", id).param("onlyCleanRows", "true"));

        Map<String, Function<String, MockHttpServletRequestBuilder>> ruleRoutes = new LinkedHashMap<>();
        ruleRoutes.put("rule page", id -> get("/rules/{id}", id));
        ruleRoutes.put("rule (API)", id -> get("/api/v1/rules/{id}", id));

        List<String> differences = new ArrayList<>();
        compare("tag", tagRoutes, purTag, Routes.MISSING_ID, differences);
        compare("recycled tag", recycledRoutes, purRecycled, Routes.MISSING_ID, differences);
        compare("member", memberRoutes, purMember, Routes.MISSING_ACCOUNT, differences);
        compare("department", departmentRoutes, purDepartment, Routes.MISSING_ID, differences);
        compare("import", importRoutes, purImport, Routes.MISSING_ID, differences);
        compare("rule", ruleRoutes, purRule, Routes.MISSING_ID, differences);
        assertThat(differences)
                .as("routes where an out-of-scope id is told apart from a missing one")
                .isEmpty();

        assertThat(demo.count("select count(*) from tag where name = 'SALES_改名'"))
                .isZero();
        assertThat(demo.count("select count(*) from tag where id = ? and deleted_at is null", Long.valueOf(purTag)))
                .isOne();
        assertThat(demo.count(
                        "select count(*) from tag where id = ? and deleted_at is not null", Long.valueOf(purRecycled)))
                .isOne();
        assertThat(demo.count(
                        "select count(*) from import_job where id = ? and status = 'APPLIED'", Long.valueOf(purImport)))
                .isZero();
    }

    /**
     * The other way round, for a tag of a department inside 销售部's scope but not its home: ops.sales
     * sees 华东区's tags now, ops.purchase still meets them as missing on every route.
     */
    @Test
    void aTagOfADepartmentInsideAnotherOpsScopeIsAsMissingAsAMissingOne() throws Exception {
        String eastTag = id("select id from tag where name = 'SALES_华东_门店会员'");
        mvc.perform(get("/tags/{id}", eastTag).with(demo.as("ops.sales"))).andExpect(status().isOk());
        List<String> differences = new ArrayList<>();
        compare("ops.purchase", "华东区 tag", tagRoutes(purMember), eastTag, Routes.MISSING_ID, differences);
        assertThat(differences)
                .as("routes where 华东区's tag is told apart from a missing one for ops.purchase")
                .isEmpty();
        assertThat(demo.count("select count(*) from tag where id = ? and deleted_at is null", Long.valueOf(eastTag)))
                .isOne();
    }

    @Test
    void listsSearchesAndExportsNeverShowWhatBelongsToAnotherDepartmentOnly() throws Exception {
        List<MockHttpServletRequestBuilder> reads = List.of(
                get("/tags"),
                get("/tags").param("q", "PUR"),
                get("/tags/tree"),
                get("/recycle-bin"),
                get("/members").param("q", withoutLastLetter(purMember)),
                get("/imports"),
                get("/rules"),
                get("/rules/runs"),
                get("/exports/tags.csv"),
                get("/exports/member-tags.csv"),
                get("/api/v1/tags").param("q", "PUR"),
                get("/api/v1/tags").param("size", "200"),
                get("/api/v1/members").param("q", withoutLastLetter(purMember)),
                get("/api/v1/recycle-bin"),
                get("/api/v1/rules"),
                get("/api/v1/exports/tags.csv"),
                get("/api/v1/exports/member-tags.csv"),
                get("/api/v1/departments"));
        List<String> leaks = new ArrayList<>();
        for (MockHttpServletRequestBuilder read : reads) {
            MvcResult result = mvc.perform(read.with(demo.as("ops.sales"))).andReturn();
            String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            String uri = result.getRequest().getRequestURI() + "?"
                    + result.getRequest().getQueryString();
            assertThat(result.getResponse().getStatus()).as(uri).isEqualTo(200);
            for (String secret : List.of("PUR_供应商", "PUR_采购偏好_进口", purMember, "采购沉默供应商", "采购.csv")) {
                if (body.contains(secret)) {
                    leaks.add(uri + " shows " + secret);
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    /** Every route that takes a tag id; those that tag a member tag {@code member}, one the caller may tag. */
    private static Map<String, Function<String, MockHttpServletRequestBuilder>> tagRoutes(String member) {
        Map<String, Function<String, MockHttpServletRequestBuilder>> tagRoutes = new LinkedHashMap<>();
        tagRoutes.put("tag page", id -> get("/tags/{id}", id));
        tagRoutes.put("tag edit", id -> post("/tags/{id}", id)
                .param("name", "x")
                .param("version", "0")
                .with(csrf()));
        tagRoutes.put("live colour check of a tag's form", id -> get("/tags/color-check")
                .param("tagId", id)
                .param("color", "#123456")
                .header("HX-Request", "true"));
        tagRoutes.put("deletion confirmation", id -> get("/tags/delete").param("ids", id));
        tagRoutes.put("deletion", id -> post("/tags/delete").param("ids", id).with(csrf()));
        tagRoutes.put(
                "tag on a member (page)",
                id -> post("/members/{a}/tags", member).param("tagId", id).with(csrf()));
        tagRoutes.put("untag a member (page)", id -> post("/members/{a}/tags/{t}/remove", member, id)
                .with(csrf()));
        tagRoutes.put("tag list filtered by tag (export)", id -> get("/exports/tags.csv")
                .param("ids", id));
        tagRoutes.put("member tags of a tag (export)", id -> get("/exports/member-tags.csv")
                .param("tagIds", id));
        tagRoutes.put("tag (API)", id -> get("/api/v1/tags/{id}", id));
        tagRoutes.put("tag update (API)", id -> put("/api/v1/tags/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"SALES_改名\",\"color\":\"#123456\",\"version\":0}"));
        tagRoutes.put("deletion (API)", id -> delete("/api/v1/tags").param("ids", id));
        tagRoutes.put("tag a member (API)", id -> put("/api/v1/members/{a}/tags/{t}", member, id));
        tagRoutes.put("untag a member (API)", id -> delete("/api/v1/members/{a}/tags/{t}", member, id));
        tagRoutes.put("member tags of a tag (API export)", id -> get("/api/v1/exports/member-tags.csv")
                .param("tagIds", id));
        return tagRoutes;
    }

    private void compare(
            String kind,
            Map<String, Function<String, MockHttpServletRequestBuilder>> routes,
            String outOfScope,
            String missing,
            List<String> differences)
            throws Exception {
        compare("ops.sales", kind, routes, outOfScope, missing, differences);
    }

    private void compare(
            String caller,
            String kind,
            Map<String, Function<String, MockHttpServletRequestBuilder>> routes,
            String outOfScope,
            String missing,
            List<String> differences)
            throws Exception {
        for (var route : routes.entrySet()) {
            MvcResult foreign = mvc.perform(route.getValue().apply(outOfScope).with(demo.as(caller)))
                    .andReturn();
            MvcResult absent = mvc.perform(route.getValue().apply(missing).with(demo.as(caller)))
                    .andReturn();
            String what = route.getKey() + " (" + kind + ")";
            if (foreign.getResponse().getStatus() != 404 || absent.getResponse().getStatus() != 404) {
                differences.add("%s: out of scope %d, missing %d"
                        .formatted(
                                what,
                                foreign.getResponse().getStatus(),
                                absent.getResponse().getStatus()));
            } else if (!normalised(foreign, outOfScope, missing).equals(normalised(absent, outOfScope, missing))) {
                differences.add(what + ": the two 404 answers differ");
            }
        }
    }

    /** The answer with both ids (whichever was asked for) and the per-request CSRF token taken out. */
    private static String normalised(MvcResult result, String outOfScope, String missing) throws Exception {
        return result.getResponse()
                .getContentAsString(StandardCharsets.UTF_8)
                .replace(missing, "{id}")
                .replace(outOfScope, "{id}")
                .replaceAll("(name=\"_csrf\"[^>]*value=\")[^\"]*", "$1")
                .replaceAll("(value=\")[^\"]*(\"[^>]*name=\"_csrf\")", "$1$2")
                .replaceAll("(<meta name=\"_csrf\" content=\")[^\"]*", "$1");
    }

    /** A search that would find the account, without the search box's echo containing it. */
    private static String withoutLastLetter(String account) {
        return account.substring(0, account.length() - 1);
    }

    private String id(String sql) {
        return String.valueOf(demo.count(sql));
    }
}
