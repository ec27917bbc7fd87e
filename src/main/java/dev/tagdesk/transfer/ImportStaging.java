package dev.tagdesk.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams the rows of a file into {@code import_row} with COPY, in the given (transaction's)
 * connection: one staged row per file row, its tag cells an array by tag column. PostgreSQL parses
 * the COPY stream on its own core while the file is still being read.
 */
final class ImportStaging implements AutoCloseable {

    /** Longer values are cut: no name, account or tag is this long, so a cut value still mismatches. */
    static final int LONGEST_VALUE = 200;

    private static final int FLUSH_AT = 1 << 16;

    private final String job;
    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_AT + 1024);
    private final StringBuilder line = new StringBuilder(256);

    ImportStaging(Connection connection, long job) {
        this.job = String.valueOf(job);
        try {
            copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy import_row (job_id, line, name, account, tags) from stdin (format csv)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not start staging the import", e);
        }
    }

    void add(MemberTagRow row) {
        line.setLength(0);
        line.append(job).append(',').append(row.line()).append(',');
        quoted(line, row.name());
        line.append(',');
        quoted(line, row.account());
        line.append(",\"{");
        int next = 3; // the column of 标签1
        for (MemberTagRow.TagCell cell : row.tags()) {
            for (; next < cell.column(); next++) {
                line.append(next == 3 ? "" : ",").append("NULL");
            }
            line.append(next == 3 ? "" : ",");
            arrayElement(line, cell.value());
            next = cell.column() + 1;
        }
        line.append("}\"\n");
        buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        if (buffer.size() >= FLUSH_AT) {
            flush();
        }
    }

    /** A CSV field for COPY: always quoted (an empty quoted string is '', not NULL). */
    private static void quoted(StringBuilder out, String value) {
        String cut = cut(value);
        out.append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c);
            if (c == '"') {
                out.append('"');
            }
        }
        out.append('"');
    }

    /**
     * A quoted array element inside the CSV field: the array syntax escapes {@code "} and {@code \}
     * with a backslash, then CSV doubles every {@code "}.
     */
    private static void arrayElement(StringBuilder out, String value) {
        String cut = cut(value);
        out.append("\"\"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"') {
                out.append("\\\"\"");
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append(c);
            }
        }
        out.append("\"\"");
    }

    /** At most {@link #LONGEST_VALUE} characters, never half a surrogate pair, and no NUL (PostgreSQL text has none). */
    private static String cut(String value) {
        String cut = value;
        if (cut.length() > LONGEST_VALUE) {
            int end = Character.isHighSurrogate(cut.charAt(LONGEST_VALUE - 1)) ? LONGEST_VALUE - 1 : LONGEST_VALUE;
            cut = cut.substring(0, end);
        }
        return cut.indexOf('\0') < 0 ? cut : cut.replace('\0', '\uFFFD');
    }

    private void flush() {
        try {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Staging the import failed", e));
        }
    }

    @Override
    public void close() {
        flush();
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not finish staging the import", e);
        }
    }
}
