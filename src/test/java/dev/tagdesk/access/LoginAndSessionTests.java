package dev.tagdesk.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.ConsoleSessions;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebTest
class LoginAndSessionTests {

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers users;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/departments", "/departments/1", "/members", "/members/zhang.wei", "/nowhere"})
    void anonymousUsersAreSentToTheLoginPage(String page) throws Exception {
        mvc.perform(get(page)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/departments", "/api/v1/members", "/api/v1/members/zhang.wei"})
    void anonymousApiCallsGet401ProblemJsonAndNoData(String path) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"TagDesk\""))
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    @Test
    void anonymousMayOnlyReachLoginStaticAssetsAndHealth() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
        mvc.perform(get("/css/tagdesk.css")).andExpect(status().isOk());
        mvc.perform(get("/webjars/bootstrap/5.3.8/css/bootstrap.min.css")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx.org/2.0.8/dist/htmx.min.js")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/env")).andExpect(status().is3xxRedirection());
    }

    @Test
    void loginPageIsChineseByDefaultAndEnglishOnRequest() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("登录 TagDesk")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("lang=\"zh-CN\"")));
        mvc.perform(get("/login").param("lang", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Log in to TagDesk")));
    }

    @Test
    void pagesCarryStrictSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string(
                                "Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")))
                .andExpect(header().string(
                                "Content-Security-Policy",
                                org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("unsafe-inline"))))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
    }

    @Test
    void demoUserLogsInAndLandsOnTheHomePage() throws Exception {
        mvc.perform(formLogin().user("ops.sales").password("tagdesk-demo"))
                .andExpect(authenticated().withUsername("ops.sales").withRoles("OPS"))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void usernameIsCaseInsensitive() throws Exception {
        mvc.perform(formLogin().user("Auditor").password("tagdesk-demo")).andExpect(authenticated());
    }

    @Test
    void wrongPasswordShowsTheErrorWithoutSayingWhetherTheAccountExists() throws Exception {
        mvc.perform(formLogin().user("admin").password("wrong"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin().user("no.such.user").password("wrong"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/login").param("error", ""))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("账号或密码错误")));
    }

    @Test
    void afterFiveWrongPasswordsEvenTheRightOneIsRefusedAndTheLockIsAudited() throws Exception {
        for (int i = 0; i < 4; i++) {
            mvc.perform(formLogin().user("ops.sales").password("wrong")).andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(formLogin().user("ops.sales").password("wrong")).andExpect(redirectedUrl("/login?locked"));
        mvc.perform(formLogin().user("ops.sales").password("tagdesk-demo"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/login").param("locked", ""))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("锁定 15 分钟")));
        assertThat(users.count(
                        "select count(*) from audit_event where action = 'LOGIN_LOCKED' and target_id = 'ops.sales'"))
                .isEqualTo(1);
        // The API shares the throttle: HTTP Basic does not get around the lock.
        mvc.perform(get("/api/v1/departments")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isUnauthorized());
        // Other users are not affected.
        mvc.perform(formLogin().user("ops.purchase").password("tagdesk-demo")).andExpect(authenticated());
    }

    @Test
    void anUnknownAccountLocksExactlyLikeAKnownOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin().user("ghost").password("wrong" + i));
        }
        mvc.perform(formLogin().user("ghost").password("whatever")).andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void theLockEndsAfterFifteenMinutes() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin().user("auditor").password("wrong"));
        }
        users.count("update login_throttle set locked_until = now() - interval '1 second', "
                + "window_start = now() - interval '16 minutes' where username = 'auditor' returning 1");
        mvc.perform(formLogin().user("auditor").password("tagdesk-demo")).andExpect(authenticated());
    }

    @Test
    void theSessionIdChangesAtLoginAndLogoutEndsTheSession() throws Exception {
        Cookie before = ConsoleSessions.of(mvc.perform(get("/login")).andReturn());
        assertThat(before)
                .as("the login form's session, which holds its CSRF token")
                .isNotNull();
        MvcResult login = mvc.perform(post("/login")
                        .cookie(before)
                        .param("username", "admin")
                        .param("password", "tagdesk-demo")
                        .with(csrf()))
                .andExpect(authenticated())
                .andReturn();
        Cookie loggedIn = ConsoleSessions.of(login);
        assertThat(ConsoleSessions.id(loggedIn)).isNotEqualTo(ConsoleSessions.id(before));
        assertThat(sessions.findById(ConsoleSessions.id(before))).isNull();
        mvc.perform(get("/").cookie(loggedIn)).andExpect(status().isOk());
        mvc.perform(post("/logout").cookie(loggedIn).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        assertThat(sessions.findById(ConsoleSessions.id(loggedIn))).isNull();
        mvc.perform(get("/").cookie(loggedIn)).andExpect(redirectedUrl("/login?expired"));
    }

    @Test
    void stateChangingFormsNeedTheCsrfToken() throws Exception {
        Cookie session = ConsoleSessions.logIn(mvc, "admin", "tagdesk-demo");
        mvc.perform(get("/departments").cookie(session)).andExpect(status().isOk());
        // A live session whose form lost its token: refused outright.
        mvc.perform(post("/departments").cookie(session).param("name", "x").param("code", "X"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/logout").cookie(session)).andExpect(status().isForbidden());
        assertThat(sessions.findById(ConsoleSessions.id(session))).isNotNull();
        mvc.perform(get("/").cookie(session)).andExpect(status().isOk());
        // A form posted after its session ended: sent to log in again, nothing done.
        mvc.perform(post("/departments")
                        .with(users.as("admin"))
                        .param("name", "x")
                        .param("code", "X"))
                .andExpect(redirectedUrl("/login?expired"));
        assertThat(users.count("select count(*) from department where code = 'X'"))
                .isZero();
    }
}
