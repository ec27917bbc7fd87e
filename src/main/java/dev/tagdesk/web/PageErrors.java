package dev.tagdesk.web;

import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Friendly error pages for the console: 404 (missing or out of scope alike), 400, and 500 with an incident id. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final org.springframework.context.MessageSource messages;

    PageErrors(org.springframework.context.MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(HttpServletResponse response) {
        response.setStatus(404);
        return "error/404";
    }

    /**
     * Parameters that do not fit (text in a number field, an unknown choice, a list index beyond what
     * a form binds, such as {@code clauses[5000].type}): nothing was changed.
     */
    @ExceptionHandler({
        org.springframework.beans.InvalidPropertyException.class,
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class,
        org.springframework.validation.BindException.class,
        org.springframework.web.multipart.MultipartException.class,
        org.springframework.web.multipart.support.MissingServletRequestPartException.class
    })
    String badRequest(Exception e, HttpServletResponse response, Model model) {
        log.info("Refused a request whose parameters do not fit: {}", e.getMessage());
        response.setStatus(400);
        if (UploadTooLarge.partHeadersTooLong(e)) {
            model.addAttribute("detail", fileNameTooLong());
        }
        return "error/400";
    }

    /** An upload over the limit: a page that says so, and how to go on (the file was not read). */
    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    String tooLarge(Exception e, HttpServletResponse response, Model model) {
        if (UploadTooLarge.partHeadersTooLong(e)) {
            return badRequest(e, response, model);
        }
        response.setStatus(413);
        return "error/413";
    }

    private String fileNameTooLong() {
        return messages.getMessage(
                "refusal.FILE_NAME_TOO_LONG",
                new Object[] {DisplayNames.MAX_FILE_NAME},
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    /** Rethrown so Spring Security answers it: the 403 page for users, the login page for anonymous ones. */
    @ExceptionHandler(AccessDeniedException.class)
    void accessDenied(AccessDeniedException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletResponse response, Model model) {
        if (UploadTooLarge.causedBy(e) || UploadTooLarge.partHeadersTooLong(e)) {
            return tooLarge(e, response, model);
        }
        if (DatabaseUnavailable.causedBy(e)) {
            log.warn("Database unavailable on a page: {}", e.toString());
            response.setStatus(503);
            response.setHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER);
            return "error/503";
        }
        if (e instanceof org.springframework.dao.ConcurrencyFailureException) {
            // Two saves of the same row raced past the version check; the later one lost.
            response.setStatus(409);
            return "error/409";
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        log.error("Incident {}: unexpected error on a page", incident, e);
        response.setStatus(500);
        model.addAttribute("incident", incident);
        return "error/500";
    }
}
