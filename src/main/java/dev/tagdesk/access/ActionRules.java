package dev.tagdesk.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * URL rules written as {@link Action}s: a route is allowed when the caller's authorities hold the
 * action (a person's come from their role, a token's from its owner's role and its scopes). A refusal
 * leaves the action on the request, so the 403 can name the token scope that is missing.
 */
final class ActionRules {

    /** The request attribute holding the {@link Action} a URL rule refused. */
    static final String REFUSED_ACTION = ActionRules.class.getName() + ".refused";

    private ActionRules() {}

    static AuthorizationManager<RequestAuthorizationContext> may(Action action) {
        return (authentication, context) -> {
            Authentication caller = authentication.get();
            boolean granted = caller != null
                    && caller.isAuthenticated()
                    && !(caller instanceof AnonymousAuthenticationToken)
                    && caller.getAuthorities().stream()
                            .anyMatch(a -> a.getAuthority().equals(action.authority()));
            if (!granted) {
                context.getRequest().setAttribute(REFUSED_ACTION, action);
            }
            return new AuthorizationDecision(granted);
        };
    }

    static Action refused(HttpServletRequest request) {
        return request.getAttribute(REFUSED_ACTION) instanceof Action action ? action : null;
    }
}
