package dev.tagdesk.access;

import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API calls that another site's page makes a browser send: a browser that once logged in to
 * the API could otherwise send its cached credentials with a form posted from anywhere (a multipart
 * import applied itself). A call from a page of another origin says so, in {@code Sec-Fetch-Site}
 * (every current browser) or in {@code Origin}; programs send neither. A bearer token is never sent by
 * a browser on its own, so a call carrying one is the caller's own choice and passes.
 */
class CrossSiteRequests extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteRequests.class);

    private final EarlyAnswers answers;

    CrossSiteRequests(EarlyAnswers answers) {
        this.answers = answers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isCrossSite(request) && !carriesBearerToken(request)) {
            log.info(
                    "Refused a cross-site API call: {} {} (Origin {}, Sec-Fetch-Site {})",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getHeader("Origin"),
                    request.getHeader("Sec-Fetch-Site"));
            answers.writeProblem(
                    response, 403, "CROSS_SITE_REFUSED", answers.text(request, "problem.CROSS_SITE_REFUSED"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** A browser sends {@code Sec-Fetch-Mode} on every request; programs do not. */
    static boolean fromBrowser(HttpServletRequest request) {
        return request.getHeader("Sec-Fetch-Mode") != null;
    }

    static boolean isCrossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin, request);
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = URI.create(origin.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null", from a sandboxed frame or a file
            }
            int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            return uri.getScheme().equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean carriesBearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ");
    }
}
