package dev.tagdesk.access.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The life of an access token through the API: made, used, refused for scope, expired, revoked. */
@WebTest
@ExtendWith(OutputCaptureExtension.class)
class AccessTokenTests {

    static final String PASSWORD = "tagdesk-demo";

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        jdbc.sql("delete from access_token").update();
    }

    @Test
    void madeUsedListedWithoutItsSecretRevokedAndThenRefused(CapturedOutput output) throws Exception {
        JsonNode created =
                create("ops.sales", Map.of("name", "脚本", "scopes", List.of("tags:read"), "expiresInDays", 30));
        String token = created.get("token").asString();
        assertThat(token).startsWith("tdk_").startsWith(created.get("prefix").asString());
        assertThat(created.get("scopes").toString()).isEqualTo("[\"tags:read\"]");

        assertThat(call(get("/api/v1/tags"), token).getResponse().getStatus()).isEqualTo(200);

        MvcResult list = mvc.perform(get("/api/v1/tokens").with(httpBasic("ops.sales", PASSWORD)))
                .andReturn();
        String listed = list.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(listed)
                .contains("脚本")
                .contains(created.get("prefix").asString())
                .doesNotContain(token);
        assertThat(json.readTree(listed).get("items").get(0).get("lastUsedAt").isNull())
                .isFalse();

        long id = created.get("id").asLong();
        assertThat(mvc.perform(delete("/api/v1/tokens/{id}", id).with(httpBasic("ops.sales", PASSWORD)))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        MvcResult refused = call(get("/api/v1/tags"), token);
        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(body(refused).get("code").asString()).isEqualTo("UNAUTHENTICATED");

        assertThat(audit("TOKEN_CREATED", id)).isEqualTo(1);
        assertThat(audit("TOKEN_REVOKED", id)).isEqualTo(1);
        assertThat(audit("TOKEN_REFUSED", id)).isEqualTo(1);
        // The secret is nowhere but in the one answer: not in the logs, not in the audit log.
        assertThat(output.getAll()).doesNotContain(token);
        assertThat(jdbc.sql("select count(*) from audit_event where coalesce(before_state::text, '') || "
                                + "coalesce(after_state::text, '') || coalesce(target_id, '') like ?")
                        .param("%" + token.substring(4, 20) + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void whatTheTokenDoesIsAuditedAsItsOwnerViaTheToken() throws Exception {
        String token = create(
                        "admin", Map.of("name", "crm", "scopes", List.of("member-tags:write"), "expiresInDays", 7))
                .get("token")
                .asString();
        String account = demo.memberOf("SALES-E");
        long tag = jdbc.sql("select id from tag where name = '渠道_线下门店'")
                .query(Long.class)
                .single();
        assertThat(call(
                                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                        "/api/v1/members/{a}/tags/{t}", account, tag),
                                token)
                        .getResponse()
                        .getStatus())
                .isBetween(200, 201);
        Map<String, Object> entry = jdbc.sql("select actor, via from audit_event where action = 'MEMBER_TAGGED' "
                        + "order by id desc limit 1")
                .query()
                .singleRow();
        assertThat(entry.get("actor")).isEqualTo("admin");
        assertThat((String) entry.get("via")).startsWith("crm #");
    }

    @Test
    void aTokenDoesOnlyWhatItsScopesCoverAndSaysWhichScopeIsMissing() throws Exception {
        String token = create("admin", Map.of("name", "reader", "scopes", List.of("tags:read"), "expiresInDays", 30))
                .get("token")
                .asString();
        MvcResult members = call(get("/api/v1/members"), token);
        assertThat(members.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(members).get("code").asString()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(body(members).get("scope").asString()).isEqualTo("members:read");
        assertThat(body(members).get("detail").asString()).contains("members:read");

        MvcResult change = call(
                post("/api/v1/tags").contentType(MediaType.APPLICATION_JSON).content("{}"), token);
        assertThat(body(change).get("code").asString()).isEqualTo("INSUFFICIENT_SCOPE");
        assertThat(body(change).get("scope").asString()).isEqualTo("admin");

        // No scope lets a token make tokens: a leaked token cannot mint more.
        String admin = create("admin", Map.of("name", "all", "scopes", List.of("admin"), "expiresInDays", 1))
                .get("token")
                .asString();
        MvcResult mint = call(
                post("/api/v1/tokens")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"scopes\":[\"admin\"],\"expiresInDays\":1}"),
                admin);
        assertThat(mint.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(mint).get("code").asString()).isEqualTo("FORBIDDEN");
        // An auditor's token reads and never writes, whatever its scopes say.
        MvcResult auditorScopes = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic("auditor", PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"scopes\":[\"events:write\"],\"expiresInDays\":1}"))
                .andReturn();
        assertThat(body(auditorScopes).get("errors").toString()).contains("TOKEN_SCOPE_NOT_ALLOWED");
    }

    @Test
    void expiredRevokedUnknownMisspeltAndDisabledOwnersTokensAreRefusedAlike() throws Exception {
        String expired = create("ops.sales", Map.of("name", "a", "scopes", List.of("tags:read"), "expiresInDays", 1))
                .get("token")
                .asString();
        String ofDisabled = create(
                        "ops.purchase", Map.of("name", "b", "scopes", List.of("tags:read"), "expiresInDays", 1))
                .get("token")
                .asString();
        jdbc.sql("update access_token set expires_at = now() - interval '1 second' where name = 'a'")
                .update();
        jdbc.sql("update app_user set enabled = false where username = 'ops.purchase'")
                .update();
        try {
            String typo = expired.substring(0, 10) + (expired.charAt(10) == 'x' ? 'y' : 'x') + expired.substring(11);
            String unknown = TokenSecrets.generate();
            String first = null;
            for (String token : List.of(expired, ofDisabled, typo, unknown, "not-a-token")) {
                MvcResult result = call(get("/api/v1/tags"), token);
                assertThat(result.getResponse().getStatus()).isEqualTo(401);
                String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
                if (first == null) {
                    first = answer;
                }
                assertThat(answer).as("one answer for every unusable token").isEqualTo(first);
            }
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'TOKEN_REFUSED' "
                                    + "and after_state ->> 'reason' in ('EXPIRED', 'OWNER_DISABLED')")
                            .query(Long.class)
                            .single())
                    .isEqualTo(2);
        } finally {
            jdbc.sql("update app_user set enabled = true where username = 'ops.purchase'")
                    .update();
        }
    }

    @Test
    void aServiceTokenForSalesSeesExactlyWhatOpsOfSalesSees() throws Exception {
        long sales = demo.departmentId("SALES");
        String token = create(
                        "admin",
                        Map.of(
                                "name",
                                "crm",
                                "scopes",
                                List.of("admin"),
                                "expiresInDays",
                                90,
                                "departmentId",
                                sales,
                                "service",
                                true))
                .get("token")
                .asString();
        for (String path : List.of(
                "/api/v1/tags?size=500",
                "/api/v1/departments?size=500",
                "/api/v1/members?size=500",
                "/api/v1/tag-groups?size=500",
                "/api/v1/recycle-bin?size=500",
                "/api/v1/exports/tags.csv",
                "/api/v1/exports/member-tags.csv")) {
            String asOps = mvc.perform(get(path).with(httpBasic("ops.sales", PASSWORD)))
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            MvcResult asToken = call(get(path), token);
            assertThat(asToken.getResponse().getStatus()).as(path).isEqualTo(200);
            assertThat(asToken.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .as(path)
                    .isEqualTo(asOps);
        }
        long purchasingOnly = jdbc.sql("select id from tag where name = 'PUR_供应商_一级'")
                .query(Long.class)
                .single();
        assertThat(call(get("/api/v1/tags/{id}", purchasingOnly), token)
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(call(get("/api/v1/members/{a}", demo.memberOf("PUR")), token)
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        // Narrowed to a department, even an admin's token does no admin-only thing.
        assertThat(call(
                                post("/api/v1/departments")
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content("{}"),
                                token)
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
    }

    @Test
    void badRequestsAreRefusedWithTheirFieldsAndChangeNothing() throws Exception {
        MvcResult tooLong = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic("ops.sales", PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\",\"scopes\":[\"tags:write\"],\"expiresInDays\":366}"))
                .andReturn();
        assertThat(tooLong.getResponse().getStatus()).isEqualTo(400);
        String errors = body(tooLong).get("errors").toString();
        assertThat(errors).contains("TOKEN_NAME_REQUIRED", "TOKEN_SCOPE_UNKNOWN", "TOKEN_EXPIRY_OUT_OF_RANGE");
        MvcResult noExpiry = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic("ops.sales", PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"scopes\":[\"tags:read\"]}"))
                .andReturn();
        assertThat(body(noExpiry).get("errors").toString()).contains("TOKEN_EXPIRY_REQUIRED");
        MvcResult otherDepartment = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic("ops.sales", PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"scopes\":[\"tags:read\"],\"expiresInDays\":1,\"departmentId\":"
                                + demo.departmentId("PUR") + "}"))
                .andReturn();
        assertThat(body(otherDepartment).get("errors").toString()).contains("TOKEN_DEPARTMENT_UNKNOWN");
        MvcResult service = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic("ops.sales", PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"scopes\":[\"tags:read\"],\"expiresInDays\":1,\"service\":true}"))
                .andReturn();
        assertThat(service.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from access_token")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aTokenInAnAddressIsRefusedAndNotEchoed() throws Exception {
        String token = create("admin", Map.of("name", "x", "scopes", List.of("tags:read"), "expiresInDays", 1))
                .get("token")
                .asString();
        for (MockHttpServletRequestBuilder request : List.of(
                get("/api/v1/tags?access_token=" + token),
                get("/api/v1/tags?q=" + token),
                get("/api/v1/tags/" + token))) {
            MvcResult result = mvc.perform(request).andReturn();
            assertThat(result.getResponse().getStatus()).isEqualTo(400);
            assertThat(body(result).get("code").asString()).isEqualTo("TOKEN_IN_ADDRESS");
            assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .doesNotContain(token);
        }
    }

    @Test
    void lastUsedIsWrittenAtMostEveryFewMinutes() throws Exception {
        String token = create("admin", Map.of("name", "x", "scopes", List.of("tags:read"), "expiresInDays", 1))
                .get("token")
                .asString();
        call(get("/api/v1/tag-groups"), token);
        Object first = jdbc.sql("select last_used_at from access_token").query().singleValue();
        assertThat(first).isNotNull();
        call(get("/api/v1/tag-groups"), token);
        assertThat(jdbc.sql("select last_used_at from access_token").query().singleValue())
                .isEqualTo(first);
        jdbc.sql("update access_token set last_used_at = last_used_at - interval '6 minutes'")
                .update();
        call(get("/api/v1/tag-groups"), token);
        assertThat(jdbc.sql("select last_used_at > now() - interval '1 minute' from access_token")
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void thePageShowsTheSecretOnceUncachedAndTheListNeverAgain() throws Exception {
        MvcResult created = mvc.perform(
                        post("/tokens")
                                .with(demo.as("ops.sales"))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .param("name", "日报")
                                .param("scopes", "tags:read", "segments:read")
                                .param("expiresInDays", "30"))
                .andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(200);
        assertThat(created.getResponse().getHeader("Cache-Control")).contains("no-store");
        String page = created.getResponse().getContentAsString(StandardCharsets.UTF_8);
        String secret = page.replaceAll("(?s).*value=\"(tdk_[0-9A-Za-z]{38})\".*", "$1");
        assertThat(TokenSecrets.wellFormed(secret)).isTrue();
        assertThat(created.getRequest().getSession().getAttributeNames().asIterator())
                .toIterable()
                .allSatisfy(name -> assertThat(
                                String.valueOf(created.getRequest().getSession().getAttribute(name)))
                        .doesNotContain(secret));

        String list = mvc.perform(get("/tokens").with(demo.as("ops.sales")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).contains("日报", secret.substring(0, 8)).doesNotContain(secret);
        assertThat(list).doesNotContain("service-tokens-tab");
        assertThat(mvc.perform(get("/tokens").with(demo.as("admin")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(StandardCharsets.UTF_8))
                .contains("service-tokens-tab")
                .doesNotContain("日报");
    }

    private JsonNode create(String username, Map<String, Object> request) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic(username, PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(request)))
                .andReturn();
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(201);
        return body(result);
    }

    private MvcResult call(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn();
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private long audit(String action, long tokenId) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target_id = ?")
                .param(action)
                .param(String.valueOf(tokenId))
                .query(Long.class)
                .single();
    }
}
