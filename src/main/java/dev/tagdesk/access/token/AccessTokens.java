package dev.tagdesk.access.token;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.DepartmentDirectory;
import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.TokenScope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issuing, listing and revoking access tokens. A token's secret exists once, in the answer to its
 * creation; TagDesk keeps only its keyed digest ({@link TokenDigests}). Personal tokens belong to the
 * person who made them; service tokens are made and revoked by admins and belong to the admin who made
 * them (they stop when that admin is disabled).
 */
@Service
public class AccessTokens {

    public static final int MAX_DAYS = 365;
    public static final int MAX_NAME = 64;

    /** What a caller asks for; {@code scopes} spelled as integrators do ({@code tags:read}). */
    public record NewToken(
            String name, List<String> scopes, Integer expiresInDays, Long departmentId, Boolean service) {}

    /** The only answer that ever holds the secret. */
    public record IssuedToken(
            long id,
            String name,
            String token,
            String prefix,
            List<String> scopes,
            Instant expiresAt,
            boolean service) {}

    /** A token as lists show it: never its secret. */
    public record TokenView(
            long id,
            String name,
            String prefix,
            List<String> scopes,
            boolean service,
            String owner,
            Long departmentId,
            String departmentName,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            boolean expired) {}

    private final JdbcClient jdbc;
    private final TokenDigests digests;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final DepartmentDirectory departments;

    AccessTokens(
            JdbcClient jdbc,
            TokenDigests digests,
            ApplicationEventPublisher events,
            Clock clock,
            DepartmentDirectory departments) {
        this.jdbc = jdbc;
        this.digests = digests;
        this.events = events;
        this.clock = clock;
        this.departments = departments;
    }

    @Transactional
    public IssuedToken issue(Scope caller, NewToken request) {
        boolean service = Boolean.TRUE.equals(request.service());
        caller.require(service ? Action.MANAGE_SERVICE_TOKENS : Action.MANAGE_OWN_TOKENS);
        String name = request.name() == null ? "" : request.name().strip();
        Set<TokenScope> scopes = checked(caller, name, request);
        Long departmentId = request.departmentId();
        Instant expiresAt = clock.instant().plus(Duration.ofDays(request.expiresInDays()));
        String secret = TokenSecrets.generate();
        long id = jdbc.sql("""
                        insert into access_token (name, kind, owner_id, scopes, department_id, display_prefix,
                                                  digest, created_at, created_by, expires_at)
                        values (:name, :kind, (select id from app_user where username = :owner), :scopes,
                                :department, :prefix, :digest, :now, :owner, :expiresAt)
                        returning id
                        """)
                .param("name", name)
                .param("kind", (service ? TokenKind.SERVICE : TokenKind.PERSONAL).name())
                .param("owner", caller.username())
                .param("scopes", codes(scopes).toArray(String[]::new))
                .param("department", departmentId)
                .param("prefix", TokenSecrets.displayPrefix(secret))
                .param("digest", digests.digest(secret))
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .param("expiresAt", java.sql.Timestamp.from(expiresAt))
                .query(Long.class)
                .single();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("name", name);
        after.put("kind", service ? "SERVICE" : "PERSONAL");
        after.put("scopes", codes(scopes));
        after.put("departmentId", departmentId);
        after.put("expiresAt", expiresAt.toString());
        events.publishEvent(AuditRecord.of("TOKEN_CREATED", "token", id, null, after));
        return new IssuedToken(id, name, secret, TokenSecrets.displayPrefix(secret), codes(scopes), expiresAt, service);
    }

    /** The caller's own personal tokens, newest first. */
    @Transactional(readOnly = true)
    public List<TokenView> personal(Scope caller) {
        caller.require(Action.MANAGE_OWN_TOKENS);
        return list("t.kind = 'PERSONAL' and u.username = :owner", caller.username());
    }

    /** Every service token, newest first (admins). */
    @Transactional(readOnly = true)
    public List<TokenView> service(Scope caller) {
        caller.require(Action.MANAGE_SERVICE_TOKENS);
        return list("t.kind = 'SERVICE' and cast(:owner as varchar) is not null", caller.username());
    }

    /**
     * Revokes a live token: the caller's own personal token, or any service token for an admin.
     * Another's token, a revoked or a missing one is 404.
     */
    @Transactional
    public void revoke(Scope caller, long id) {
        caller.require(Action.MANAGE_OWN_TOKENS);
        boolean mayService = caller.may(Action.MANAGE_SERVICE_TOKENS);
        int revoked = jdbc.sql("""
                        update access_token t set revoked_at = :now, revoked_by = :caller
                        from app_user u
                        where t.id = :id and u.id = t.owner_id and t.revoked_at is null
                          and ((t.kind = 'PERSONAL' and u.username = :caller)
                               or (t.kind = 'SERVICE' and :mayService))
                        """)
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .param("caller", caller.username())
                .param("id", id)
                .param("mayService", mayService)
                .update();
        if (revoked == 0) {
            throw new NotFoundException("token", id);
        }
        events.publishEvent(AuditRecord.of("TOKEN_REVOKED", "token", id, null, null));
    }

    /** A department a token may be narrowed to: one in the caller's scope. */
    public record DepartmentChoice(long id, String name, int depth) {}

    /** The departments the caller may narrow a token to, in tree order. */
    @Transactional(readOnly = true)
    public List<DepartmentChoice> departmentChoices(Scope caller) {
        return departments.matching(caller.pathPattern()).stream()
                .map(d -> new DepartmentChoice(d.id(), d.name(), d.depth()))
                .toList();
    }

    private List<TokenView> list(String condition, String owner) {
        List<TokenView> tokens = jdbc.sql("""
                        select t.id, t.name, t.display_prefix, t.scopes, t.kind, u.username as owner,
                               t.department_id, t.created_at, t.expires_at, t.last_used_at
                        from access_token t
                        join app_user u on u.id = t.owner_id
                        where t.revoked_at is null and %s
                        order by t.created_at desc, t.id desc
                        """.formatted(condition))
                .param("owner", owner)
                .query((rs, i) -> {
                    Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
                    java.sql.Timestamp lastUsed = rs.getTimestamp("last_used_at");
                    return new TokenView(
                            rs.getLong("id"),
                            rs.getString("name"),
                            rs.getString("display_prefix"),
                            Arrays.asList((String[]) rs.getArray("scopes").getArray()),
                            rs.getString("kind").equals("SERVICE"),
                            rs.getString("owner"),
                            (Long) rs.getObject("department_id"),
                            null,
                            rs.getTimestamp("created_at").toInstant(),
                            expiresAt,
                            lastUsed == null ? null : lastUsed.toInstant(),
                            !expiresAt.isAfter(clock.instant()));
                })
                .list();
        return withDepartmentNames(tokens);
    }

    /** The names of the departments tokens are narrowed to, from the directory (one statement, if any). */
    private List<TokenView> withDepartmentNames(List<TokenView> tokens) {
        List<Long> ids = tokens.stream()
                .map(TokenView::departmentId)
                .filter(java.util.Objects::nonNull)
                .toList();
        if (ids.isEmpty()) {
            return tokens;
        }
        java.util.Map<Long, String> names = departments.namesOf(ids);
        return tokens.stream()
                .map(t -> t.departmentId() == null
                        ? t
                        : new TokenView(
                                t.id(),
                                t.name(),
                                t.prefix(),
                                t.scopes(),
                                t.service(),
                                t.owner(),
                                t.departmentId(),
                                names.get(t.departmentId()),
                                t.createdAt(),
                                t.expiresAt(),
                                t.lastUsedAt(),
                                t.expired()))
                .toList();
    }

    private Set<TokenScope> checked(Scope caller, String name, NewToken request) {
        List<Refusal> refusals = new ArrayList<>();
        if (name.isEmpty()) {
            refusals.add(new Refusal("name", "TOKEN_NAME_REQUIRED"));
        } else if (DisplayNames.length(name) > MAX_NAME) {
            refusals.add(new Refusal("name", "TOKEN_NAME_TOO_LONG", MAX_NAME));
        } else {
            DisplayNames.invisibleCharacter("name", name).ifPresent(refusals::add);
        }
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        if (request.scopes() == null || request.scopes().isEmpty()) {
            refusals.add(new Refusal("scopes", "TOKEN_SCOPES_REQUIRED"));
        } else {
            for (String code : request.scopes()) {
                TokenScope scope =
                        TokenScope.ofCode(code == null ? "" : code.strip()).orElse(null);
                if (scope == null) {
                    refusals.add(new Refusal("scopes", "TOKEN_SCOPE_UNKNOWN", String.valueOf(code)));
                } else if (!usefulTo(caller.role(), scope)) {
                    refusals.add(new Refusal("scopes", "TOKEN_SCOPE_NOT_ALLOWED", scope.code()));
                } else {
                    scopes.add(scope);
                }
            }
        }
        Integer days = request.expiresInDays();
        if (days == null) {
            refusals.add(new Refusal("expiresInDays", "TOKEN_EXPIRY_REQUIRED", MAX_DAYS));
        } else if (days < 1 || days > MAX_DAYS) {
            refusals.add(new Refusal("expiresInDays", "TOKEN_EXPIRY_OUT_OF_RANGE", MAX_DAYS));
        }
        if (request.departmentId() != null && !inScope(caller, request.departmentId())) {
            refusals.add(new Refusal("departmentId", "TOKEN_DEPARTMENT_UNKNOWN"));
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        return scopes;
    }

    /** The scopes worth offering to this caller: those covering something their role may do. */
    public static List<TokenScope> scopesFor(Role role) {
        return Arrays.stream(TokenScope.values()).filter(s -> usefulTo(role, s)).toList();
    }

    /** A scope is worth granting if it covers at least one action the owner's role may take. */
    private static boolean usefulTo(Role role, TokenScope scope) {
        return Arrays.stream(Action.values()).anyMatch(a -> a.allowedTo(role) && a.coveredBy(EnumSet.of(scope)));
    }

    private boolean inScope(Scope caller, long departmentId) {
        return departments.pathOf(departmentId).filter(caller::covers).isPresent();
    }

    private static List<String> codes(Set<TokenScope> scopes) {
        return scopes.stream().map(TokenScope::code).toList();
    }
}
