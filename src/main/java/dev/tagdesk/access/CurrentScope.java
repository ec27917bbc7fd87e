package dev.tagdesk.access;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Resolves the {@link Scope} of the logged-in user, once per request. The home department's path is
 * read from the database each request (not kept in the session), so a moved department takes effect
 * at once.
 */
@Component
public class CurrentScope {

    private static final String ATTRIBUTE = CurrentScope.class.getName();

    private final DepartmentPaths departments;

    CurrentScope(DepartmentPaths departments) {
        this.departments = departments;
    }

    public Scope get() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Scope s) {
            return s;
        }
        Scope scope = resolve(currentUser());
        if (request != null) {
            request.setAttribute(ATTRIBUTE, scope, RequestAttributes.SCOPE_REQUEST);
        }
        return scope;
    }

    public Scope of(CurrentUser user) {
        return resolve(user);
    }

    private Scope resolve(CurrentUser user) {
        if (user.role() != Role.OPS) {
            return new Scope(user.username(), user.role(), user.departmentId(), Scope.WHOLE_COMPANY);
        }
        String path = java.util.Optional.ofNullable(user.departmentId())
                .flatMap(departments::pathOf)
                // A home department that no longer exists leaves an OPS user with nothing to see.
                .orElse("/none/");
        return new Scope(user.username(), user.role(), user.departmentId(), path);
    }

    private static CurrentUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CurrentUser user) {
            return user;
        }
        throw new IllegalStateException("No logged-in TagDesk user in this request");
    }
}
