package dev.tagdesk.web;

import dev.tagdesk.access.ActionRefusedException;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The JSON API's errors: RFC 9457 problem+json with a stable {@code code}, and for broken rules an
 * {@code errors} list of {field, code, message}. Never a stack trace, SQL or class name: an
 * unexpected failure answers with an incident id that is in the log.
 */
@RestControllerAdvice(annotations = ApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final MessageSource messages;

    ApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(RefusedException.class)
    ResponseEntity<ProblemDetail> refused(RefusedException e) {
        List<Map<String, Object>> errors = e.refusals().stream()
                .map(r -> Map.<String, Object>of("field", r.field(), "code", r.code(), "message", message(r)))
                .toList();
        ProblemDetail problem = problem(
                HttpStatus.valueOf(e.status()), e.code(), message(e.refusals().get(0)));
        problem.setProperty("errors", errors);
        e.details().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "NOT_FOUND", text("problem.NOT_FOUND")));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
        if (e instanceof ActionRefusedException refused && refused.missingScope() != null) {
            String scope = refused.missingScope().code();
            ProblemDetail problem =
                    problem(HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE", text("problem.INSUFFICIENT_SCOPE", scope));
            problem.setProperty("scope", scope);
            return respond(problem);
        }
        return respond(problem(HttpStatus.FORBIDDEN, "FORBIDDEN", text("problem.FORBIDDEN")));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            ProblemDetail problem = problem(
                    HttpStatus.BAD_REQUEST, "UNKNOWN_FIELD", text("problem.UNKNOWN_FIELD", unknown.getPropertyName()));
            problem.setProperty(
                    "errors",
                    List.of(Map.of(
                            "field", unknown.getPropertyName(),
                            "code", "UNKNOWN_FIELD",
                            "message", text("problem.UNKNOWN_FIELD", unknown.getPropertyName()))));
            return respond(problem);
        }
        if (e.getCause() instanceof InvalidFormatException invalid
                && (invalid.getTargetType() == String.class || invalid.getTargetType() == Instant.class)) {
            return fieldProblem(invalid);
        }
        if (e.getCause() instanceof MismatchedInputException mismatched
                && mismatched.getTargetType() != null
                && mismatched.getTargetType().isEnum()) {
            return notAllowed(mismatched);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TextInputFilter.BodyTooLarge tooLarge) {
                return respond(problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "BODY_TOO_LARGE",
                        text("problem.BODY_TOO_LARGE", String.format("%,d", tooLarge.limit()))));
            }
        }
        return respond(problem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", text("problem.MALFORMED_JSON")));
    }

    /** An enumerated field holding none of its values: which field, what it held, and what it takes. */
    private ResponseEntity<ProblemDetail> notAllowed(MismatchedInputException mismatched) {
        String field = fieldOf(mismatched);
        Object value = mismatched instanceof InvalidFormatException invalid ? invalid.getValue() : null;
        String allowed = java.util.Arrays.stream(mismatched.getTargetType().getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name())
                .collect(java.util.stream.Collectors.joining(", "));
        return refused(RefusedException.invalid(
                field, "VALUE_NOT_ALLOWED", field, value == null ? "" : String.valueOf(value), allowed));
    }

    private static String fieldOf(MismatchedInputException mismatched) {
        return mismatched.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : String.valueOf(reference.getIndex()))
                .collect(java.util.stream.Collectors.joining("."));
    }

    /** A JSON string or time refused by {@link JsonTextChecks}, named by the field it was in. */
    private ResponseEntity<ProblemDetail> fieldProblem(InvalidFormatException invalid) {
        String field = fieldOf(invalid);
        boolean text = invalid.getTargetType() == String.class;
        String code = text ? "TEXT_INVALID_CHARACTER" : "DATE_OUT_OF_RANGE";
        String detail = text("problem." + code, field, invalid.getValue());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, code, detail);
        problem.setProperty("errors", List.of(Map.of("field", field, "code", code, "message", detail)));
        return respond(problem);
    }

    @ExceptionHandler({
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class,
        org.springframework.validation.BindException.class
    })
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "BAD_PARAMETER", text("problem.BAD_PARAMETER")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(Exception e) {
        return respond(problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", text("problem.UNSUPPORTED_MEDIA_TYPE")));
    }

    /** The client accepts nothing the API writes, so the answer has no body to show it. */
    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Void> notAcceptable(Exception e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(Exception e) {
        return respond(
                problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", text("problem.METHOD_NOT_ALLOWED")));
    }

    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(Exception e, HttpServletRequest request) {
        if (UploadTooLarge.partHeadersTooLong(e)) {
            return refused(RefusedException.invalid("file", "FILE_NAME_TOO_LONG", DisplayNames.MAX_FILE_NAME));
        }
        return respond(problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "FILE_TOO_LARGE",
                text("import.FILE_TOO_LARGE", 0, 0, UploadTooLarge.size(request))));
    }

    @ExceptionHandler({
        org.springframework.web.multipart.support.MissingServletRequestPartException.class,
        org.springframework.web.multipart.MultipartException.class
    })
    ResponseEntity<ProblemDetail> badUpload(Exception e, HttpServletRequest request) {
        if (UploadTooLarge.partHeadersTooLong(e)) {
            return tooLarge(e, request);
        }
        return respond(problem(HttpStatus.BAD_REQUEST, "BAD_PARAMETER", text("problem.BAD_PARAMETER")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (UploadTooLarge.causedBy(e) || UploadTooLarge.partHeadersTooLong(e)) {
            return tooLarge(e, request);
        }
        if (DatabaseUnavailable.causedBy(e)) {
            log.warn("Database unavailable in the API: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "DATABASE_UNAVAILABLE",
                            text("problem.DATABASE_UNAVAILABLE")));
        }
        if (e instanceof org.springframework.dao.ConcurrencyFailureException) {
            // Two saves of the same row raced past the version check; the later one lost.
            return refused(RefusedException.conflict("version", "VERSION_STALE"));
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        log.error("Incident {}: unexpected error in the API", incident, e);
        ProblemDetail problem =
                problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", text("problem.INTERNAL_ERROR", incident));
        problem.setProperty("incident", incident);
        return respond(problem);
    }

    private ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private String message(Refusal refusal) {
        return messages.getMessage(
                refusal.messageKey(), refusal.args(), refusal.code(), LocaleContextHolder.getLocale());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
