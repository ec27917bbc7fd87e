package dev.tagdesk.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.tagdesk.TagDeskApplication;
import dev.tagdesk.demo.DemoData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A TagDesk instance of its own in the test JVM: a whole Spring application (Tomcat on a random port)
 * on the shared test database, beside others, as instances behind a load balancer are. Its heartbeat
 * and scheduled jobs run fast, so that what takes seconds in production takes a moment here.
 */
public final class TagDeskInstance implements AutoCloseable {

    /** Settings every test instance gets (each may be overridden). */
    static final Map<String, String> FAST = Map.of(
            "server.port", "0",
            "spring.main.banner-mode", "off",
            "tagdesk.import.heartbeat", "PT0.2S",
            "tagdesk.import.dead-after", "PT2S",
            "tagdesk.import.shutdown-grace", "PT0.5S",
            "tagdesk.import.longest-wait-for-turn", "PT60S");

    private final String name;
    private final ConfigurableApplicationContext context;

    private TagDeskInstance(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
    }

    /**
     * Starts an instance named {@code name} with {@code settings} ({@code key=value}) over the fast
     * defaults; its database connections carry {@code tagdesk-<name>} as their application name.
     */
    public static TagDeskInstance start(String name, List<String> settings, Class<?>... extraConfiguration) {
        Map<String, String> properties = new LinkedHashMap<>(FAST);
        properties.put("tagdesk.instance.name", name);
        properties.put("spring.datasource.hikari.data-source-properties.ApplicationName", applicationName(name));
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            properties.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        List<Class<?>> sources = new ArrayList<>(List.of(TagDeskApplication.class));
        sources.addAll(List.of(extraConfiguration));
        // As command-line arguments, so that they win over application.properties.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .registerShutdownHook(false)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        return new TagDeskInstance(name, context);
    }

    public static TagDeskInstance start(String name, String... settings) {
        return start(name, List.of(settings));
    }

    public String name() {
        return name;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public JdbcClient jdbc() {
        return bean(JdbcClient.class);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Puts the shared test database back to the demo organisation. */
    public void resetToDemoData() {
        new DemoReset(jdbc(), bean(DemoData.class)).toDemoData();
    }

    /**
     * As a crash would (a kill -9, a machine gone): the database sees every connection of the instance
     * cut (PostgreSQL rolls back what they were doing and frees their locks) and hears nothing from it
     * again, and none of TagDesk's own clean-up reaches the database (its pool is closed before any of
     * it runs). Only then are its threads and web server stopped.
     */
    public void kill() {
        unwrap(bean(DataSource.class)).close();
        terminateConnections();
        context.close();
    }

    private static HikariDataSource unwrap(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void terminateConnections() {
        try (var connection = TestDatabase.server().getPostgresDatabase().getConnection();
                var terminate = connection.prepareStatement(
                        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")) {
            terminate.setString(1, applicationName(name));
            terminate.executeQuery().close();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String applicationName(String name) {
        return "tagdesk-" + name;
    }

    /** A clean stop, as the platform asks for one (SIGTERM): readiness, drain, graceful shutdown. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    /** Polls {@code check} until it holds or {@code within} has passed; returns whether it held. */
    public static boolean within(Duration within, java.util.function.BooleanSupplier check) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return check.getAsBoolean();
    }
}
