package dev.tagdesk.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Console sessions in MockMvc tests. Sessions live in PostgreSQL (Spring Session JDBC), found by their
 * cookie, so a test carries the cookie from one request to the next, as a browser does (MockMvc's own
 * {@code MockHttpSession} never reaches them).
 */
public final class ConsoleSessions {

    /** The console's session cookie. */
    public static final String COOKIE = "SESSION";

    private ConsoleSessions() {}

    /** Logs in through the login form; returns the session cookie of the logged-in session. */
    public static Cookie logIn(MockMvc mvc, String username, String password) throws Exception {
        MvcResult login = mvc.perform(post("/login")
                        .param("username", username)
                        .param("password", password)
                        .with(csrf()))
                .andReturn();
        Cookie cookie = login.getResponse().getCookie(COOKIE);
        if (cookie == null || !"/".equals(login.getResponse().getRedirectedUrl())) {
            throw new IllegalStateException("Logging in as " + username + " failed: "
                    + login.getResponse().getRedirectedUrl());
        }
        return cookie;
    }

    /** The session cookie a response set, if any. */
    public static Cookie of(MvcResult result) {
        return result.getResponse().getCookie(COOKIE);
    }

    /** The id of the session a cookie names (Spring Session writes it base64-encoded). */
    public static String id(Cookie cookie) {
        return id(cookie.getValue());
    }

    /** The id of the session a cookie value names. */
    public static String id(String cookieValue) {
        return new String(Base64.getDecoder().decode(cookieValue), StandardCharsets.UTF_8);
    }
}
