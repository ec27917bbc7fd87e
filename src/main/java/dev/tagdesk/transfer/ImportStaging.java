package dev.tagdesk.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams the rows of a file into {@code import_row} with COPY: one staged row per file row, its tag
 * cells an array by tag column. PostgreSQL parses the COPY stream on its own core while the file is
 * still being read and checked.
 */
final class ImportStaging implements AutoCloseable {

    /** Longer values are cut: no name, account or tag is this long, so a cut value still mismatches. */
    static final int LONGEST_VALUE = 200;

    private static final int FLUSH_AT = 1 << 16;

    private final String job;
    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_AT + 1024);
    private final StringBuilder line = new StringBuilder(256);
    private boolean finished;

    ImportStaging(Connection connection, long job) {
        this.job = String.valueOf(job);
        try {
            copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "copy import_row (job_id, line, name, account, repeats_account, tags) from stdin (format csv)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not start staging the import", e);
        }
    }

    /**
     * A file row as it is staged, which is how it is checked: values cut at {@link #LONGEST_VALUE}
     * characters, tag cells by tag column ({@code tags[0]} is 标签1), null where empty.
     */
    static ImportCheck.Row staged(MemberTagRow row) {
        List<MemberTagRow.TagCell> cells = row.tags();
        String[] tags =
                new String[cells.isEmpty() ? 0 : cells.get(cells.size() - 1).column() - 2];
        for (MemberTagRow.TagCell cell : cells) {
            tags[cell.column() - 3] = cut(cell.value());
        }
        return new ImportCheck.Row(row.line(), cut(row.name()), cut(row.account()), tags);
    }

    /**
     * Stages a row made by {@link #staged}.
     *
     * @param repeatsAccount whether the row's account may have been listed on an earlier line
     */
    void add(ImportCheck.Row row, boolean repeatsAccount) {
        String[] tags = row.tags();
        line.setLength(0);
        line.append(job).append(',').append(row.line()).append(',');
        quoted(line, row.name());
        line.append(',');
        quoted(line, row.account());
        line.append(repeatsAccount ? ",t,\"{" : ",f,\"{");
        for (int i = 0; i < tags.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (tags[i] == null) {
                line.append("NULL");
            } else {
                arrayElement(line, tags[i]);
            }
        }
        line.append("}\"\n");
        buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        if (buffer.size() >= FLUSH_AT) {
            flush();
        }
    }

    /** A CSV field for COPY: always quoted (an empty quoted string is '', not NULL). */
    private static void quoted(StringBuilder out, String cut) {
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
    private static void arrayElement(StringBuilder out, String cut) {
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

    /** Ends the COPY: the rows are staged (committed, when the connection commits on its own). */
    void finish() {
        flush();
        try {
            copy.endCopy();
            finished = true;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not finish staging the import", e);
        }
    }

    /** A COPY left unfinished (the file could not be read to its end) is cancelled: nothing is staged. */
    @Override
    public void close() {
        if (!finished && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not cancel staging the import", e);
            }
        }
    }
}
