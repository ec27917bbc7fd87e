package dev.tagdesk.access;

import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.EarlyAnswers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The one URL rule table. Roles are checked here by URL; what a user may see inside a page is the
 * services' business (the caller's {@link Scope}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Only the application's own scripts and styles; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final String[] PUBLIC = {
        "/login",
        "/error",
        "/webjars/**",
        "/css/**",
        "/js/**",
        "/images/**",
        "/favicon.ico",
        "/actuator/health",
        "/actuator/health/**"
    };

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationProvider authenticationProvider(
            AppUserRepository users, PasswordEncoder passwordEncoder, LoginThrottle throttle) {
        UserDetailsService userDetails = username -> users.findByCanonicalName(UserNames.canonical(username))
                .map(CurrentUser::of)
                .orElseThrow(() -> new UsernameNotFoundException("unknown"));
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(userDetails);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ThrottledAuthenticationProvider(passwords, throttle);
    }

    /**
     * The JSON API: stateless, HTTP Basic, translated problem+json for 401/403, no CSRF (no cookie to
     * ride on). Browsers are never invited to answer a Basic prompt (so they never cache credentials
     * to send along with another site's form), and a request another site's page makes is refused.
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApplicationEventPublisher events, EarlyAnswers answers)
            throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (!CrossSiteRequests.fromBrowser(request)) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"TagDesk\"");
            }
            answers.writeProblem(response, 401, "UNAUTHENTICATED", answers.text(request, "problem.UNAUTHENTICATED"));
        };
        http.securityMatcher("/api/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
                .authorizeHttpRequests(
                        rules -> rules.requestMatchers("/api/v1/audit-events", "/api/v1/audit-events.csv")
                                .hasAnyRole("ADMIN", "AUDITOR")
                                .requestMatchers(HttpMethod.GET)
                                .authenticated()
                                // A segment's preview only reads (an expression in, a count out): auditors too.
                                .requestMatchers(HttpMethod.POST, "/api/v1/segments/preview")
                                .authenticated()
                                .requestMatchers("/api/v1/rules", "/api/v1/rules/**")
                                .hasRole("ADMIN")
                                .requestMatchers(
                                        "/api/v1/users/**",
                                        "/api/v1/departments/**",
                                        "/api/v1/members/*",
                                        "/api/v1/tag-groups/**")
                                .hasRole("ADMIN")
                                .requestMatchers(HttpMethod.POST, "/api/v1/members")
                                .hasRole("ADMIN")
                                // Auditors read everything and change nothing.
                                .anyRequest()
                                .hasAnyRole("ADMIN", "OPS"))
                .addFilterBefore(new CrossSiteRequests(answers), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.realmName("TagDesk").authenticationEntryPoint(unauthenticated))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, e) -> {
                            refused(events, request);
                            answers.writeProblem(
                                    response, 403, "FORBIDDEN", answers.text(request, "problem.FORBIDDEN"));
                        }))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'")));
        return http.build();
    }

    /** The console: form login, CSRF on every form, session fixation protection, strict headers. */
    @Bean
    @Order(2)
    SecurityFilterChain console(
            HttpSecurity http,
            Clock clock,
            ApplicationEventPublisher events,
            @Value("${tagdesk.session.absolute-lifetime:12h}") Duration lifetime)
            throws Exception {
        AccessDeniedHandlerImpl pages = new AccessDeniedHandlerImpl();
        ExceptionMappingAuthenticationFailureHandler failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?locked"));
        failures.setDefaultFailureUrl("/login?error");

        http.authorizeHttpRequests(rules -> rules.requestMatchers(PUBLIC)
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/departments",
                                "/departments/**",
                                "/tag-groups",
                                "/tag-groups/**",
                                "/settings/**",
                                "/rules",
                                "/rules/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/audit", "/audit/**")
                        .hasAnyRole("ADMIN", "AUDITOR")
                        // Auditors read everything and change nothing (logging out is the logout
                        // filter's, before these rules).
                        .requestMatchers(HttpMethod.POST)
                        .hasAnyRole("ADMIN", "OPS")
                        .requestMatchers(HttpMethod.PUT)
                        .hasAnyRole("ADMIN", "OPS")
                        .requestMatchers(HttpMethod.DELETE)
                        .hasAnyRole("ADMIN", "OPS")
                        .requestMatchers(HttpMethod.PATCH)
                        .hasAnyRole("ADMIN", "OPS")
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> {
                    refused(events, request);
                    pages.handle(request, response, e);
                }))
                .formLogin(form -> form.loginPage("/login")
                        .failureHandler(failures)
                        .defaultSuccessUrl("/", true)
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId())
                        .invalidSessionUrl("/login?expired"))
                .addFilterAfter(new AbsoluteSessionLifetimeFilter(lifetime, clock), SecurityContextHolderFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** A request refused for its role (403) is audited, with what was asked for. */
    private static void refused(ApplicationEventPublisher events, HttpServletRequest request) {
        events.publishEvent(AuditRecord.of(
                "ACCESS_DENIED", "route", request.getMethod() + " " + request.getRequestURI(), null, null));
    }
}
