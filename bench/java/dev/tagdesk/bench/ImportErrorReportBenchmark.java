package dev.tagdesk.bench;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Role;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.transfer.ImportRunner;
import dev.tagdesk.transfer.MemberTagImports;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 * The error report of a file that is wrong everywhere: 200,000 rows × 5 tag cells naming tags that
 * do not exist, so 1,000,000 problems. Previewed through the real service, then its report
 * downloaded through the HTTP API of the running server (the bytes counted, not kept), against its
 * floor: a {@code COPY … TO STDOUT} of the same rows joined with their problems. Run it with a
 * 256 MB heap: the report must stream, holding one row at a time.
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=ImportErrorReportBenchmark -Dbench.argLine=-Xmx256m}
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DemoReset.class)
class ImportErrorReportBenchmark {

    static final int RUNS = 3;

    static final String FLOOR = """
            copy (select r.line, r.name, r.account, r.tags, p.col, p.code, p.value
                  from import_row r join import_problem p on p.job_id = r.job_id and p.line = r.line
                  where r.job_id = %d order by r.line, p.col, p.code) to stdout (format csv)""";

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

    @LocalServerPort
    int port;

    final StringBuilder report = new StringBuilder();

    @Test
    void theReportOfAMillionProblems() throws Exception {
        reset.toDemoData();
        new ScaleData(jdbc, passwords).generate();
        Path file = Files.createTempFile("tagdesk-wrong-tags", ".csv");
        MillionAssignmentFile.write(List.of("不存在_一", "不存在_二", "不存在_三", "不存在_四", "不存在_五"), file, null);
        line("File: %,d rows × %d tag cells naming missing tags, %.1f MB; JVM max heap %d MB",
                MillionAssignmentFile.ROWS, MillionAssignmentFile.TAGS_PER_ROW, Files.size(file) / 1e6,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));

        var admin = scopes.of(new CurrentUser(1, "admin", "", Role.ADMIN, null, true));
        ImportReport[] preview = new ImportReport[1];
        double previewSeconds = Timing.seconds(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                preview[0] = imports.preview(admin, "wrong.csv", in, Files.size(file), MemberTagImports.Mode.MERGE, false);
            }
        });
        long job = preview[0].id();
        line("Preview: %.2f s, %,d errors (%,d listed)", previewSeconds, preview[0].errorCount(),
                preview[0].errors().size());

        List<Double> floor = new ArrayList<>();
        List<Double> tagdesk = new ArrayList<>();
        long[] floorBytes = {0};
        long[] reportBytes = {0};
        resetPeakHeap();
        for (int run = 0; run < RUNS; run++) {
            floor.add(Timing.seconds(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    CountingSink sink = new CountingSink();
                    connection.unwrap(PGConnection.class).getCopyAPI().copyOut(FLOOR.formatted(job), sink);
                    floorBytes[0] = sink.bytes;
                }
            }));
            tagdesk.add(Timing.seconds(() -> {
                HttpResponse<InputStream> answer = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://localhost:" + port + "/api/v1/imports/" + job + "/errors.csv"))
                                        .header("Authorization", "Basic " + Base64.getEncoder()
                                                .encodeToString("admin:tagdesk-demo".getBytes(StandardCharsets.UTF_8)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = answer.body()) {
                    reportBytes[0] = body.transferTo(OutputStream.nullOutputStream());
                }
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("errors.csv answered " + answer.statusCode());
                }
            }));
        }
        double floorMedian = Timing.median(floor);
        double reportMedian = Timing.median(tagdesk);
        line("Floor: COPY of the rows joined with their problems TO STDOUT, %d runs: median %.2f s %s, %.1f MB",
                RUNS, floorMedian, Timing.runs(floor), floorBytes[0] / 1e6);
        line("TagDesk: GET /api/v1/imports/%d/errors.csv, %d runs: median %.2f s %s = %.2f × the floor, %.1f MB",
                job, RUNS, reportMedian, Timing.runs(tagdesk), reportMedian / floorMedian, reportBytes[0] / 1e6);
        line("Peak heap while the reports were written: %d MB", peakHeapMegabytes());

        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "import-errors.md"), report.toString());
        System.out.println("\n=== ImportErrorReportBenchmark ===\n" + report);
        Files.deleteIfExists(file);
    }

    static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** Counts the bytes of the floor's output instead of keeping them. */
    static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
