package dev.tagdesk.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures behind the steps of docs/scaling.md past one instance, on one PostgreSQL 18 of this
 * machine, in plain SQL (no TagDesk around it):
 *
 * <ul>
 *   <li>behaviour events, 3,000,000 of them over twelve months, in monthly partitions against one
 *       table: a week's events of one type counted (partition pruning), and a month dropped at the end
 *       of its retention (a partition dropped against rows deleted);
 *   <li>the tag-usage count over all assignments ({@code member_tag} grouped by tag), at 1,000,000 and
 *       4,000,000 assignments: how it grows, which is what a distributed PostgreSQL would split across
 *       workers.
 * </ul>
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=GrowthBenchmark}
 */
class GrowthBenchmark {

    static final int RUNS = 5;

    @TempDir
    Path data;

    @Test
    void partitionedEventsAndTheAssignmentsAggregate() throws Exception {
        StringBuilder out = new StringBuilder();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_wal_size", "4GB")
                        .start();
                Connection db = postgres.getPostgresDatabase().getConnection();
                Statement sql = db.createStatement()) {
            events(sql, out);
            assignments(sql, out);
        }
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "growth.md"), out);
        System.out.println("\n=== GrowthBenchmark ===\n" + out);
    }

    private void events(Statement sql, StringBuilder out) throws Exception {
        String columns = "(member_id bigint not null, event_type int not null, occurred_at timestamptz not null,"
                + " received_at timestamptz not null, payload jsonb)";
        sql.execute("create table event_flat " + columns);
        sql.execute("create table event_parted " + columns + " partition by range (received_at)");
        for (int month = 0; month < 12; month++) {
            sql.execute(String.format(
                    Locale.ROOT,
                    "create table event_parted_%02d partition of event_parted for values from"
                            + " (date '2026-01-01' + interval '%d month') to (date '2026-01-01' + interval '%d month')",
                    month,
                    month,
                    month + 1));
        }
        String rows = """
                select (random() * 200000)::bigint, (random() * 19)::int,
                       timestamptz '2026-01-01' + (n * interval '10.512 second'),
                       timestamptz '2026-01-01' + (n * interval '10.512 second'),
                       jsonb_build_object('amount', n %% 5000)
                from generate_series(0, %d) n""".formatted(3_000_000 - 1);
        double flatLoad = time(sql, "insert into event_flat " + rows);
        double partedLoad = time(sql, "insert into event_parted " + rows);
        for (String table : List.of("event_flat", "event_parted")) {
            sql.execute("create index on " + table + " (received_at)");
            sql.execute("create index on " + table + " (member_id, occurred_at)");
            sql.execute("analyze " + table);
        }
        out.append(String.format(Locale.ROOT,
                "## Behaviour events: 3,000,000 over 12 months%n%nloaded in %.1f s (one table), %.1f s (12 monthly partitions)%n%n",
                flatLoad, partedLoad));
        String week = "select count(*) from %s where event_type = 7 and received_at >= timestamptz '2026-11-20'"
                + " and received_at < timestamptz '2026-11-27'";
        String month = "select event_type, count(*) from %s where received_at >= timestamptz '2026-11-01'"
                + " and received_at < timestamptz '2026-12-01' group by event_type";
        String member = "select count(*) from %s where member_id = 4242 and occurred_at >= timestamptz '2026-10-01'";
        out.append("| query | one table, median ms | monthly partitions, median ms |\n|---|---|---|\n");
        out.append(row("a week's events of one type", median(sql, week.formatted("event_flat")),
                median(sql, week.formatted("event_parted"))));
        out.append(row("November's events by type", median(sql, month.formatted("event_flat")),
                median(sql, month.formatted("event_parted"))));
        out.append(row("one member's events since October", median(sql, member.formatted("event_flat")),
                median(sql, member.formatted("event_parted"))));
        double deleted = time(sql, "delete from event_flat where received_at < timestamptz '2026-02-01'") * 1000;
        double dropped = time(sql, "drop table event_parted_00") * 1000;
        out.append(row("the oldest month past retention", deleted, dropped));
        out.append("\n(the last row: `DELETE` of a month's 250,000 rows against `DROP TABLE` of its partition)\n\n");
    }

    private void assignments(Statement sql, StringBuilder out) throws Exception {
        sql.execute("""
                create table member_tag (member_id bigint not null, tag_id bigint not null,
                    assigned_at timestamptz not null default now(), primary key (member_id, tag_id))""");
        out.append("## Tag usage over all assignments (`member_tag` grouped by tag)\n\n");
        out.append("| assignments | load s | median ms | ms per million |\n|---|---|---|---|\n");
        long loaded = 0;
        for (long target : List.of(1_000_000L, 4_000_000L)) {
            double load = time(sql, String.format(Locale.ROOT, """
                    insert into member_tag (member_id, tag_id)
                    select n / 5, 1 + (n %% 5) * 400 + (n / 5) %% 400 from generate_series(%d, %d) n""",
                    loaded, target - 1));
            loaded = target;
            sql.execute("vacuum analyze member_tag");
            double ms = median(sql, "select tag_id, count(*) from member_tag group by tag_id");
            out.append(String.format(Locale.ROOT, "| %,d | %.1f | %.0f | %.0f |%n", target, load, ms, ms / (target / 1e6)));
        }
        out.append('\n');
    }

    private static double time(Statement sql, String statement) throws Exception {
        long start = System.nanoTime();
        sql.execute(statement);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(Statement sql, String query) throws Exception {
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            try (ResultSet rows = sql.executeQuery(query)) {
                while (rows.next()) {
                    // read every row
                }
            }
            runs.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(runs);
        return runs.get(RUNS / 2);
    }

    private static String row(String what, double flat, double parted) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", what, flat, parted);
    }
}
