package dev.tagdesk.bench;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.tag.TagViews.TagFilter;
import dev.tagdesk.transfer.MemberTagExport;
import dev.tagdesk.transfer.TagListExport;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Exporting the member tags of the scale organisation (≈1,000,000 assignments, 200,000 members) as
 * the admin, against its SQL floor in the same run: {@code COPY (SELECT …) TO STDOUT} of the same
 * rows in the same order. Also the tag-list export of its 2,000 tags. Bytes go to a counting sink.
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=ExportBenchmark -Dbench.argLine=-Xmx256m}
 */
@SpringBootTest
@Import(DemoReset.class)
class ExportBenchmark {

    static final int RUNS = 3;

    static final Scope ADMIN = Scope.of("bench", Role.ADMIN, null, Scope.WHOLE_COMPANY);

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MemberTagExport memberTags;

    @Autowired
    TagListExport tagList;

    final StringBuilder report = new StringBuilder();

    @Test
    void exportAMillionAssignments() throws Exception {
        reset.toDemoData();
        new ScaleData(jdbc, passwords).generate();
        long assignments = jdbc.sql("select count(*) from member_tag").query(Long.class).single();
        long members = jdbc.sql("select count(*) from member").query(Long.class).single();
        line("Data: %,d members, %,d assignments", members, assignments);
        line("JVM max heap: %d MB", Runtime.getRuntime().maxMemory() / (1024 * 1024));

        List<Double> floor = new ArrayList<>();
        List<Double> tagDesk = new ArrayList<>();
        long[] bytes = new long[2];
        for (int run = 0; run < RUNS; run++) {
            floor.add(seconds(() -> {
                Counting sink = new Counting();
                try (Connection connection = dataSource.getConnection()) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyOut("""
                            copy (select m.name, m.account, t.name from member m
                                  left join member_tag mt on mt.member_id = m.id
                                  left join tag t on t.id = mt.tag_id and t.deleted_at is null
                                  left join tag_group g on g.id = t.group_id
                                  order by m.account, g.sort_order, t.normalized_name) to stdout (format csv)""", sink);
                }
                bytes[0] = sink.count;
            }));
            tagDesk.add(seconds(() -> {
                Counting sink = new Counting();
                MemberTagExport.Exported exported = memberTags.write(ADMIN, null, List.of(), sink);
                bytes[1] = sink.count;
                if (exported.assignments() != assignments) {
                    throw new IllegalStateException("exported " + exported.assignments() + " of " + assignments);
                }
            }));
        }
        double floorMedian = median(floor);
        double tagDeskMedian = median(tagDesk);
        line("Floor, COPY (SELECT … ORDER BY account) TO STDOUT: median %.2f s (runs %s), %.1f MB",
                floorMedian, runs(floor), bytes[0] / 1e6);
        line("TagDesk member-tag export (cursor → CSV, one row per member): median %.2f s (runs %s), %.1f MB",
                tagDeskMedian, runs(tagDesk), bytes[1] / 1e6);
        line("Ratio: %.2f × the floor (goal ≤ 2×)", tagDeskMedian / floorMedian);

        List<Double> tags = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            tags.add(seconds(() -> tagList.write(ADMIN, new TagFilter("", null, null, null, null, 0, 1), List.of(), new Counting())));
        }
        line("TagDesk tag-list export, %,d tags with counts: median %.2f s (runs %s)",
                jdbc.sql("select count(*) from tag where deleted_at is null").query(Long.class).single(),
                median(tags),
                runs(tags));
        line("Peak heap in use (all pools, whole run incl. data generation): %d MB", peakHeapMb());

        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "export.md"), report.toString());
        System.out.println("\n=== ExportBenchmark ===\n" + report);
    }

    /** Counts the bytes written and keeps none of them. */
    static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String runs(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
