package dev.tagdesk.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
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

    private final MessageSource messages;

    FailuresBeforeControllersFilter(MessageSource messages) {
        this.messages = messages;
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
            if (UploadTooLarge.causedBy(e)) {
                log.info(
                        "Refused an upload over the limit: {} {} ({} bytes)",
                        request.getMethod(),
                        request.getRequestURI(),
                        request.getContentLengthLong());
                String detail = messages.getMessage(
                        "import.FILE_TOO_LARGE",
                        new Object[] {0, 0, UploadTooLarge.size(request)},
                        request.getLocale());
                answer(request, response, 413, "Content Too Large", "FILE_TOO_LARGE", detail);
            } else if (DatabaseUnavailable.causedBy(e)) {
                log.warn(
                        "Database unavailable while serving {} {}: {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        e.toString());
                response.setHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER);
                String detail = messages.getMessage("problem.DATABASE_UNAVAILABLE", null, request.getLocale());
                answer(request, response, 503, "Service Unavailable", "DATABASE_UNAVAILABLE", detail);
            } else {
                throw e;
            }
        }
    }

    private static void answer(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String title,
            String code,
            String detail)
            throws IOException {
        response.resetBuffer();
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.sendError(status);
            return;
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"code\":\""
                        + code + "\",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
