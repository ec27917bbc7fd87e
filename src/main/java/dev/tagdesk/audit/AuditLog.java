package dev.tagdesk.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/** Writes audit entries: who, what, before/after, when (UTC, by the database clock), from where. */
@Component
class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventListener
    void on(AuditRecord record) {
        jdbc.sql("""
                        insert into audit_event (actor, action, target_type, target_id, before_state, after_state, remote_address, via)
                        values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?)""")
                .params(
                        fit(record.actor() != null ? record.actor() : currentActor(), 64),
                        record.action(),
                        record.targetType(),
                        fit(record.targetId(), 128),
                        toJson(record.before()),
                        toJson(record.after()),
                        fit(remoteAddress(), 64),
                        fit(record.via() != null ? record.via() : currentVia(), 96))
                .update();
    }

    /**
     * A value cut to its column's length, marked with "…": an entry is never lost because what it
     * names is long (a refused request for a 100,000-character address is audited too).
     */
    static String fit(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 2)) ? max - 2 : max - 1;
        return value.substring(0, end) + "…";
    }

    private String toJson(Object state) {
        return state == null ? null : json.writeValueAsString(state);
    }

    private static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()) {
            return authentication.getName();
        }
        // Outside any request (start-up, scheduled jobs) it is TagDesk itself that acts.
        return RequestContextHolder.getRequestAttributes() == null ? "system" : "anonymous";
    }

    /** The access token the current request came through (its name and id), if any. */
    private static String currentVia() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal()
                        instanceof org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal token) {
            Object via = token.getAttribute("via");
            return via == null ? null : via.toString();
        }
        return null;
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
