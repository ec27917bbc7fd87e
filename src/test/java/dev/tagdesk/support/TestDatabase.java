package dev.tagdesk.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 18 per test JVM, started on first use (random port, temporary directory) and
 * shared by every Spring context; stopped when the JVM exits.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;
    private static final AtomicInteger databases = new AtomicInteger();

    private TestDatabase() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL for the tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return server;
    }

    public static String url(String database) {
        return server().getJdbcUrl("postgres", database) + "&reWriteBatchedInserts=true";
    }

    /** A fresh, empty database on the shared server, for tests of start-up against an empty schema. */
    public static String createDatabase(String prefix) {
        String name = prefix + "_" + databases.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return name;
    }
}
