package dev.tagdesk.localdb;

import com.zaxxer.hikari.HikariDataSource;
import dev.tagdesk.shared.StartupRefusedException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Local mode: with no database configured, TagDesk runs a real PostgreSQL 18 of its own, bound to
 * loopback, with its data in {@code tagdesk.local-db.dir} so that a restart finds everything intact.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalModeCondition.class)
class LocalDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(LocalDatabaseProperties properties) throws IOException {
        Files.createDirectories(properties.dir());
        requireFreePort(properties.port());
        log.info(
                "Local mode: starting embedded PostgreSQL in {} on 127.0.0.1:{}",
                properties.dir().toAbsolutePath(),
                properties.port());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(properties.dir())
                .setCleanDataDirectory(false)
                .setPort(properties.port())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setRegisterShutdownHook(false)
                .start();
        requireOwnServer(postgres, properties);
        return postgres;
    }

    /** The pool closes before the server stops, because the data source depends on the server bean. */
    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(10);
        dataSource.setConnectionTimeout(3_000);
        dataSource.setPoolName("tagdesk-local");
        return dataSource;
    }

    /**
     * With a port already taken, the embedded server fails to bind but the client would silently
     * connect to the other server; refuse to start instead, saying what to change.
     */
    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As PostgreSQL does: a listener still fails the bind, the TIME_WAIT remains of the last run do not.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StartupRefusedException(
                    "Local mode needs port " + port
                            + " on 127.0.0.1 for its embedded PostgreSQL, but another program uses it.",
                    "Stop that program (an earlier TagDesk still running?) or set tagdesk.local-db.port to a free port.");
        }
    }

    private static void requireOwnServer(EmbeddedPostgres postgres, LocalDatabaseProperties properties) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show data_directory")) {
            rs.next();
            String actual = rs.getString(1);
            Path expected = properties.dir().toRealPath();
            if (!Path.of(actual).toRealPath().equals(expected)) {
                throw new StartupRefusedException(
                        "The PostgreSQL on port " + properties.port() + " serves " + actual + ", not " + expected + ".",
                        "Stop that server or choose another tagdesk.local-db.port.");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not check the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}
