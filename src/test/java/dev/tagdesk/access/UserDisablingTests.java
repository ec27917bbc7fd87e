package dev.tagdesk.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Admins disable a user and enable them again: a disabled user's every console session ends (they are
 * in the database, found by the user's name), they cannot log in, over the form or HTTP Basic, and it is
 * audited with how many sessions ended. Only admins may; nobody disables themselves.
 */
@WebTest
class UserDisablingTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers users;

    @Autowired
    JdbcClient jdbc;

    long opsSales;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        opsSales = users.user("ops.sales").id();
    }

    @Test
    void aDisabledUsersSessionsEndAndTheyCannotLogInUntilEnabledAgain() throws Exception {
        Cookie first = ConsoleSessions.logIn(mvc, "ops.sales", "tagdesk-demo");
        Cookie second = ConsoleSessions.logIn(mvc, "ops.sales", "tagdesk-demo");
        Cookie other = ConsoleSessions.logIn(mvc, "auditor", "tagdesk-demo");

        mvc.perform(post("/api/v1/users/" + opsSales + "/disable").with(users.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("ops.sales"))
                .andExpect(jsonPath("$.enabled").value(false));

        for (Cookie ended : new Cookie[] {first, second}) {
            mvc.perform(get("/tags").cookie(ended)).andExpect(redirectedUrl("/login?expired"));
        }
        mvc.perform(get("/tags").cookie(other)).andExpect(status().isOk());
        mvc.perform(
                        post("/login")
                                .param("username", "ops.sales")
                                .param("password", "tagdesk-demo")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/api/v1/departments").with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("""
                        select actor || ' ' || (before_state ->> 'username') || ' ' || (after_state ->> 'sessionsEnded')
                        from audit_event where action = 'USER_DISABLED'""").query(String.class).list()).containsExactly("admin ops.sales 2");

        // Disabling again changes nothing and audits nothing.
        mvc.perform(post("/api/v1/users/" + opsSales + "/disable").with(users.as("admin")))
                .andExpect(jsonPath("$.enabled").value(false));
        mvc.perform(post("/api/v1/users/" + opsSales + "/enable").with(users.as("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(true));
        ConsoleSessions.logIn(mvc, "ops.sales", "tagdesk-demo");
        assertThat(jdbc.sql("select action from audit_event where action like 'USER_%ABLED' order by id")
                        .query(String.class)
                        .list())
                .containsExactly("USER_DISABLED", "USER_ENABLED");
    }

    @Test
    void onlyAdminsDisableUsersAndNobodyDisablesThemselves() throws Exception {
        mvc.perform(post("/api/v1/users/" + opsSales + "/disable").with(users.as("ops.sales")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users/" + opsSales + "/disable").with(users.as("auditor")))
                .andExpect(status().isForbidden());
        long admin = users.user("admin").id();
        mvc.perform(post("/api/v1/users/" + admin + "/disable").with(users.as("admin")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("USER_DISABLE_SELF"));
        mvc.perform(post("/api/v1/users/999999/disable").with(users.as("admin")))
                .andExpect(status().isNotFound());
        assertThat(jdbc.sql("select count(*) from app_user where not enabled")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
