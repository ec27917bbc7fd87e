package dev.tagdesk.web;

import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside every other filter, for the failures that happen before a controller runs, in the
 * security filters:
 *
 * <ul>
 *   <li>the database cannot be reached (checking a password or a login lock needs it too): 503, not
 *       a misleading "wrong password";
 *   <li>an upload over the limit (the CSRF check reads the form's token, which makes the container
 *       parse the oversized upload): 413 FILE_TOO_LARGE, not a 500 or "session expired".
 * </ul>
 *
 * An API call gets the problem, a page the error page of that status. Failures inside controllers
 * are answered the same way by {@link ApiErrors} and {@link PageErrors}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class FailuresBeforeControllersFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FailuresBeforeControllersFilter.class);

    private final EarlyAnswers answers;

    FailuresBeforeControllersFilter(EarlyAnswers answers) {
        this.answers = answers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (response.isCommitted()) {
                throw e;
            }
            if (UploadTooLarge.partHeadersTooLong(e)) {
                answers.answer(
                        request,
                        response,
                        400,
                        "FILE_NAME_TOO_LONG",
                        answers.text(request, "refusal.FILE_NAME_TOO_LONG", DisplayNames.MAX_FILE_NAME));
            } else if (UploadTooLarge.causedBy(e)) {
                log.info(
                        "Refused an upload over the limit: {} {} ({} bytes)",
                        request.getMethod(),
                        request.getRequestURI(),
                        request.getContentLengthLong());
                answers.answer(
                        request,
                        response,
                        413,
                        "FILE_TOO_LARGE",
                        answers.text(request, "import.FILE_TOO_LARGE", 0, 0, UploadTooLarge.size(request)));
            } else if (DatabaseUnavailable.causedBy(e)) {
                log.warn(
                        "Database unavailable while serving {} {}: {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        e.toString());
                response.setHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER);
                request.setAttribute(DatabaseUnavailable.ANSWERED, Boolean.TRUE);
                answers.answer(
                        request,
                        response,
                        503,
                        "DATABASE_UNAVAILABLE",
                        answers.text(request, "problem.DATABASE_UNAVAILABLE"));
            } else {
                throw e;
            }
        }
    }
}
