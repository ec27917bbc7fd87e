package dev.tagdesk.access;

import dev.tagdesk.access.token.TokenCaller;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * The one writer of the API's 401 and 403: translated problem+json with a {@code code}. A 401 says
 * only that the credentials did not work (never whether a token was unknown, expired or revoked); a
 * 403 for a token whose owner may do the thing but whose scopes do not cover it is
 * {@code INSUFFICIENT_SCOPE} and names the scope. Every 403 is audited.
 */
@Component
class SecurityProblems {

    private final EarlyAnswers answers;
    private final ApplicationEventPublisher events;

    SecurityProblems(EarlyAnswers answers, ApplicationEventPublisher events) {
        this.answers = answers;
        this.events = events;
    }

    AuthenticationEntryPoint unauthenticated() {
        return (request, response, e) -> {
            if (carriesBearer(request)) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"TagDesk\", error=\"invalid_token\"");
            } else if (!CrossSiteRequests.fromBrowser(request)) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"TagDesk\"");
            }
            answers.writeProblem(response, 401, "UNAUTHENTICATED", answers.text(request, "problem.UNAUTHENTICATED"));
        };
    }

    AccessDeniedHandler forbidden() {
        return (request, response, e) -> {
            Action action =
                    e instanceof ActionRefusedException refused ? refused.action() : ActionRules.refused(request);
            forbid(request, response, action);
        };
    }

    /** Audits the refusal and answers 403, naming the missing token scope where one would help. */
    void forbid(HttpServletRequest request, HttpServletResponse response, Action action) throws IOException {
        audit(request);
        TokenScope missing = missingScope(action);
        if (missing != null) {
            answers.writeProblem(
                    response,
                    403,
                    "INSUFFICIENT_SCOPE",
                    answers.text(request, "problem.INSUFFICIENT_SCOPE", missing.code()),
                    Map.of("scope", missing.code()));
            return;
        }
        answers.writeProblem(response, 403, "FORBIDDEN", answers.text(request, "problem.FORBIDDEN"));
    }

    void audit(HttpServletRequest request) {
        events.publishEvent(AuditRecord.of(
                "ACCESS_DENIED", "route", request.getMethod() + " " + request.getRequestURI(), null, null));
    }

    private static TokenScope missingScope(Action action) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (action == null || caller == null || !(caller.getPrincipal() instanceof TokenCaller token)) {
            return null;
        }
        if (action.tokenScope() == null || action.coveredBy(token.scopes())) {
            return null;
        }
        return action.tokenScope();
    }

    private static boolean carriesBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
