package dev.tagdesk.access;

import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating the people who log in. Admins only; the password is stored only as a hash. */
@Service
public class UserAdministration {

    public record NewUser(String username, String password, Role role, Long departmentId) {}

    public record UserView(long id, String username, Role role, Long departmentId) {}

    static final int PASSWORD_MIN = 10;
    /** bcrypt reads no more than this many bytes (UTF-8) of a password. */
    static final int PASSWORD_MAX_BYTES = 72;

    private final AppUserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    UserAdministration(
            AppUserRepository users,
            PasswordEncoder passwordEncoder,
            JdbcClient jdbc,
            ApplicationEventPublisher events) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional
    public UserView createUser(Scope scope, NewUser request) {
        scope.require(Action.MANAGE_DIRECTORY);
        return create(request);
    }

    /** The first admin of an external database, from {@code TAGDESK_ADMIN_PASSWORD}. */
    @Transactional
    UserView createFirstAdmin(String password) {
        return create(new NewUser("admin", password, Role.ADMIN, null));
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
        return new UserView(user.getId(), username, user.getRole(), user.getDepartmentId());
    }

    /** Whether bcrypt would read only the start of this password (it would log in by its first 72 bytes). */
    static boolean passwordTooLong(CharSequence password) {
        return password.toString().getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES;
    }

    private boolean departmentExists(long id) {
        return jdbc.sql("select count(*) from department where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
