package dev.tagdesk.bench;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Role;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.transfer.ImportChangeList;
import dev.tagdesk.transfer.ImportRunner;
import dev.tagdesk.transfer.MemberTagImports;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Base64;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Importing 1,000,000 assignments (200,000 rows × 5 tag columns) against its SQL floors, in one run
 * on the same database: floor A, a raw COPY of the (account, tag) pairs into an unindexed table;
 * floor B, the same work by hand (COPY into staging, one INSERT … SELECT … ON CONFLICT DO NOTHING),
 * and what floor B's insert is made of (sorted by key, without foreign keys, without the secondary
 * indexes); then TagDesk's preview (five times, each a job of its own: median, min, max and the
 * first, before the JIT compiled the code), pages of its list of changes, and apply through the real
 * service, and once more,
 * preview and apply in one request, through the HTTP API of the running server.
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=ImportBenchmark -Dbench.argLine=-Xmx256m}
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DemoReset.class)
class ImportBenchmark {

    static final int ROWS = MillionAssignmentFile.ROWS;
    static final int TAGS_PER_ROW = MillionAssignmentFile.TAGS_PER_ROW;

    /** How many times floor A and the preview run (each preview a job of its own). */
    static final int RUNS = 5;

    /** Floor B's insert, by hand; {@code %s} is the table and {@code %s} the ordering. */
    static final String FLOOR_B_INSERT = """
            insert into %s (member_id, tag_id, source, assigned_by)
            select m.id, t.id, 'IMPORT', 'floor-b' from bench_staging s
            join member m on m.account = s.account join tag t on t.name = s.tag
            %s
            on conflict do nothing""";

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    CurrentScope scopes;

    @Autowired
    ImportRunner imports;

    @Autowired
    ImportChangeList changeList;

    @LocalServerPort
    int port;

    final StringBuilder report = new StringBuilder();

    @Test
    void importAMillionAssignments() throws Exception {
        reset.toDemoData();
        new ScaleData(jdbc, passwords).generate();
        clearBenchMembersTags();
        Path file = Files.createTempFile("tagdesk-import", ".csv");
        Path pairs = Files.createTempFile("tagdesk-pairs", ".csv");
        MillionAssignmentFile.write(MillionAssignmentFile.tags(jdbc), file, pairs);
        line("File: %,d rows × %d tags = %,d assignments, %.1f MB (UTF-8 with BOM)",
                ROWS, TAGS_PER_ROW, ROWS * TAGS_PER_ROW, Files.size(file) / 1e6);
        line("JVM max heap: %d MB", Runtime.getRuntime().maxMemory() / (1024 * 1024));

        double[] floorARuns = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            floorARuns[run] = seconds(() -> {
                jdbc.sql("create unlogged table if not exists bench_pairs (account text, tag text)").update();
                jdbc.sql("truncate bench_pairs").update();
                copy("copy bench_pairs from stdin (format csv)", pairs);
            });
        }
        double floorA = median(floorARuns);
        double[] floorBInsert = new double[1];
        double floorB = seconds(() -> {
            jdbc.sql("create unlogged table if not exists bench_staging (account text, tag text)").update();
            jdbc.sql("truncate bench_staging").update();
            copy("copy bench_staging from stdin (format csv)", pairs);
            floorBInsert[0] = seconds(() -> jdbc.sql(FLOOR_B_INSERT.formatted("member_tag", "")).update());
        });
        long floorRows = jdbc.sql("select count(*) from member_tag where assigned_by = 'floor-b'").query(Long.class).single();
        clearFloorB();
        line("Floor A, COPY of the pairs into an unindexed table, %d runs: median %.2f s (min %.2f, max %.2f)",
                RUNS, floorA, min(floorARuns), max(floorARuns));
        line("Floor B, COPY into staging + INSERT … SELECT … ON CONFLICT DO NOTHING: %.2f s (%,d rows; the insert %.2f s)",
                floorB, floorRows, floorBInsert[0]);

        // What floor B's insert is made of: the same insert from the same staging table, varied.
        double sorted = seconds(() -> jdbc.sql(FLOOR_B_INSERT.formatted("member_tag", "order by m.id, t.id")).update());
        clearFloorB();
        line("  the insert with its rows sorted by key (member, tag): %.2f s", sorted);
        // A copy of member_tag with its primary key, indexes and checks, but (LIKE never copies them) no foreign keys.
        jdbc.sql("drop table if exists bench_member_tag").update();
        jdbc.sql("create table bench_member_tag (like member_tag including all)").update();
        double noForeignKeys = seconds(() -> jdbc.sql(FLOOR_B_INSERT.formatted("bench_member_tag", "")).update());
        jdbc.sql("truncate bench_member_tag").update();
        line("  the insert without the two foreign keys: %.2f s", noForeignKeys);
        double noForeignKeysSorted =
                seconds(() -> jdbc.sql(FLOOR_B_INSERT.formatted("bench_member_tag", "order by m.id, t.id")).update());
        line("  the insert without the foreign keys, sorted by key: %.2f s", noForeignKeysSorted);
        jdbc.sql("drop table bench_member_tag").update();
        jdbc.sql("create table bench_member_tag (like member_tag including defaults including constraints)").update();
        jdbc.sql("alter table bench_member_tag add primary key (member_id, tag_id)").update();
        double primaryKeyOnly =
                seconds(() -> jdbc.sql(FLOOR_B_INSERT.formatted("bench_member_tag", "order by m.id, t.id")).update());
        jdbc.sql("drop table bench_member_tag").update();
        line("  the insert without the foreign keys and the two secondary indexes, sorted: %.2f s", primaryKeyOnly);

        var scope = scopes.of(new CurrentUser(1, "admin", "", Role.ADMIN, null, true));
        // The heap from here on: the previews and the apply (data generation and the floors left out).
        HeapAfterCollections heap = new HeapAfterCollections();
        // The same file previewed RUNS times, each a job of its own; the first run is the first import
        // of this JVM, its code not yet compiled.
        ImportReport[] preview = new ImportReport[1];
        double[] previewRuns = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            previewRuns[run] = seconds(() -> {
                try (InputStream in = Files.newInputStream(file)) {
                    preview[0] =
                            imports.preview(scope, "bench.csv", in, Files.size(file), MemberTagImports.Mode.MERGE, false);
                }
            });
        }
        double previewSeconds = median(previewRuns);
        line("TagDesk preview, %d runs: median %.2f s = %.1f × floor A's median (goal ≤ 3×); min %.2f, max %.2f; "
                        + "the first run %.2f s = %.1f ×; %,d rows, %,d to add, %d errors",
                RUNS, previewSeconds, previewSeconds / floorA, min(previewRuns), max(previewRuns), previewRuns[0],
                previewRuns[0] / floorA, preview[0].rows(), preview[0].toAdd(), preview[0].errorCount());
        // The preview's list of changes, read a page at a time from the staged changes.
        long members = changeList.changes(scope, preview[0], ImportChangeList.Kind.ALL, 0, 50).members();
        int lastPage = (int) ((members - 1) / 50);
        double firstPage = median(timed(() -> changeList.changes(scope, preview[0], ImportChangeList.Kind.ALL, 0, 50)));
        double last = median(timed(() -> changeList.changes(scope, preview[0], ImportChangeList.Kind.ALL, lastPage, 50)));
        double noneRemoved =
                median(timed(() -> changeList.changes(scope, preview[0], ImportChangeList.Kind.REMOVE, 0, 50)));
        line("Its list of changes (%,d members), 50 a page, %d runs each: the first page median %.0f ms, the last"
                        + " (page %,d) %.0f ms, the filter \"removing\" (no member) %.0f ms",
                members, RUNS, firstPage * 1000, lastPage + 1, last * 1000, noneRemoved * 1000);
        ImportReport[] applied = new ImportReport[1];
        double applySeconds = seconds(() -> applied[0] = imports.apply(scope, preview[0].id()));
        line("TagDesk apply: %.2f s = %.2f × floor B (goal ≤ 1.5×); status %s, %,d assignments added",
                applySeconds, applySeconds / floorB, applied[0].status(), importedByAdmin());

        heap.close();
        line("Largest heap in use right after a collection while the previews and the apply ran: %d MB of %d MB (%,d collections)",
                heap.largestMegabytes(), Runtime.getRuntime().maxMemory() / (1024 * 1024), heap.collections());

        // Once through the HTTP API of the running server: upload, preview and apply in one request.
        clearBenchMembersTags();
        HttpResponse<String>[] answer = new HttpResponse[1];
        double httpSeconds = seconds(() -> answer[0] = uploadOverHttp(file));
        line("TagDesk over HTTP (POST /api/v1/imports, dryRun=false, one request): %.2f s = %.2f × (floor A + floor B); HTTP %d, %s, %,d assignments added",
                httpSeconds, httpSeconds / (floorA + floorB), answer[0].statusCode(),
                answer[0].body().contains("\"status\":\"APPLIED\"") ? "APPLIED" : answer[0].body(), importedByAdmin());

        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "import.md"), report.toString());
        System.out.println("\n=== ImportBenchmark ===\n" + report);
        Files.deleteIfExists(file);
        Files.deleteIfExists(pairs);
    }

    /** The bench members carry none of the pairs the file asks for. */
    void clearBenchMembersTags() {
        jdbc.sql("delete from member_tag where member_id in (select id from member where account like 'bench.%')").update();
        jdbc.sql("vacuum (analyze) member_tag").update();
    }

    void clearFloorB() {
        jdbc.sql("delete from member_tag where assigned_by = 'floor-b'").update();
        jdbc.sql("vacuum (analyze) member_tag").update();
    }

    long importedByAdmin() {
        return jdbc.sql("""
                        select count(*) from member_tag mt join member m on m.id = mt.member_id
                        where m.account like 'bench.%' and mt.source = 'IMPORT' and mt.assigned_by = 'admin'""")
                .query(Long.class)
                .single();
    }

    HttpResponse<String> uploadOverHttp(Path file) throws Exception {
        String boundary = "tagdesk-bench-" + System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/imports?dryRun=false&mode=merge"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\n"
                                + "Content-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\n"
                                + "Content-Type: text/csv\r\n\r\n"),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    interface Work {
        void run() throws Exception;
    }

    static double[] timed(Work work) throws Exception {
        double[] runs = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            runs[run] = seconds(work);
        }
        return runs;
    }

    static double median(double[] runs) {
        double[] sorted = runs.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double min(double[] runs) {
        return java.util.Arrays.stream(runs).min().orElseThrow();
    }

    static double max(double[] runs) {
        return java.util.Arrays.stream(runs).max().orElseThrow();
    }

    static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    void copy(String sql, Path data) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Reader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, reader);
        }
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
