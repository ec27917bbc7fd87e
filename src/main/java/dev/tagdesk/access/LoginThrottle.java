package dev.tagdesk.access;

import dev.tagdesk.audit.AuditRecord;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed logins per typed name (known or not) and locks the name after too many. Keyed by the
 * name rather than the user row, so an unknown name behaves exactly like a known one. Callers pass the
 * {@linkplain UserNames#canonical canonical} name, which for a name that reaches an account is the
 * account's own name; it is also the name the audit entries carry.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final LoginProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, LoginProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    boolean isLocked(String name) {
        return jdbc.sql("select locked_until from login_throttle where username = ?")
                .param(key(name))
                .query(Timestamp.class)
                .optional()
                .map(until -> until.toInstant().isAfter(clock.instant()))
                .orElse(false);
    }

    /** Records a wrong password; locks the name (and audits the lock) when it reaches the limit. */
    @Transactional
    void recordFailure(String name) {
        Instant now = clock.instant();
        Instant windowOpensAfter = now.minus(properties.lockDuration());
        int failures = jdbc.sql("""
                        insert into login_throttle (username, failures, window_start) values (:name, 1, :now)
                        on conflict (username) do update set
                          failures = case when login_throttle.window_start < :windowOpensAfter then 1
                                          else login_throttle.failures + 1 end,
                          window_start = case when login_throttle.window_start < :windowOpensAfter then :now
                                              else login_throttle.window_start end,
                          locked_until = null
                        returning failures""")
                .param("name", key(name))
                .param("now", Timestamp.from(now))
                .param("windowOpensAfter", Timestamp.from(windowOpensAfter))
                .query(Integer.class)
                .single();
        events.publishEvent(AuditRecord.of("LOGIN_FAILED", "login", key(name), null, Map.of("failures", failures))
                .by(key(name)));
        if (failures >= properties.maxFailures()) {
            Instant until = now.plus(properties.lockDuration());
            jdbc.sql("update login_throttle set locked_until = ? where username = ?")
                    .params(Timestamp.from(until), key(name))
                    .update();
            events.publishEvent(AuditRecord.of(
                            "LOGIN_LOCKED",
                            "login",
                            key(name),
                            null,
                            Map.of("failures", failures, "lockedUntil", until.toString()))
                    .by(key(name)));
        }
    }

    void recordSuccess(String name) {
        jdbc.sql("delete from login_throttle where username = ?")
                .param(key(name))
                .update();
    }

    /** The canonical name, cut to the column's 64 characters (longer names are nobody's). */
    private static String key(String canonicalName) {
        String key = canonicalName == null ? "" : canonicalName;
        return key.codePointCount(0, key.length()) > 64 ? key.substring(0, key.offsetByCodePoints(0, 64)) : key;
    }
}
