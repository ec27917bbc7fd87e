package dev.tagdesk.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Arrays;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The "database unavailable" page is made without the session: the session lives in the database,
 * and looking it up for the error page (Spring Security does, for the page's header) would fail again
 * and leave the container's bare report. On the error dispatch of a request answered 503 for that
 * reason, the session cookie is hidden from Spring Session (whose filter comes after this one), so the
 * page is made as for someone not logged in; the session itself is untouched for the next request.
 */
@Configuration(proxyBeanMethods = false)
class OutagePageWithoutSession {

    @Bean
    FilterRegistrationBean<Filter> outagePageFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            if (request instanceof HttpServletRequest http && http.getAttribute(DatabaseUnavailable.ANSWERED) != null) {
                chain.doFilter(withoutSessionCookie(http), response);
            } else {
                chain.doFilter(request, response);
            }
        });
        registration.setDispatcherTypes(DispatcherType.ERROR);
        // Before Spring Session's filter (Integer.MIN_VALUE + 50).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    private static HttpServletRequest withoutSessionCookie(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public Cookie[] getCookies() {
                Cookie[] cookies = super.getCookies();
                return cookies == null
                        ? null
                        : Arrays.stream(cookies)
                                .filter(cookie -> !cookie.getName().equals("SESSION"))
                                .toArray(Cookie[]::new);
            }
        };
    }
}
