package dev.tagdesk.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * How far the imports running in this instance have got: bytes and rows read, rows checked and
 * assignments applied. Kept in memory only while a job runs; the job row holds the outcome.
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

    Tracker start(long job, long fileBytes) {
        Tracker tracker = new Tracker(fileBytes);
        running.put(job, tracker);
        return tracker;
    }

    void end(long job) {
        running.remove(job);
    }

    /** The progress of a job running in this instance, or {@code null}. */
    public Tracker of(long job) {
        return running.get(job);
    }
}
