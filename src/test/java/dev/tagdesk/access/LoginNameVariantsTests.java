package dev.tagdesk.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The name typed at login is read the way stored names are written: NFKC, trimmed, and only A–Z folded
 * to a–z. Spellings that mean the same name (full-width letters, the Kelvin sign) reach the one account
 * and its one lock; spellings that only look alike ({@code İ}, U+0130) reach nobody.
 */
@dev.tagdesk.support.WebTest
class LoginNameVariantsTests {

    static final String PASSWORD = "tagdesk-demo";
    static final String ACCOUNT = "lock.it";
    /** U+0130, which PostgreSQL's lower() and Java's toLowerCase turn into an i. */
    static final String DOTTED_CAPITAL_I = "LOCK.\u0130T";
    /** U+212A KELVIN SIGN, which NFKC makes a K. */
    static final String KELVIN = "LOC\u212A.IT";

    static final String FULL_WIDTH = "ＬＯＣＫ.ＩＴ";

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers users;

    @BeforeEach
    void demoDataAndAnAccountWithAnIAndAK() {
        reset.toDemoData();
        users.update("""
                insert into app_user (username, password_hash, role)
                select ?, password_hash, 'AUDITOR' from app_user where username = 'auditor'""", ACCOUNT);
    }

    @ParameterizedTest
    @ValueSource(strings = {KELVIN, FULL_WIDTH, "  " + FULL_WIDTH + "\u3000"})
    void spellingsThatMeanTheSameNameLogInToTheAccount(String typed) throws Exception {
        mvc.perform(formLogin().user(typed).password(PASSWORD))
                .andExpect(authenticated().withUsername(ACCOUNT))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/api/v1/departments").with(basic(typed, PASSWORD))).andExpect(status().isOk());
    }

    @Test
    void aLookAlikeLetterLogsInToNobodyEvenWhenNothingIsLocked() throws Exception {
        mvc.perform(formLogin().user(DOTTED_CAPITAL_I).password(PASSWORD))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/api/v1/departments").with(basic(DOTTED_CAPITAL_I, PASSWORD)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
        mvc.perform(get("/api/v1/departments").with(basic("ADM\u0130N", PASSWORD)))
                .andExpect(status().isUnauthorized());
        // The same letter decomposed (I + U+0307 COMBINING DOT ABOVE) is composed back by NFKC: nobody either.
        mvc.perform(formLogin().user("LOCK.I\u0307T").password(PASSWORD)).andExpect(unauthenticated());
        mvc.perform(formLogin().user(ACCOUNT).password(PASSWORD)).andExpect(authenticated());
    }

    @Test
    void afterFiveWrongPasswordsNoSpellingOfTheNameLogsInWithTheRightOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin().user(ACCOUNT).password("wrong")).andExpect(unauthenticated());
        }
        for (String typed : List.of(ACCOUNT, "LOCK.IT", KELVIN, FULL_WIDTH)) {
            mvc.perform(formLogin().user(typed).password(PASSWORD))
                    .andExpect(unauthenticated())
                    .andExpect(redirectedUrl("/login?locked"));
            mvc.perform(get("/api/v1/departments").with(basic(typed, PASSWORD)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
        }
        // A look-alike is another (unknown) name: refused as any unknown name is, with no tries of the account's.
        mvc.perform(formLogin().user(DOTTED_CAPITAL_I).password(PASSWORD))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/api/v1/departments").with(basic(DOTTED_CAPITAL_I, PASSWORD)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void wrongPasswordsUnderEverySpellingCountTowardsTheAccountsLockAndAreAuditedUnderItsName() throws Exception {
        mvc.perform(formLogin().user(ACCOUNT).password("wrong")).andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin().user(FULL_WIDTH).password("wrong")).andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin().user(KELVIN).password("wrong")).andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/api/v1/departments").with(basic(FULL_WIDTH, "wrong"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/departments").with(basic(KELVIN, "wrong"))).andExpect(status().isUnauthorized());

        mvc.perform(formLogin().user(ACCOUNT).password(PASSWORD)).andExpect(redirectedUrl("/login?locked"));
        assertThat(users.count("select count(*) from audit_event where action = 'LOGIN_FAILED'"))
                .isEqualTo(5);
        assertThat(users.count("""
                        select count(*) from audit_event where action = 'LOGIN_FAILED'
                        and target_id = 'lock.it' and actor = 'lock.it'""")).isEqualTo(5);
        assertThat(users.count("""
                        select count(*) from audit_event where action = 'LOGIN_LOCKED'
                        and target_id = 'lock.it' and actor = 'lock.it'""")).isEqualTo(1);
        assertThat(users.count("select count(*) from login_throttle")).isEqualTo(1);
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsAWrongPassword() throws Exception {
        String hundredBytes = "x".repeat(100);
        for (String typed : List.of(ACCOUNT, "ghost")) {
            mvc.perform(formLogin().user(typed).password(hundredBytes))
                    .andExpect(unauthenticated())
                    .andExpect(redirectedUrl("/login?error"));
            mvc.perform(get("/api/v1/departments").with(basic(typed, hundredBytes)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
        }
        // Counted like any wrong password.
        assertThat(users.count(
                        "select count(*) from audit_event where action = 'LOGIN_FAILED' and target_id = 'lock.it'"))
                .isEqualTo(2);
    }

    @Test
    void aPasswordIsNeverCutToTheSeventyTwoBytesBcryptReads() throws Exception {
        String seventyTwoBytes = "密".repeat(24);
        mvc.perform(newUser("long.one", seventyTwoBytes)).andExpect(status().isCreated());
        for (String longer : List.of(seventyTwoBytes + "x", seventyTwoBytes + "密码")) {
            mvc.perform(formLogin().user("long.one").password(longer))
                    .andExpect(unauthenticated())
                    .andExpect(redirectedUrl("/login?error"));
            mvc.perform(get("/api/v1/departments").with(basic("long.one", longer)))
                    .andExpect(status().isUnauthorized());
        }
        assertThat(users.count(
                        "select count(*) from audit_event where action = 'LOGIN_FAILED' and target_id = 'long.one'"))
                .isEqualTo(4);
        mvc.perform(formLogin().user("long.one").password(seventyTwoBytes)).andExpect(authenticated());
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedWhenAUserIsCreated() throws Exception {
        mvc.perform(newUser("long.one", "x".repeat(73)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("password"))
                .andExpect(jsonPath("$.errors[0].code").value("PASSWORD_TOO_LONG"));
        // Chinese takes three bytes a character: 25 characters are 75 bytes.
        mvc.perform(newUser("long.two", "密".repeat(25)).header(HttpHeaders.ACCEPT_LANGUAGE, "en"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("PASSWORD_TOO_LONG"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("72")));
        assertThat(users.count("select count(*) from app_user where username like 'long.%'"))
                .isZero();
        // Exactly 72 bytes is allowed, and logs in.
        String seventyTwoBytes = "密".repeat(24);
        mvc.perform(newUser("long.three", seventyTwoBytes)).andExpect(status().isCreated());
        mvc.perform(formLogin().user("long.three").password(seventyTwoBytes)).andExpect(authenticated());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Lock.it",
                "lock.\u0130t",
                "lock.\u0131t",
                "ｌｏｃｋ.ｉｔ",
                "\u0430dmin",
                "caf\u00e9",
                ".lock",
                "_x",
                "l",
                "lock it",
                "lock.it\n",
                "lock@it"
            })
    void theDatabaseRefusesANameOutsideTheSetLoginsCanReach(String name) {
        assertThatThrownBy(() -> users.update("""
                        insert into app_user (username, password_hash, role)
                        select ?, password_hash, 'AUDITOR' from app_user where username = 'auditor'""", name))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("app_user_username_valid");
    }

    private MockHttpServletRequestBuilder newUser(String username, String password) {
        return post("/api/v1/users")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"AUDITOR\"}")
                .with(basic("admin", PASSWORD));
    }

    /** HTTP Basic with the name and password in UTF-8, as browsers and curl send them. */
    private static org.springframework.test.web.servlet.request.RequestPostProcessor basic(
            String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Basic " + token);
            return request;
        };
    }
}
