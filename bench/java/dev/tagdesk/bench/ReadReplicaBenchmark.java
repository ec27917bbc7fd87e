package dev.tagdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.TagDeskInstance;
import dev.tagdesk.support.TestStandby;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The read replica, measured: a hot standby streaming from the benchmark's PostgreSQL (both on this
 * machine), the scale organisation (≈1,000,000 assignments) written on the primary, how long the
 * standby takes to replay it, and the member-tag export of all of it over HTTP from an instance that
 * reads its exports from the standby against one that reads the primary, alternated in the same run.
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=ReadReplicaBenchmark}
 */
class ReadReplicaBenchmark {

    static final int RUNS = 3;

    @Test
    void exportsFromTheReplicaAgainstThePrimary() throws Exception {
        StringBuilder out = new StringBuilder();
        long started = System.nanoTime();
        try (TestStandby standby = TestStandby.ofTheTestDatabase()) {
            out.append(String.format(
                    Locale.ROOT, "standby made and started (base backup of a fresh server): %.1f s%n", seconds(started)));
            try (TagDeskInstance primary = TagDeskInstance.start("primary-reads");
                    TagDeskInstance replicated = TagDeskInstance.start(
                            "replica-reads", List.of("tagdesk.datasource.replica.url=" + standby.url("postgres")))) {
                primary.resetToDemoData();
                JdbcClient jdbc = primary.jdbc();
                String walBefore = jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single();
                long generating = System.nanoTime();
                new ScaleData(jdbc, primary.bean(PasswordEncoder.class)).generate();
                double generated = seconds(generating);
                String walAfter = jdbc.sql("select pg_current_wal_lsn()::text").query(String.class).single();
                long waiting = System.nanoTime();
                while (!standby.query("select pg_last_wal_replay_lsn() >= '" + walAfter + "'::pg_lsn").equals("t")) {
                    Thread.sleep(20);
                }
                double caughtUp = seconds(waiting);
                long walBytes = jdbc.sql("select pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")
                        .params(walAfter, walBefore)
                        .query(Long.class)
                        .single();
                long assignments = jdbc.sql("select count(*) from member_tag").query(Long.class).single();
                out.append(String.format(
                        Locale.ROOT,
                        "scale organisation written on the primary in %.1f s: %,d assignments, %,d MB of WAL;"
                                + " the standby had replayed all of it %.2f s after the last commit%n%n",
                        generated,
                        assignments,
                        walBytes / 1_000_000,
                        caughtUp));

                List<Double> fromPrimary = new ArrayList<>();
                List<Double> fromReplica = new ArrayList<>();
                long bytes = 0;
                for (int run = 0; run < RUNS; run++) {
                    long t = System.nanoTime();
                    bytes = export(primary);
                    fromPrimary.add(seconds(t));
                    t = System.nanoTime();
                    long replicaBytes = export(replicated);
                    fromReplica.add(seconds(t));
                    assertThat(replicaBytes).as("the same file from both").isEqualTo(bytes);
                }
                out.append(String.format(Locale.ROOT, "member-tag export over HTTP, %,d bytes, %d runs alternated:%n%n", bytes, RUNS));
                out.append("| read from | runs (s) | median (s) |\n|---|---|---|\n");
                out.append(row("primary", fromPrimary)).append(row("replica (streaming standby)", fromReplica));
            }
        }
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "read-replica.md"), out);
        System.out.println("\n=== ReadReplicaBenchmark ===\n" + out);
    }

    /** The admin's member-tag export of everything, read to its last byte; returns its size. */
    private static long export(TagDeskInstance instance) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(instance.url("/api/v1/exports/member-tags.csv")))
                                .header("Authorization", "Basic " + Base64.getEncoder()
                                        .encodeToString("admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                                .timeout(Duration.ofMinutes(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
            }
        }
        return bytes;
    }

    private static String row(String source, List<Double> runs) {
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        StringBuilder cells = new StringBuilder();
        runs.forEach(r -> cells.append(String.format(Locale.ROOT, "%.2f ", r)));
        return String.format(Locale.ROOT, "| %s | %s| %.2f |%n", source, cells, sorted.get(sorted.size() / 2));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
