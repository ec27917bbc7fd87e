package dev.tagdesk.access;

import dev.tagdesk.access.token.TokenSecrets;
import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Access tokens go in the {@code Authorization} header only. An address carrying one (in its path or
 * query, or as {@code access_token}) ends up in proxies' and servers' logs and browser histories, so
 * the call is refused with 400 {@code TOKEN_IN_ADDRESS} before anything reads it — and the refusal
 * never repeats the address.
 */
class TokensInAddresses extends OncePerRequestFilter {

    private final EarlyAnswers answers;

    TokensInAddresses(EarlyAnswers answers) {
        this.answers = answers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (carriesToken(request)) {
            answers.writeProblem(response, 400, "TOKEN_IN_ADDRESS", answers.text(request, "problem.TOKEN_IN_ADDRESS"));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean carriesToken(HttpServletRequest request) {
        String query = request.getQueryString();
        String address = request.getRequestURI() + (query == null ? "" : "?" + query);
        String decoded;
        try {
            decoded = URLDecoder.decode(address, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = address;
        }
        return TokenSecrets.ANYWHERE.matcher(decoded).find()
                || (query != null && query.toLowerCase(java.util.Locale.ROOT).matches("(^|.*&)access_token=.*"));
    }
}
