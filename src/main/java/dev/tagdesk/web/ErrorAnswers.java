package dev.tagdesk.web;

import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code /error}, where the container sends what no controller answered: an unknown address, a
 * method a route does not have, a refusal from a filter. An API address gets a problem+json with a
 * {@code code} like every other API answer (Spring's default error JSON has none); a page gets the
 * error page of its status with the translated detail, if a filter gave one. Asked for directly,
 * {@code /error} is an unknown page.
 */
@Controller
class ErrorAnswers implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    /** The statuses with a page of their own ({@code templates/error/<status>.html}). */
    private static final Set<Integer> PAGES = Set.of(400, 403, 404, 405, 409, 413, 500, 503);

    private static final Map<Integer, String> CODES = Map.of(
            400, "BAD_REQUEST",
            401, "UNAUTHENTICATED",
            403, "FORBIDDEN",
            404, "NOT_FOUND",
            405, "METHOD_NOT_ALLOWED",
            413, "BODY_TOO_LARGE",
            415, "UNSUPPORTED_MEDIA_TYPE",
            503, "DATABASE_UNAVAILABLE");

    private final EarlyAnswers answers;

    ErrorAnswers(EarlyAnswers answers) {
        this.answers = answers;
    }

    @RequestMapping("/error")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer code ? code : 404;
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null
                ? "/error"
                : uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        String detail = (String) request.getAttribute(EarlyAnswers.DETAIL);
        String incident = null;
        if (status >= 500 && status != 503) {
            incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("Incident {}: {} answered {}", incident, path, status, (Throwable)
                    request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        if (EarlyAnswers.isApiPath(path) || uri == null && !acceptsHtml(request)) {
            String code = incident != null ? "INTERNAL_ERROR" : CODES.getOrDefault(status, "BAD_REQUEST");
            if (detail == null) {
                detail = code.equals("BODY_TOO_LARGE")
                        ? answers.text(request, "problem.REQUEST_TOO_LARGE")
                        : answers.text(request, "problem." + code, incident);
            }
            answers.writeProblem(response, status, code, detail);
            return null;
        }
        ModelAndView page = new ModelAndView(PAGES.contains(status) ? "error/" + status : "error");
        page.setStatus(HttpStatus.resolve(status) == null ? HttpStatus.BAD_REQUEST : HttpStatus.valueOf(status));
        page.addObject("detail", detail);
        page.addObject("incident", incident);
        return page;
    }

    private static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
