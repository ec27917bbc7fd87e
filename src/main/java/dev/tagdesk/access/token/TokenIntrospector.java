package dev.tagdesk.access.token;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.TokenScope;
import dev.tagdesk.audit.AuditRecord;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Spring Security's resource server asks this who a bearer token is. One indexed lookup of the
 * token's digest with its owner; unknown, expired, revoked, or owned by a disabled user all answer the
 * same (401, one message). A known token used after its expiry or revocation, or after its owner was
 * disabled, is audited. {@code last_used_at} is written at most once every few minutes per token.
 */
@Component
public class TokenIntrospector implements OpaqueTokenIntrospector {

    static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(5);

    private record Row(
            long id,
            String name,
            Set<TokenScope> scopes,
            Long departmentId,
            Instant expiresAt,
            boolean revoked,
            String owner,
            Role role,
            Long ownerDepartmentId,
            boolean ownerEnabled) {}

    private final JdbcClient jdbc;
    private final TokenDigests digests;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TokenIntrospector(JdbcClient jdbc, TokenDigests digests, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.digests = digests;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        if (!TokenSecrets.wellFormed(token)) {
            throw new BadOpaqueTokenException("not a TagDesk token");
        }
        Row row = find(digests.digest(token)).orElseThrow(() -> new BadOpaqueTokenException("unknown token"));
        Instant now = clock.instant();
        String refusal = row.revoked()
                ? "REVOKED"
                : !row.expiresAt().isAfter(now) ? "EXPIRED" : !row.ownerEnabled() ? "OWNER_DISABLED" : null;
        if (refusal != null) {
            events.publishEvent(AuditRecord.of("TOKEN_REFUSED", "token", row.id(), null, Map.of("reason", refusal))
                    .by(row.owner())
                    .via(row.name() + " #" + row.id()));
            throw new BadOpaqueTokenException("token not usable");
        }
        jdbc.sql("update access_token set last_used_at = :now where id = :id "
                        + "and (last_used_at is null or last_used_at < :stale)")
                .param("now", Timestamp.from(now))
                .param("id", row.id())
                .param("stale", Timestamp.from(now.minus(LAST_USED_GRANULARITY)))
                .update();
        return new TokenCaller(
                row.id(),
                row.name(),
                row.scopes(),
                row.owner(),
                row.role(),
                row.ownerDepartmentId(),
                row.departmentId());
    }

    private Optional<Row> find(byte[] digest) {
        return jdbc.sql("""
                        select t.id, t.name, t.scopes, t.department_id, t.expires_at, t.revoked_at is not null as revoked,
                               u.username, u.role, u.department_id as owner_department_id, u.enabled
                        from access_token t join app_user u on u.id = t.owner_id
                        where t.digest = ?
                        """)
                .param(digest)
                .query((rs, i) -> {
                    Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
                    for (String code : (String[]) rs.getArray("scopes").getArray()) {
                        TokenScope.ofCode(code).ifPresent(scopes::add);
                    }
                    return new Row(
                            rs.getLong("id"),
                            rs.getString("name"),
                            scopes,
                            (Long) rs.getObject("department_id"),
                            rs.getTimestamp("expires_at").toInstant(),
                            rs.getBoolean("revoked"),
                            rs.getString("username"),
                            Role.valueOf(rs.getString("role")),
                            (Long) rs.getObject("owner_department_id"),
                            rs.getBoolean("enabled"));
                })
                .optional();
    }
}
