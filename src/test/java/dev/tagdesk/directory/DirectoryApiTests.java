package dev.tagdesk.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class DirectoryApiTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", "tagdesk-demo");
    static final RequestPostProcessor OPS_SALES = httpBasic("ops.sales", "tagdesk-demo");
    static final RequestPostProcessor AUDITOR = httpBasic("auditor", "tagdesk-demo");

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

    @Test
    void adminCreatesADepartmentAndItIsAudited() throws Exception {
        long hq = demo.departmentId("HQ");
        mvc.perform(json(post("/api/v1/departments"), "{\"name\":\"法务部\",\"code\":\"legal\",\"parentId\":" + hq + "}")
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/v1/departments/")))
                .andExpect(jsonPath("$.name").value("法务部"))
                .andExpect(jsonPath("$.code").value("LEGAL"))
                .andExpect(jsonPath("$.parentId").value(hq));
        assertThat(demo.count(
                        "select count(*) from department where code = 'LEGAL' and path like '/' || ? || '/%/'", hq))
                .isEqualTo(1);
        assertThat(demo.count(
                        "select count(*) from audit_event where action = 'DEPARTMENT_CREATED' and actor = 'admin'"))
                .isEqualTo(1);
    }

    @Test
    void aDuplicateDepartmentCodeIs409NamingTheDuplicate() throws Exception {
        long hq = demo.departmentId("HQ");
        mvc.perform(json(post("/api/v1/departments"), "{\"name\":\"市场二部\",\"code\":\"MKT\",\"parentId\":" + hq + "}")
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("DEPARTMENT_CODE_DUPLICATE"))
                .andExpect(jsonPath("$.detail").value(containsString("MKT")))
                .andExpect(jsonPath("$.errors[0].field").value("code"));
        assertThat(demo.count("select count(*) from department")).isEqualTo(9);
    }

    @Test
    void invalidFieldsAreAllListedWithStableCodes() throws Exception {
        mvc.perform(json(post("/api/v1/departments"), "{\"name\":\"\",\"code\":\"bad code!\",\"parentId\":999999}")
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].code")
                        .value(org.hamcrest.Matchers.containsInAnyOrder(
                                "DEPARTMENT_NAME_REQUIRED", "DEPARTMENT_CODE_INVALID", "DEPARTMENT_UNKNOWN")));
    }

    @Test
    void malformedJsonIs400ProblemJsonWithoutInternals() throws Exception {
        mvc.perform(json(post("/api/v1/departments"), "{\"name\": \"x\",").with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("MALFORMED_JSON"))
                .andExpect(content().string(not(containsString("Exception"))))
                .andExpect(content().string(not(containsString("tools.jackson"))));
        mvc.perform(json(post("/api/v1/members"), "{\"account\": 12, \"departmentIds\": \"many\"}")
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("MALFORMED_JSON"));
    }

    @Test
    void unknownFieldsAreRefusedByName() throws Exception {
        mvc.perform(json(post("/api/v1/departments"), "{\"name\":\"x\",\"code\":\"X\",\"parentId\":1,\"boss\":\"me\"}")
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("UNKNOWN_FIELD"))
                .andExpect(jsonPath("$.errors[0].field").value("boss"));
    }

    @Test
    void adminCreatesAndUpdatesAMember() throws Exception {
        long east = demo.departmentId("SALES-E");
        long mkt = demo.departmentId("MKT");
        mvc.perform(json(
                                post("/api/v1/members"),
                                "{\"account\":\"new.person\",\"name\":\"新同事\",\"departmentIds\":[" + east + "]}")
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.account").value("new.person"))
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.departmentIds", hasSize(1)))
                .andExpect(jsonPath("$.version").value(0));
        mvc.perform(json(put("/api/v1/members/new.person"), """
                        {"account":"new.person","name":"新同事","departmentIds":[%d,%d],"status":"INACTIVE",
                         "lastActiveAt":"2026-11-01T08:00:00Z","version":0}""".formatted(east, mkt))
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("INACTIVE"))
                .andExpect(jsonPath("$.departmentIds", hasSize(2)))
                .andExpect(jsonPath("$.lastActiveAt").value("2026-11-01T08:00:00Z"))
                .andExpect(jsonPath("$.version").value(1));
        mvc.perform(get("/api/v1/members/new.person").with(ADMIN))
                .andExpect(jsonPath("$.version").value(1));
        assertThat(demo.count("select count(*) from audit_event where action in ('MEMBER_CREATED', 'MEMBER_UPDATED')"))
                .isEqualTo(2);
    }

    @Test
    void aMemberUpdateWithoutTheVersionReadIs400AndNothingChanges() throws Exception {
        String account = demo.memberOf("SALES-E");
        long east = demo.departmentId("SALES-E");
        mvc.perform(json(put("/api/v1/members/" + account), """
                        {"name":"没带版本","departmentIds":[%d]}""".formatted(east)).with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("VERSION_REQUIRED"))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        assertThat(demo.count("select count(*) from member where name = '没带版本'"))
                .isZero();
        assertThat(demo.count("select count(*) from audit_event where action = 'MEMBER_UPDATED'"))
                .isZero();
    }

    @Test
    void aMemberUpdateWithAStaleVersionIs409VersionStaleAndNothingChanges() throws Exception {
        String account = demo.memberOf("SALES-E");
        long east = demo.departmentId("SALES-E");
        long version = demo.count("select version from member where account = ?", account);
        mvc.perform(json(put("/api/v1/members/" + account), """
                        {"name":"先到","departmentIds":[%d],"version":%d}""".formatted(east, version))
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(version + 1));
        mvc.perform(json(put("/api/v1/members/" + account), """
                        {"name":"后到","departmentIds":[%d],"version":%d}""".formatted(east, version))
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("VERSION_STALE"))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        assertThat(demo.count("select count(*) from member where account = ? and name = '先到'", account))
                .isEqualTo(1);
        assertThat(demo.count("select version from member where account = ?", account))
                .isEqualTo(version + 1);
    }

    @Test
    void aDuplicateMemberAccountIs409NamingTheAccount() throws Exception {
        String existing = demo.memberOf("FIN");
        mvc.perform(json(
                                post("/api/v1/members"),
                                "{\"account\":\"" + existing + "\",\"name\":\"重名\",\"departmentIds\":["
                                        + demo.departmentId("FIN") + "]}")
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("MEMBER_ACCOUNT_DUPLICATE"))
                .andExpect(jsonPath("$.detail").value(containsString(existing)));
    }

    @Test
    void opsSeeOnlyTheirSubtreeOfDepartmentsAndMembers() throws Exception {
        mvc.perform(get("/api/v1/departments").with(OPS_SALES))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].code")
                        .value(org.hamcrest.Matchers.containsInAnyOrder("SALES", "SALES-E", "SALES-S")))
                .andExpect(jsonPath("$.total").value(3));
        mvc.perform(get("/api/v1/members").param("size", "200").with(OPS_SALES))
                .andExpect(jsonPath("$.total").value(135))
                .andExpect(jsonPath("$.items[*].departments")
                        .value(not(org.hamcrest.Matchers.hasItem(containsString("市场部")))));
        mvc.perform(get("/api/v1/members").with(AUDITOR))
                .andExpect(jsonPath("$.total").value(320));
    }

    @Test
    void aMemberOutsideTheScopeIs404ExactlyLikeAMissingOne() throws Exception {
        String purchaser = demo.memberOf("PUR");
        String seller = demo.memberOf("SALES-E");
        mvc.perform(get("/api/v1/members/" + seller).with(OPS_SALES)).andExpect(status().isOk());
        String outOfScope = mvc.perform(get("/api/v1/members/" + purchaser).with(OPS_SALES))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String missing = mvc.perform(get("/api/v1/members/no.such.member").with(OPS_SALES))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(outOfScope.replace(purchaser, "?")).isEqualTo(missing.replace("no.such.member", "?"));
        mvc.perform(get("/api/v1/members")
                        .param("departmentId", String.valueOf(demo.departmentId("PUR")))
                        .with(OPS_SALES))
                .andExpect(status().isNotFound());
    }

    @Test
    void aMemberShowsOnlyTheTagsTheCallerMaySee() throws Exception {
        // A 华南区 member who works for 市场部 too, with 华南区's tag and 市场部's: ops.sales sees the tags
        // of every department in 销售部's subtree, but not 市场部's.
        String seller = demo.memberOf("SALES-S");
        demo.update("""
                insert into member_department (member_id, department_id)
                select m.id, d.id from member m, department d where m.account = ? and d.code = 'MKT'""", seller);
        demo.update("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, t.id, 'MANUAL', 'admin' from member m, tag t
                where m.account = ? and t.name in ('SALES_华南_经销商', 'MKT_618大促_意向客户') on conflict do nothing""", seller);
        mvc.perform(get("/api/v1/members/" + seller).with(OPS_SALES))
                .andExpect(jsonPath("$.tags[*].name").value(org.hamcrest.Matchers.hasItem("SALES_华南_经销商")))
                .andExpect(jsonPath("$.tags[*].name").value(not(org.hamcrest.Matchers.hasItem("MKT_618大促_意向客户"))));
        mvc.perform(get("/api/v1/members/" + seller).with(ADMIN))
                .andExpect(jsonPath("$.tags[*].name").value(org.hamcrest.Matchers.hasItem("MKT_618大促_意向客户")));
    }

    @Test
    void onlyAdminsChangeTheDirectory() throws Exception {
        long hq = demo.departmentId("HQ");
        mvc.perform(json(post("/api/v1/departments"), "{\"name\":\"x\",\"code\":\"X\",\"parentId\":" + hq + "}")
                        .with(OPS_SALES))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        mvc.perform(json(post("/api/v1/members"), "{\"account\":\"a.b\",\"name\":\"x\",\"departmentIds\":[" + hq + "]}")
                        .with(AUDITOR))
                .andExpect(status().isForbidden());
        mvc.perform(json(
                                put("/api/v1/members/" + demo.memberOf("SALES-E")),
                                "{\"name\":\"x\",\"departmentIds\":[" + hq + "],\"version\":0}")
                        .with(OPS_SALES))
                .andExpect(status().isForbidden());
        assertThat(demo.count("select count(*) from department")).isEqualTo(9);
    }

    @Test
    void adminCreatesUsersWithHashedPasswords() throws Exception {
        long pur = demo.departmentId("PUR");
        mvc.perform(json(
                                post("/api/v1/users"),
                                "{\"username\":\"ops.pur2\",\"password\":\"a-long-secret\",\"role\":\"OPS\",\"departmentId\":"
                                        + pur + "}")
                        .with(ADMIN))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value("ops.pur2"))
                .andExpect(jsonPath("$.password").doesNotExist());
        assertThat(demo.count(
                        "select count(*) from app_user where username = 'ops.pur2' and password_hash like '{bcrypt}%'"))
                .isEqualTo(1);
        mvc.perform(get("/api/v1/departments").with(httpBasic("ops.pur2", "a-long-secret")))
                .andExpect(status().isOk());
        mvc.perform(json(
                                post("/api/v1/users"),
                                "{\"username\":\"OPS.PUR2\",\"password\":\"a-long-secret\",\"role\":\"AUDITOR\"}")
                        .with(ADMIN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("USERNAME_DUPLICATE"));
        mvc.perform(json(post("/api/v1/users"), "{\"username\":\"ops3\",\"password\":\"short\",\"role\":\"OPS\"}")
                        .with(ADMIN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].code")
                        .value(org.hamcrest.Matchers.containsInAnyOrder("PASSWORD_TOO_SHORT", "OPS_NEEDS_DEPARTMENT")));
        mvc.perform(json(
                                post("/api/v1/users"),
                                "{\"username\":\"x.y\",\"password\":\"a-long-secret\",\"role\":\"ADMIN\"}")
                        .with(OPS_SALES))
                .andExpect(status().isForbidden());
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
