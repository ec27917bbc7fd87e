package dev.tagdesk.web;

import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Requests Spring Security's firewall refuses to read (an encoded line break, a {@code ..} or a
 * {@code ;} in the path): 400 with a problem+json for the API and the error page for the console,
 * logged in one line, instead of a bare status.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);

    private final EarlyAnswers answers;

    RejectedRequests(EarlyAnswers answers) {
        this.answers = answers;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), rejected.getMessage());
        answers.answer(request, response, 400, "BAD_REQUEST", answers.text(request, "problem.BAD_REQUEST"));
    }
}
