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
 * Outside every other filter, so it also sees what fails before a controller runs: checking a
 * password or a login lock needs the database too. When the database cannot be reached, an API call
 * gets a 503 problem and a page gets the 503 error page, instead of a misleading "wrong password" or
 * an error with internals. Failures inside controllers are answered the same way by
 * {@link ApiErrors} and {@link PageErrors}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final MessageSource messages;

    DatabaseUnavailableFilter(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (!DatabaseUnavailable.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            log.warn(
                    "Database unavailable while serving {} {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.toString());
            response.resetBuffer();
            response.setHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER);
            if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
                String detail = messages.getMessage("problem.DATABASE_UNAVAILABLE", null, request.getLocale());
                response.setStatus(503);
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter()
                        .write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                                + "\"code\":\"DATABASE_UNAVAILABLE\",\"detail\":\""
                                + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            } else {
                response.sendError(503);
            }
        }
    }
}
