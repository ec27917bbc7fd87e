package dev.tagdesk.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers for requests refused before a controller runs (in a filter): an API call gets a
 * problem+json with its {@code code}, a page the error page of the status, which shows the same
 * translated detail. Both in the language the user chose (the {@code tagdesk-lang} cookie), since no
 * controller has resolved it yet.
 */
@Component
public class EarlyAnswers {

    /** The request attribute the error page reads its detail from. */
    public static final String DETAIL = "tagdesk.problemDetail";

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final JsonMapper json;

    EarlyAnswers(MessageSource messages, LocaleResolver locales, JsonMapper json) {
        this.messages = messages;
        this.locales = locales;
        this.json = json;
    }

    public String text(HttpServletRequest request, String key, Object... args) {
        return messages.getMessage(key, args, key, locales.resolveLocale(request));
    }

    public void answer(HttpServletRequest request, HttpServletResponse response, int status, String code, String detail)
            throws IOException {
        response.resetBuffer();
        if (!isApi(request)) {
            request.setAttribute(DETAIL, detail);
            response.sendError(status);
            return;
        }
        writeProblem(response, status, code, detail);
    }

    /** A problem+json body with its {@code code}, like every answer of the API. */
    public void writeProblem(HttpServletResponse response, int status, String code, String detail) throws IOException {
        writeProblem(response, status, code, detail, Map.of());
    }

    /** The same, with more members (e.g. the {@code scope} a token lacks). */
    public void writeProblem(
            HttpServletResponse response, int status, String code, String detail, Map<String, Object> more)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        HttpStatus known = HttpStatus.resolve(status);
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("code", code);
        problem.put("detail", detail);
        problem.putAll(more);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
    }

    /** The JSON API and its OpenAPI description; everything else is the console. */
    public static boolean isApi(HttpServletRequest request) {
        return isApiPath(
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    public static boolean isApiPath(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/") || path.startsWith("/v3/api-docs"));
    }
}
