package dev.tagdesk.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every test context at the shared test database (registered in META-INF/spring.factories),
 * unless the test configured a database of its own or tests local mode ({@code tagdesk.test.local-mode}). The test database holds the demo organisation.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
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
