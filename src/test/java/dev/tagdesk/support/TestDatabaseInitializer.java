package dev.tagdesk.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every test context at the shared test database (registered in META-INF/spring.factories),
 * unless the test configured a database of its own or tests local mode ({@code tagdesk.test.local-mode}). The test database holds the demo organisation.
 * Each context gets an instance name of its own ({@code tagdesk.instance.name}) unless the test names it.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger contexts = new AtomicInteger();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // Every test context is an instance of its own on the shared database, as in production: a
        // context starting must not take the imports of another (still cached) for its own.
        if (!context.getEnvironment().containsProperty("tagdesk.instance.name")) {
            context.getEnvironment()
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "tagdesk-test-instance",
                            Map.of("tagdesk.instance.name", "test-context-" + contexts.incrementAndGet())));
        }
        // The cached test contexts beat (and look for abandoned imports) once a minute, not every 5 s, so
        // that a test counting a page's statements does not count a heartbeat's.
        if (!context.getEnvironment().containsProperty("tagdesk.import.heartbeat")) {
            context.getEnvironment()
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "tagdesk-test-heartbeat",
                            Map.of("tagdesk.import.heartbeat", "PT1M", "tagdesk.import.dead-after", "PT3M")));
        }
        // The minutely session clean-up is off in the cached test contexts, which would otherwise take
        // its lock in turn beside the instances of a test that counts who runs it.
        if (!context.getEnvironment().containsProperty("tagdesk.session.clean-up-cron")) {
            context.getEnvironment()
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "tagdesk-test-session-clean-up", Map.of("tagdesk.session.clean-up-cron", "-")));
        }
        if (context.getEnvironment().containsProperty("spring.datasource.url")
                || context.getEnvironment().getProperty("tagdesk.test.local-mode", Boolean.class, false)) {
            return;
        }
        context.getEnvironment()
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "tagdesk-test-database",
                        Map.of(
                                "spring.datasource.url", TestDatabase.url("postgres"),
                                "spring.datasource.username", "postgres",
                                "tagdesk.demo-data", "true",
                                "tagdesk.rules.nightly", "false",
                                "spring.test.database.replace", "none")));
    }
}
