package dev.tagdesk.transfer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes what importing the rows without errors of a checked file changes into {@code import_change}:
 * one row per member with changes, with COPY, so that the preview's list of changes is read a page at
 * a time from the database and never held. While a file is read nothing else uses the connection, so
 * one COPY stays open and PostgreSQL takes the rows as they come, on its own core ({@link
 * #streaming}); the pass ends it ({@link #pause}) before any other statement. Otherwise (rows read
 * back from staging through a cursor on the same connection) each batch is a whole COPY, begun and
 * ended between two of the cursor's fetches.
 */
final class ImportChanges {

    private static final int FLUSH_AT = 1 << 16;
    private static final String COPY =
            "copy import_change (job_id, line, member_id, added, removed, replaced, replaced_by) from stdin";

    private final Connection connection;
    private final String job;
    private final StringBuilder rows = new StringBuilder(FLUSH_AT + 1024);
    private CopyIn copy;
    private boolean streaming;

    ImportChanges(Connection connection, long job) {
        this.connection = connection;
        this.job = Long.toString(job);
    }

    /**
     * Whether one COPY may stay open between rows (nothing else uses the connection meanwhile); when
     * turned off, what is gathered is written and the COPY ended.
     */
    void streaming(boolean streaming) {
        if (!streaming) {
            pause();
        }
        this.streaming = streaming;
    }

    /** Gathers the changes of one member, listed at the member's first line in the file. */
    void add(long line, AccountFindings changes) {
        rows.append(job)
                .append('\t')
                .append(line)
                .append('\t')
                .append(changes.member())
                .append("\t{");
        String separator = "";
        for (int i = 0; i < changes.listedCount(); i++) {
            if (!changes.listedPresent(i)) {
                rows.append(separator).append(changes.listedTag(i));
                separator = ",";
            }
        }
        rows.append("}\t{");
        separator = "";
        for (int i = 0; i < changes.removedCount(); i++) {
            if (changes.replacedBy(i) == 0) {
                rows.append(separator).append(changes.removedTag(i));
                separator = ",";
            }
        }
        StringBuilder replacedBy = new StringBuilder();
        rows.append("}\t{");
        separator = "";
        for (int i = 0; i < changes.removedCount(); i++) {
            if (changes.replacedBy(i) != 0) {
                rows.append(separator).append(changes.removedTag(i));
                replacedBy.append(separator).append(changes.replacedBy(i));
                separator = ",";
            }
        }
        rows.append("}\t{").append(replacedBy).append("}\n");
        if (rows.length() >= FLUSH_AT) {
            write(streaming);
        }
    }

    /** Writes what is gathered and ends an open COPY: the connection is free for other statements. */
    void pause() {
        write(false);
    }

    /** Gives up an open COPY (the file could not be read): the transaction is rolled back anyway. */
    void abandon() {
        rows.setLength(0);
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not cancel writing the import's changes", e);
            } finally {
                copy = null;
            }
        }
    }

    private void write(boolean keepOpen) {
        try {
            if (rows.length() > 0) {
                if (copy == null) {
                    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
                }
                byte[] bytes = rows.toString().getBytes(StandardCharsets.US_ASCII);
                copy.writeToCopy(bytes, 0, bytes.length);
                rows.setLength(0);
            }
            if (!keepOpen && copy != null) {
                copy.endCopy();
                copy = null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the import's changes", e);
        }
    }
}
