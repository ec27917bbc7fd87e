package dev.tagdesk.access;

import dev.tagdesk.access.token.TokenCaller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Resolves the {@link Scope} of whoever calls (a person by session or HTTP Basic, or an access token),
 * once per request. The home department's path is
 * read from the database each request (not kept in the session), so a moved department takes effect
 * at once.
 */
@Component
public class CurrentScope {

    private static final String ATTRIBUTE = CurrentScope.class.getName();

    private final DepartmentDirectory departments;

    CurrentScope(DepartmentDirectory departments) {
        this.departments = departments;
    }

    public Scope get() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Scope s) {
            return s;
        }
        Scope scope = resolveCaller();
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
            return Scope.of(user.username(), user.role(), user.departmentId(), Scope.WHOLE_COMPANY);
        }
        return Scope.of(user.username(), user.role(), user.departmentId(), pathOf(user.departmentId()));
    }

    private Scope resolve(TokenCaller token) {
        String path = token.seesSubtree() ? pathOf(token.homeDepartmentId()) : Scope.WHOLE_COMPANY;
        return new Scope(
                token.ownerName(),
                token.role(),
                token.homeDepartmentId(),
                path,
                token.actions(),
                new Scope.TokenRef(token.tokenId(), token.tokenName(), token.scopes()));
    }

    private String pathOf(Long departmentId) {
        return java.util.Optional.ofNullable(departmentId)
                .flatMap(departments::pathOf)
                // A home department that no longer exists leaves its user with nothing to see.
                .orElse("/none/");
    }

    private Scope resolveCaller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof CurrentUser user) {
            return resolve(user);
        }
        if (authentication != null && authentication.getPrincipal() instanceof TokenCaller token) {
            return resolve(token);
        }
        throw new IllegalStateException("No authenticated TagDesk caller in this request");
    }
}
