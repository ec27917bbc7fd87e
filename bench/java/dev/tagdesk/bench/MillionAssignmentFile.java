package dev.tagdesk.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The import benchmarks' file: 200,000 rows × 5 tag columns (1,000,000 assignments) for the scale
 * organisation's bench members, UTF-8 with BOM, plus the same (account, tag) pairs as plain CSV for
 * the SQL floors.
 */
public final class MillionAssignmentFile {

    public static final int ROWS = 200_000;
    public static final int TAGS_PER_ROW = 5;

    private MillionAssignmentFile() {}

    /** The whole-company bench tags outside exclusive groups, which any bench member may carry. */
    public static List<String> tags(JdbcClient jdbc) {
        return jdbc.sql("""
                        select name from tag where whole_company and name like 'BENCH_%'
                          and group_id not in (select id from tag_group where exclusive) order by id""")
                .query(String.class)
                .list();
    }

    /** Writes the import file and, when {@code pairs} is not null, the raw pairs. */
    public static void write(List<String> tags, Path file, Path pairs) throws IOException {
        try (BufferedWriter csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                BufferedWriter raw = pairs == null ? null : Files.newBufferedWriter(pairs, StandardCharsets.UTF_8)) {
            csv.write("\uFEFF姓名,账号,标签1,标签2,标签3,标签4,标签5\r\n");
            for (int n = 1; n <= ROWS; n++) {
                String account = "bench." + n;
                StringBuilder row = new StringBuilder("成员").append(n).append(',').append(account);
                for (int k = 0; k < TAGS_PER_ROW; k++) {
                    String tag = tags.get((n * 7 + k * 31) % tags.size());
                    row.append(',').append(tag);
                    if (raw != null) {
                        raw.write(account + "," + tag + "\n");
                    }
                }
                csv.write(row.append("\r\n").toString());
            }
        }
    }
}
