package dev.tagdesk.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The packaged TagDesk ({@code mvn -DskipTests package} first) started as its own process in local
 * mode on loopback, with its embedded PostgreSQL in a data directory of its own, as an operator runs it.
 */
public final class PackagedApp implements AutoCloseable {

    public final int port;
    public final int databasePort;
    public final Path dataDirectory;
    /** External mode: the database's JDBC URL (user postgres); null in local mode. */
    private final String externalDatabase;
    private Process process;

    public PackagedApp(Path dataDirectory) throws IOException {
        this(dataDirectory, freePort(), freePort(), null);
    }

    private PackagedApp(Path dataDirectory, int port, int databasePort, String externalDatabase) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.databasePort = databasePort;
        this.externalDatabase = externalDatabase;
    }

    /**
     * The packaged TagDesk in external mode on a database of the benchmark's (user postgres), as one
     * of several instances on it; start it with {@code --tagdesk.instance.name=…} of its own.
     */
    public static PackagedApp external(String jdbcUrl, int databasePort) throws IOException {
        return new PackagedApp(null, freePort(), databasePort, jdbcUrl);
    }

    /** The same TagDesk again, on the same ports and data directory, as an operator's restart. */
    public PackagedApp restarted() {
        return new PackagedApp(dataDirectory, port, databasePort, externalDatabase);
    }

    /** Starts the jar and waits until its health answers UP. */
    public PackagedApp start(String... extraArguments) throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("tagdesk-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No packaged TagDesk in target/: run mvn -DskipTests package first"));
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--tagdesk.rules.nightly=false",
                "--spring.main.banner-mode=off"));
        if (externalDatabase == null) {
            command.addAll(List.of(
                    "--tagdesk.local-db.dir=" + dataDirectory, "--tagdesk.local-db.port=" + databasePort));
        } else {
            command.addAll(List.of(
                    "--spring.datasource.url=" + externalDatabase + "?reWriteBatchedInserts=true",
                    "--spring.datasource.username=postgres",
                    "--tagdesk.demo-data=true"));
        }
        command.addAll(List.of(extraArguments));
        Files.createDirectories(Path.of("target", "bench"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("target", "bench", "packaged-app.log").toFile()))
                .start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("TagDesk exited with " + process.exitValue()
                        + "; see target/bench/packaged-app.log");
            }
            try {
                HttpResponse<Void> health = client.send(
                        HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("TagDesk did not become healthy within 3 minutes");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A connection to the app's own PostgreSQL, to count what the clients say they wrote. */
    public Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /** The JDBC URL of the app's PostgreSQL (user postgres, no password, loopback only). */
    public String jdbcUrl() {
        return externalDatabase != null ? externalDatabase : "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres";
    }

    /** kill -9 of the JVM alone: no shutdown hook, no graceful close; its database lives on. */
    public void killJvm() throws Exception {
        process.destroyForcibly();
        process.waitFor();
    }

    /** kill -9: no shutdown hook, no graceful close of the pool or the database. */
    public void killHard() throws Exception {
        process.destroyForcibly();
        process.waitFor();
        // The embedded PostgreSQL outlives its parent: kill it too, as a machine losing power would,
        // so that the restart goes through PostgreSQL's crash recovery.
        new ProcessBuilder("pkill", "-9", "-f", dataDirectory.toString()).start().waitFor();
        Thread.sleep(1_000);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
