package dev.tagdesk.access;

import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating the people who log in, and disabling them (and enabling them again). Admins only; the
 * password is stored only as a hash. A disabled user cannot log in, their access tokens stop working
 * and their console sessions end on every instance at once.
 */
@Service
public class UserAdministration {

    public record NewUser(String username, String password, Role role, Long departmentId) {}

    public record UserView(long id, String username, Role role, Long departmentId, boolean enabled) {}

    static final int PASSWORD_MIN = 10;
    /** Instances starting together on an empty database make one first admin ("admin" in ASCII). */
    private static final long FIRST_ADMIN_LOCK = 0x61646d696eL;
    /** bcrypt reads no more than this many bytes (UTF-8) of a password. */
    static final int PASSWORD_MAX_BYTES = 72;

    private final AppUserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final UserSessions sessions;
    private final DepartmentDirectory departments;

    UserAdministration(
            AppUserRepository users,
            PasswordEncoder passwordEncoder,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            UserSessions sessions,
            DepartmentDirectory departments) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.jdbc = jdbc;
        this.events = events;
        this.sessions = sessions;
        this.departments = departments;
    }

    @Transactional
    public UserView createUser(Scope scope, NewUser request) {
        scope.require(Action.MANAGE_DIRECTORY);
        return create(request);
    }

    /**
     * Disables a user: they can no longer log in, their tokens are refused, and every console session
     * of theirs ends, on every instance (sessions live in the database). An admin cannot disable
     * themselves ({@code USER_DISABLE_SELF}): someone must be left to enable them again.
     */
    @Transactional
    public UserView disable(Scope scope, long id) {
        scope.require(Action.MANAGE_DIRECTORY);
        AppUser user = users.findById(id).orElseThrow(() -> new NotFoundException("user", id));
        if (user.getUsername().equals(scope.username())) {
            throw RefusedException.conflict("id", "USER_DISABLE_SELF");
        }
        boolean changed = user.setEnabled(false);
        users.flush();
        int ended = sessions.endAll(user.getUsername());
        if (changed) {
            events.publishEvent(AuditRecord.of(
                    "USER_DISABLED",
                    "user",
                    id,
                    Map.of("username", user.getUsername(), "enabled", true),
                    Map.of("enabled", false, "sessionsEnded", ended)));
        }
        return view(user);
    }

    /** Enables a disabled user again: they may log in; their unexpired tokens work again. */
    @Transactional
    public UserView enable(Scope scope, long id) {
        scope.require(Action.MANAGE_DIRECTORY);
        AppUser user = users.findById(id).orElseThrow(() -> new NotFoundException("user", id));
        if (user.setEnabled(true)) {
            users.flush();
            events.publishEvent(AuditRecord.of(
                    "USER_ENABLED",
                    "user",
                    id,
                    Map.of("username", user.getUsername(), "enabled", false),
                    Map.of("enabled", true)));
        }
        return view(user);
    }

    private static UserView view(AppUser user) {
        return new UserView(user.getId(), user.getUsername(), user.getRole(), user.getDepartmentId(), user.isEnabled());
    }

    /**
     * The first admin of an external database, from {@code TAGDESK_ADMIN_PASSWORD}; empty when another
     * instance starting at the same time made it first (they take turns under an advisory lock).
     */
    @Transactional
    Optional<UserView> createFirstAdmin(String password) {
        jdbc.sql("select 1 from pg_advisory_xact_lock(?)")
                .param(FIRST_ADMIN_LOCK)
                .query(Integer.class)
                .single();
        if (users.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(create(new NewUser("admin", password, Role.ADMIN, null)));
    }

    @Transactional(readOnly = true)
    public boolean anyUserExists() {
        return users.count() > 0;
    }

    private UserView create(NewUser request) {
        String username = UserNames.canonical(request.username());
        List<Refusal> refusals = new ArrayList<>();
        if (!UserNames.storable(username)) {
            refusals.add(new Refusal("username", "USERNAME_INVALID", username));
        }
        if (request.password() == null || request.password().length() < PASSWORD_MIN) {
            refusals.add(new Refusal("password", "PASSWORD_TOO_SHORT", PASSWORD_MIN));
        } else if (passwordTooLong(request.password())) {
            refusals.add(new Refusal("password", "PASSWORD_TOO_LONG", PASSWORD_MAX_BYTES));
        }
        if (request.role() == null) {
            refusals.add(new Refusal("role", "ROLE_REQUIRED"));
        }
        if (request.role() == Role.OPS && request.departmentId() == null) {
            refusals.add(new Refusal("departmentId", "OPS_NEEDS_DEPARTMENT"));
        }
        if (request.departmentId() != null && !departmentExists(request.departmentId())) {
            refusals.add(new Refusal("departmentId", "DEPARTMENT_UNKNOWN", request.departmentId()));
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        if (users.findByCanonicalName(username).isPresent()) {
            throw RefusedException.conflict("username", "USERNAME_DUPLICATE", username);
        }
        AppUser user = users.saveAndFlush(new AppUser(
                username, passwordEncoder.encode(request.password()), request.role(), request.departmentId()));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("username", username);
        after.put("role", request.role().name());
        after.put("departmentId", request.departmentId());
        events.publishEvent(AuditRecord.of("USER_CREATED", "user", user.getId(), null, after));
        return view(user);
    }

    /** How many users have this department as their home (it may not be deleted while any has). */
    public long countAtHome(long departmentId) {
        return jdbc.sql("select count(*) from app_user where department_id = ?")
                .param(departmentId)
                .query(Long.class)
                .single();
    }

    /** Every user's name, by id: the people who log in are few (for exports that name who made what). */
    public java.util.Map<Long, String> usernames() {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        jdbc.sql("select id, username from app_user").query(rs -> {
            names.put(rs.getLong(1), rs.getString(2));
        });
        return names;
    }

    /** The names of these users, by id, in one statement (an id of no user is absent). */
    public java.util.Map<Long, String> usernames(java.util.Collection<Long> ids) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.sql("select id, username from app_user where id in (:ids)")
                .param("ids", java.util.List.copyOf(new java.util.HashSet<>(ids)))
                .query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return names;
    }

    /** Whether bcrypt would read only the start of this password (it would log in by its first 72 bytes). */
    static boolean passwordTooLong(CharSequence password) {
        return password.toString().getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES;
    }

    private boolean departmentExists(long id) {
        return departments.pathOf(id).isPresent();
    }
}
