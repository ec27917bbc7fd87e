package dev.tagdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagdesk.shared.StartupRefusedException;
import dev.tagdesk.support.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How TagDesk starts: local mode with its own PostgreSQL, and external mode on an empty database. */
class StartupModesTests {

    @Test
    void externalModeRefusesToStartWithoutAFirstAdminPassword() {
        String database = TestDatabase.createDatabase("external_no_admin");
        assertThatThrownBy(() -> start("--spring.datasource.url=" + TestDatabase.url(database)))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(StartupRefusedException.class)
                        .hasMessageContaining("no first admin password"));
    }

    @Test
    void externalModeRefusesAFirstAdminPasswordLongerThanBcryptReads() {
        String database = TestDatabase.createDatabase("external_long_admin");
        assertThatThrownBy(() -> start(
                        "--spring.datasource.url=" + TestDatabase.url(database),
                        "--tagdesk.admin-password=" + "x".repeat(73)))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(StartupRefusedException.class)
                        .hasMessageContaining("too long"));
    }

    @Test
    void externalModeCreatesTheFirstAdminAndSeedsNoDemoData() {
        String database = TestDatabase.createDatabase("external_admin");
        try (ConfigurableApplicationContext app = start(
                "--spring.datasource.url=" + TestDatabase.url(database),
                "--tagdesk.admin-password=first-admin-secret")) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select username || ':' || role from app_user")
                            .query(String.class)
                            .list())
                    .containsExactly("admin:ADMIN");
            assertThat(jdbc.sql("select count(*) from department")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'USER_CREATED' and actor = 'system'")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void localModeRunsItsOwnPostgresqlSeedsTheDemoOnceAndKeepsDataAcrossRestarts(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("pg");
        int port = freePort();
        String[] args = {
            "--tagdesk.test.local-mode=true", "--tagdesk.local-db.dir=" + data, "--tagdesk.local-db.port=" + port
        };

        try (ConfigurableApplicationContext app = start(args)) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("show data_directory").query(String.class).single())
                    .isEqualTo(data.toRealPath().toString());
            assertThat(jdbc.sql("select count(*) from member").query(Long.class).single())
                    .isEqualTo(320);
            jdbc.sql(
                            "insert into department (name, code, parent_id, path, depth) values ('留存测试', 'KEEP', 1, '/1/999/', 1)")
                    .update();
        }
        assertThat(portIsFree(port))
                .as("the embedded PostgreSQL stopped with the application")
                .isTrue();
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();

        try (ConfigurableApplicationContext app = start(args)) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from department where code = 'KEEP'")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from member").query(Long.class).single())
                    .as("the demo organisation is seeded once, not again")
                    .isEqualTo(320);
        }
    }

    @Test
    void localModeRefusesAPortThatAnotherProgramHolds(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start(
                            "--tagdesk.test.local-mode=true",
                            "--tagdesk.local-db.dir=" + dir.resolve("pg"),
                            "--tagdesk.local-db.port=" + taken.getLocalPort()))
                    .hasRootCauseInstanceOf(StartupRefusedException.class)
                    .rootCause()
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        all[args.length + 1] = "--spring.main.banner-mode=off";
        return new SpringApplicationBuilder(TagDeskApplication.class).run(all);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
