package dev.tagdesk.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * A real second PostgreSQL 18 streaming from the test server: a hot standby, as a read replica is in
 * production. The embedded binaries have no {@code pg_basebackup}, so the base backup is PostgreSQL's
 * own low-level one ({@code pg_backup_start}, a copy of the data directory, {@code pg_backup_stop} and
 * its backup label), then the copy starts with {@code standby.signal} and a {@code primary_conninfo}
 * and streams the primary's WAL over a replication connection (the embedded server's pg_hba trusts
 * loopback replication connections).
 */
public final class TestStandby implements AutoCloseable {

    private final EmbeddedPostgres standby;
    private final Path data;

    private TestStandby(EmbeddedPostgres standby, Path data) {
        this.standby = standby;
        this.data = data;
    }

    /** Makes and starts a standby of the shared test server. */
    public static TestStandby ofTheTestDatabase() {
        EmbeddedPostgres primary = TestDatabase.server();
        try (Connection connection = primary.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            Path data = Path.of(single(sql, "show data_directory"));
            Path copy = Files.createTempDirectory("tagdesk-standby");
            sql.execute("select pg_backup_start('tagdesk-test-standby', true)");
            copyDataDirectory(data, copy);
            String label = single(sql, "select labelfile from pg_backup_stop(true)");
            Files.writeString(copy.resolve("backup_label"), label);
            Files.writeString(copy.resolve("standby.signal"), "");
            Files.writeString(
                    copy.resolve("postgresql.auto.conf"),
                    "\nprimary_conninfo = 'host=localhost port=" + primary.getPort()
                            + " user=postgres application_name=tagdesk-test-standby'\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new TestStandby(
                    EmbeddedPostgres.builder()
                            .setDataDirectory(copy)
                            .setCleanDataDirectory(false)
                            .start(),
                    copy);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not make a standby of the test database", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The primary's data directory without what a base backup leaves out (its WAL, its pid, the lock). */
    private static void copyDataDirectory(Path data, Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = data.relativize(file).toString().replace('\\', '/');
                if (relative.equals("postmaster.pid")
                        || relative.equals("postmaster.opts")
                        || relative.equals("epg-lock")
                        || relative.startsWith("pg_wal/")) {
                    continue;
                }
                Path target = copy.resolve(data.relativize(file));
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(file, target);
                    } catch (NoSuchFileException goneMeanwhile) {
                        // A temporary file the server removed while it was copied: not needed.
                    }
                }
            }
        }
        Files.createDirectories(copy.resolve("pg_wal/archive_status"));
    }

    public String url(String database) {
        return standby.getJdbcUrl("postgres", database);
    }

    public EmbeddedPostgres server() {
        return standby;
    }

    /** Runs one statement on the standby, returning its first column as text. */
    public String query(String sql) {
        try (Connection connection = standby.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            return single(statement, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() {
        try {
            standby.close();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
