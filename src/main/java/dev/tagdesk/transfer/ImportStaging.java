package dev.tagdesk.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
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
    /** The COPY stream's bytes not yet sent: rows as CSV in UTF-8. */
    private byte[] bytes = new byte[FLUSH_AT + 4096];

    private int size;
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
        ascii(job);
        ascii(',');
        ascii(Long.toString(row.line()));
        ascii(',');
        quoted(row.name());
        ascii(',');
        quoted(row.account());
        ascii(repeatsAccount ? ",t,\"{" : ",f,\"{");
        for (int i = 0; i < tags.length; i++) {
            if (i > 0) {
                ascii(',');
            }
            if (tags[i] == null) {
                ascii("NULL");
            } else {
                arrayElement(tags[i]);
            }
        }
        ascii("}\"\n");
        if (size >= FLUSH_AT) {
            flush();
        }
    }

    /** A CSV field for COPY: always quoted (an empty quoted string is '', not NULL). */
    private void quoted(String cut) {
        ascii('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"') {
                ascii("\"\"");
            } else {
                i = text(cut, i);
            }
        }
        ascii('"');
    }

    /**
     * A quoted array element inside the CSV field: the array syntax escapes {@code "} and {@code \}
     * with a backslash, then CSV doubles every {@code "}.
     */
    private void arrayElement(String cut) {
        ascii("\"\"");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"') {
                ascii("\\\"\"");
            } else if (c == '\\') {
                ascii("\\\\");
            } else {
                i = text(cut, i);
            }
        }
        ascii("\"\"");
    }

    // --- UTF-8, written straight into the COPY buffer -------------------------------------------

    private void ascii(char c) {
        room(1);
        bytes[size++] = (byte) c;
    }

    private void ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /**
     * Writes the character at {@code i} of {@code text} as UTF-8 and returns the index of its last
     * char (a surrogate pair is one character in two chars; a lone surrogate, which strict decoding
     * never gives, is written as {@code ?}, as {@link String#getBytes} would).
     */
    private int text(String text, int i) {
        room(4);
        char c = text.charAt(i);
        if (c < 0x80) {
            bytes[size++] = (byte) c;
        } else if (c < 0x800) {
            bytes[size++] = (byte) (0xC0 | c >> 6);
            bytes[size++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1))) {
            int code = Character.toCodePoint(c, text.charAt(i + 1));
            bytes[size++] = (byte) (0xF0 | code >> 18);
            bytes[size++] = (byte) (0x80 | code >> 12 & 0x3F);
            bytes[size++] = (byte) (0x80 | code >> 6 & 0x3F);
            bytes[size++] = (byte) (0x80 | code & 0x3F);
            return i + 1;
        } else if (Character.isSurrogate(c)) {
            bytes[size++] = '?';
        } else {
            bytes[size++] = (byte) (0xE0 | c >> 12);
            bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[size++] = (byte) (0x80 | c & 0x3F);
        }
        return i;
    }

    private void room(int needed) {
        if (size + needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + needed));
        }
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
            copy.writeToCopy(bytes, 0, size);
            size = 0;
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
