package dev.tagdesk.access;

import static dev.tagdesk.access.ActionRules.may;

import dev.tagdesk.access.token.TokenIntrospector;
import dev.tagdesk.shared.EarlyAnswers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The one URL rule table, in {@link Action}s. What a caller may see and change inside a page is the
 * services' business (the caller's {@link Scope}, which answers {@link Scope#may(Action)} the same way).
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
     * The JSON API: stateless; a person by HTTP Basic or any caller by an access token
     * ({@code Authorization: Bearer tdk_…}, through the resource server's opaque-token introspection
     * over TagDesk's token table); translated problem+json for 401/403; no CSRF (no cookie to ride
     * on). Browsers are never invited to answer a Basic prompt (so they never cache credentials to
     * send along with another site's form), and a request another site's page makes is refused.
     * Every route is an {@link Action}: what a person's role allows, or a token's owner's role and
     * scopes.
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http, EarlyAnswers answers, SecurityProblems problems, TokenIntrospector tokens)
            throws Exception {
        http.securityMatcher("/api/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
                .authorizeHttpRequests(rules -> rules.requestMatchers("/api/v1/tokens", "/api/v1/tokens/**")
                        .access(may(Action.MANAGE_OWN_TOKENS))
                        .requestMatchers("/api/v1/audit-events", "/api/v1/audit-events.csv")
                        .access(may(Action.READ_AUDIT))
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/v1/rules",
                                "/api/v1/rules/**",
                                "/api/v1/rule-runs",
                                "/api/v1/rule-runs/**")
                        .access(may(Action.READ_RULES))
                        .requestMatchers("/api/v1/rules", "/api/v1/rules/**")
                        .access(may(Action.MANAGE_RULES))
                        .requestMatchers("/api/v1/users", "/api/v1/users/**")
                        .access(may(Action.MANAGE_DIRECTORY))
                        .requestMatchers(HttpMethod.GET, "/api/v1/exports/tags.csv")
                        .access(may(Action.READ_TAGS))
                        .requestMatchers(HttpMethod.GET, "/api/v1/exports/member-tags.csv")
                        .access(may(Action.READ_MEMBERS))
                        .requestMatchers(HttpMethod.GET, "/api/v1/imports/**")
                        .access(may(Action.READ_IMPORTS))
                        .requestMatchers("/api/v1/imports", "/api/v1/imports/**", "/api/v1/members/*/tags/**")
                        .access(may(Action.TAG_MEMBERS))
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/v1/departments",
                                "/api/v1/departments/**",
                                "/api/v1/members",
                                "/api/v1/members/**",
                                "/api/v1/event-types",
                                "/api/v1/event-types/**")
                        .access(may(Action.READ_MEMBERS))
                        .requestMatchers(
                                "/api/v1/departments",
                                "/api/v1/departments/**",
                                "/api/v1/members",
                                "/api/v1/members/**")
                        .access(may(Action.MANAGE_DIRECTORY))
                        .requestMatchers("/api/v1/event-types", "/api/v1/event-types/**")
                        .access(may(Action.MANAGE_EVENT_TYPES))
                        .requestMatchers("/api/v1/events", "/api/v1/events/**")
                        .access(may(Action.WRITE_EVENTS))
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/v1/tags",
                                "/api/v1/tags/**",
                                "/api/v1/recycle-bin",
                                "/api/v1/recycle-bin/**",
                                "/api/v1/tag-groups",
                                "/api/v1/tag-groups/**")
                        .access(may(Action.READ_TAGS))
                        .requestMatchers("/api/v1/tag-groups", "/api/v1/tag-groups/**")
                        .access(may(Action.MANAGE_TAG_GROUPS))
                        .requestMatchers("/api/v1/tags", "/api/v1/tags/**", "/api/v1/recycle-bin/**")
                        .access(may(Action.MANAGE_TAGS))
                        .requestMatchers(HttpMethod.GET, "/api/v1/segments", "/api/v1/segments/**")
                        .access(may(Action.READ_SEGMENTS))
                        .requestMatchers(HttpMethod.POST, "/api/v1/segments/preview")
                        .access(may(Action.READ_SEGMENTS))
                        .requestMatchers("/api/v1/segments", "/api/v1/segments/**")
                        .access(may(Action.MANAGE_SEGMENTS))
                        .requestMatchers(HttpMethod.GET)
                        .access(may(Action.READ))
                        .anyRequest()
                        .access(may(Action.CHANGE)))
                .addFilterBefore(new CrossSiteRequests(answers), BasicAuthenticationFilter.class)
                .addFilterBefore(new TokensInAddresses(answers), SecurityContextHolderFilter.class)
                .httpBasic(basic -> basic.realmName("TagDesk").authenticationEntryPoint(problems.unauthenticated()))
                .oauth2ResourceServer(server -> server.opaqueToken(opaque -> opaque.introspector(tokens))
                        .authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems.unauthenticated())
                        .accessDeniedHandler(problems.forbidden()))
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
            SecurityProblems problems,
            @Value("${tagdesk.session.absolute-lifetime:12h}") Duration lifetime)
            throws Exception {
        AccessDeniedHandlerImpl pages = new AccessDeniedHandlerImpl();
        ExceptionMappingAuthenticationFailureHandler failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?locked"));
        failures.setDefaultFailureUrl("/login?error");

        http.authorizeHttpRequests(rules -> rules.requestMatchers(PUBLIC)
                        .permitAll()
                        .requestMatchers("/tokens/service", "/tokens/service/**")
                        .access(may(Action.MANAGE_SERVICE_TOKENS))
                        .requestMatchers("/tokens", "/tokens/**")
                        .access(may(Action.MANAGE_OWN_TOKENS))
                        .requestMatchers(HttpMethod.POST, "/departments", "/departments/**")
                        .access(may(Action.MANAGE_DIRECTORY))
                        .requestMatchers(HttpMethod.POST, "/tag-groups", "/tag-groups/**", "/settings/**")
                        .access(may(Action.MANAGE_TAG_GROUPS))
                        .requestMatchers(HttpMethod.POST, "/rules", "/rules/**")
                        .access(may(Action.MANAGE_RULES))
                        .requestMatchers(HttpMethod.POST, "/event-types", "/event-types/**")
                        .access(may(Action.MANAGE_EVENT_TYPES))
                        .requestMatchers("/audit", "/audit/**")
                        .access(may(Action.READ_AUDIT))
                        // Auditors read everything and change nothing (logging out is the logout
                        // filter's, before these rules).
                        .requestMatchers(HttpMethod.POST)
                        .access(may(Action.CHANGE))
                        .requestMatchers(HttpMethod.PUT)
                        .access(may(Action.CHANGE))
                        .requestMatchers(HttpMethod.DELETE)
                        .access(may(Action.CHANGE))
                        .requestMatchers(HttpMethod.PATCH)
                        .access(may(Action.CHANGE))
                        .anyRequest()
                        .access(may(Action.READ)))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> {
                    problems.audit(request);
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
}
