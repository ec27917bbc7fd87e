package dev.tagdesk.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far running imports have got: bytes and rows read, rows checked and assignments applied. The
 * imports this instance runs are kept in memory while they run (from the moment they are opened or
 * asked to apply until their step ends: they are what this instance's heartbeat vouches for, see
 * {@link ImportTurns}); the heartbeat copies their progress to the job's row, from which the page of an
 * import that another instance runs reads it (a few seconds behind). The job row holds the outcome.
 */
@Component
public class ImportProgress {

    public enum Phase {
        /** Waiting for its turn: other imports are reading or applying. */
        WAITING,
        READING,
        CHECKING,
        APPLYING
    }

    /** The progress of one running job, updated by the job's thread and read by the page. */
    public static final class Tracker {
        private final long fileBytes;
        private final AtomicLong bytesRead = new AtomicLong();
        private final AtomicLong rowsRead = new AtomicLong();
        private final AtomicLong rowsChecked = new AtomicLong();
        private final AtomicLong applied = new AtomicLong();
        private volatile Phase phase = Phase.WAITING;

        Tracker(long fileBytes) {
            this.fileBytes = fileBytes;
        }

        /** The progress another instance last wrote to the job's row. */
        static Tracker snapshot(long fileBytes, Phase phase, long bytes, long rows, long checked, long applied) {
            Tracker tracker = new Tracker(fileBytes);
            tracker.phase = phase;
            tracker.bytesRead.set(bytes);
            tracker.rowsRead.set(rows);
            tracker.rowsChecked.set(checked);
            tracker.applied.set(applied);
            return tracker;
        }

        public Phase phase() {
            return phase;
        }

        public long rowsRead() {
            return rowsRead.get();
        }

        public long rowsChecked() {
            return rowsChecked.get();
        }

        public long applied() {
            return applied.get();
        }

        long bytesRead() {
            return bytesRead.get();
        }

        /** The share of the file read so far, 0–100. */
        public int percentRead() {
            return fileBytes <= 0 ? 0 : (int) Math.min(100, bytesRead.get() * 100 / fileBytes);
        }

        /** The arguments of the phase's message: rows read, percent read, rows checked, changes applied. */
        public Object[] messageArgs() {
            return new Object[] {rowsRead(), percentRead(), rowsChecked(), applied()};
        }

        void phase(Phase next) {
            phase = next;
        }

        void rowRead() {
            rowsRead.incrementAndGet();
        }

        void checked(long rows) {
            rowsChecked.set(rows);
        }

        void applied(long assignments) {
            applied.set(assignments);
        }

        /** The file as a stream that counts the bytes read from it. */
        InputStream counting(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    long skipped = super.skip(n);
                    bytesRead.addAndGet(skipped);
                    return skipped;
                }
            };
        }
    }

    private final Map<Long, Tracker> running = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;

    ImportProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** This instance now runs the job (waiting for its turn first); returns its progress. */
    Tracker start(long job, long fileBytes) {
        Tracker tracker = new Tracker(fileBytes);
        running.put(job, tracker);
        return tracker;
    }

    /** The progress of a job this instance runs (started by {@link #start}). */
    Tracker here(long job) {
        Tracker tracker = running.get(job);
        if (tracker == null) {
            throw new IllegalStateException("Import " + job + " does not run in this instance");
        }
        return tracker;
    }

    void end(long job) {
        running.remove(job);
    }

    /** The jobs this instance runs, with their progress. */
    Map<Long, Tracker> running() {
        return Map.copyOf(running);
    }

    /**
     * The progress of a running job: this instance's own, or what the instance running it last wrote;
     * {@code null} when nobody wrote any yet.
     */
    public Tracker of(long job) {
        Tracker here = running.get(job);
        if (here != null) {
            return here;
        }
        return jdbc.sql("""
                        select file_bytes, progress_phase, progress_bytes, progress_rows, progress_checked, progress_applied
                        from import_job where id = ? and status in ('READING', 'APPLYING') and progress_phase is not null""")
                .param(job)
                .query((rs, i) -> Tracker.snapshot(
                        rs.getLong("file_bytes"),
                        Phase.valueOf(rs.getString("progress_phase")),
                        rs.getLong("progress_bytes"),
                        rs.getLong("progress_rows"),
                        rs.getLong("progress_checked"),
                        rs.getLong("progress_applied")))
                .optional()
                .orElse(null);
    }
}
