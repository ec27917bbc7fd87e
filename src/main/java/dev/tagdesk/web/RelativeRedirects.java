package dev.tagdesk.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.RelativeRedirectFilter;

/**
 * Every redirect says only where to go on this server ({@code Location: /login?error}), never a URL
 * built from the {@code Host} the client sent ({@code http://evil.example/login}). Tomcat keeps
 * redirects relative by itself ({@code server.tomcat.use-relative-redirects}) for HTTP/1.1 only; an
 * HTTP/1.0 request, which is what nginx sends to its upstream unless told otherwise, would still get
 * one built from its Host. This filter, outside Spring Security's, writes the status and the header
 * itself for every version. Redirects stay 302, as before.
 */
@Configuration(proxyBeanMethods = false)
class RelativeRedirects {

    @Bean
    FilterRegistrationBean<RelativeRedirectFilter> relativeRedirectFilter() {
        RelativeRedirectFilter filter = new RelativeRedirectFilter();
        filter.setRedirectStatus(HttpStatus.FOUND);
        FilterRegistrationBean<RelativeRedirectFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
