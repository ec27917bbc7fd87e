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
 * Outside the security filters, for an upload over the limit that fails there: the CSRF check reads
 * the form's token from the request's parameters, which makes the container parse the oversized
 * upload and fail before any controller runs. The API answers 413 FILE_TOO_LARGE as a problem, a page
 * the 413 error page; nothing was read or changed. Failures inside controllers are answered the same
 * way by {@link ApiErrors} and {@link PageErrors}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class UploadTooLargeFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(UploadTooLargeFilter.class);

    private final MessageSource messages;

    UploadTooLargeFilter(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (!UploadTooLarge.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            log.info(
                    "Refused an upload over the limit: {} {} ({} bytes)",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getContentLengthLong());
            response.resetBuffer();
            if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
                String detail = messages.getMessage(
                        "import.FILE_TOO_LARGE",
                        new Object[] {0, 0, UploadTooLarge.size(request)},
                        request.getLocale());
                response.setStatus(413);
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter()
                        .write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                                + "\"code\":\"FILE_TOO_LARGE\",\"detail\":\""
                                + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            } else {
                response.sendError(413);
            }
        }
    }
}
