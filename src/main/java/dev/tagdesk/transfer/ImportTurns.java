package dev.tagdesk.transfer;

import dev.tagdesk.cluster.Instance;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns of imports across every TagDesk instance on the database: at most {@code reading-at-once}
 * files read at once and one applied, however many instances there are, in the order they were
 * asked for. The queue is {@code import_job} itself: a running job (READING or APPLYING; the status
 * names the step) was queued when it was opened or asked to apply, by the instance that runs it, and
 * holds a turn from {@code turn_taken_at} on. A job takes its turn when fewer than the step's limit of
 * live jobs hold one or were queued before it; the decision is made under a transaction-scoped
 * advisory lock, so two instances never grant the last turn twice (a job that finds the lock taken
 * tries again at its next poll rather than wait for it holding a connection). A job gives its turn back when its
 * step ends (its status moves on).
 *
 * <p>Live means its instance vouches for it: every {@code tagdesk.import.heartbeat} each instance
 * writes {@code heartbeat_at} (and how far it got) on the jobs it runs, and fails any job, its own or
 * another's, whose heartbeat is older than {@code tagdesk.import.dead-after}: a job whose instance died
 * or lost the database is never left "running" nor holding a turn. Nothing was changed by it (an apply
 * is one transaction, which PostgreSQL rolls back when the connection goes): it is applied again, or
 * its file uploaded again, on any instance.
 *
 * <p>When the instance stops, jobs still waiting give up at once, and running ones get {@code
 * tagdesk.import.shutdown-grace} to finish; those that do not are handed back (failed, to be retried).
 */
@Component
class ImportTurns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportTurns.class);

    /** The advisory lock under which turns are granted ("import" in ASCII). */
    static final long TURNS_LOCK = 0x696d706f7274L;

    private static final long POLL_MILLIS = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ImportProgress progress;
    private final MemberTagImports imports;
    private final ImportProperties properties;
    private final Instance instance;
    private volatile boolean running;
    private volatile boolean stopping;
    private ScheduledExecutorService beats;

    ImportTurns(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ImportProgress progress,
            MemberTagImports imports,
            ImportProperties properties,
            Instance instance) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.progress = progress;
        this.imports = imports;
        this.properties = properties;
        this.instance = instance;
    }

    /**
     * Waits, holding no connection between tries, until the job (queued by this instance) has its turn;
     * false when it waited {@code longest-wait-for-turn} or the instance is stopping.
     */
    boolean await(long job, ImportStep step) {
        long deadline = System.nanoTime() + properties.longestWaitForTurn().toNanos();
        while (!stopping) {
            if (tryTake(job, step)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether this instance is stopping: a job that gave up waiting was handed back, not busy. */
    boolean stopping() {
        return stopping;
    }

    private boolean tryTake(long job, ImportStep step) {
        int limit = step == ImportStep.APPLYING ? 1 : properties.readingAtOnce();
        // The step is an enum name written out, so that the partial index on running jobs serves it.
        String status = ImportStatus.valueOf(step.name()).name();
        Boolean taken = transactions.execute(tx -> {
            // Never waits for the lock while holding a connection: another import deciding right now
            // means this one tries again at its next poll.
            if (!jdbc.sql("select pg_try_advisory_xact_lock(?)")
                    .param(TURNS_LOCK)
                    .query(Boolean.class)
                    .single()) {
                return false;
            }
            return jdbc.sql("""
                            update import_job j set turn_taken_at = now(), heartbeat_at = now()
                            where j.id = :job and j.status = '%1$s' and j.turn_taken_at is null and j.running_on = :instance
                              and (select count(*) from import_job o
                                   where o.status = '%1$s' and o.id <> j.id
                                     and o.heartbeat_at >= now() - make_interval(secs => :deadAfter)
                                     and (o.turn_taken_at is not null
                                          or o.queued_at < j.queued_at or (o.queued_at = j.queued_at and o.id < j.id))
                                  ) < :limit""".formatted(status))
                            .param("job", job)
                            .param("instance", instance.name())
                            .param("deadAfter", seconds(properties.deadAfter()))
                            .param("limit", limit)
                            .update()
                    > 0;
        });
        return Boolean.TRUE.equals(taken);
    }

    /**
     * This instance vouches for the jobs it runs (waiting or working), with how far they got, and fails
     * the jobs nobody vouched for in time. Every instance, on purpose: no other can vouch for its jobs,
     * and failing an abandoned job is one statement that the row lock makes happen once. Not a
     * {@code @Scheduled} job, which Spring cancels as soon as the context starts to close: the heartbeat
     * goes on while the instance drains and its imports finish, until they are handed back.
     */
    void heartbeat() {
        try {
            progress.running().forEach(this::beat);
            int failed = imports.failAbandoned(properties.deadAfter());
            if (failed > 0) {
                log.warn(
                        "{} import(s) had no heartbeat for {} (their instance stopped); they are marked as failed",
                        failed,
                        properties.deadAfter());
            }
        } catch (RuntimeException e) {
            log.warn("Import heartbeat failed: {}", e.getMessage());
        }
    }

    private void beat(long job, ImportProgress.Tracker tracker) {
        jdbc.sql("""
                        update import_job set heartbeat_at = now(), progress_phase = ?, progress_bytes = ?,
                            progress_rows = ?, progress_checked = ?, progress_applied = ?
                        where id = ? and running_on = ? and status in ('READING', 'APPLYING')""")
                .params(
                        tracker.phase().name(),
                        tracker.bytesRead(),
                        tracker.rowsRead(),
                        tracker.rowsChecked(),
                        tracker.applied(),
                        job,
                        instance.name())
                .update();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    @Override
    public void start() {
        stopping = false;
        running = true;
        beats = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "import-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.heartbeat().toMillis();
        beats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** As soon as the instance starts to stop, waiting jobs give up (they are handed back). */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        stopping = true;
    }

    /**
     * Lets the running jobs finish for {@code shutdown-grace}, then hands back those left: failed, so
     * that they are applied (or their files uploaded) again, on any instance. After the web server's
     * graceful shutdown (requests in flight, synchronous imports among them, are done) and before the
     * database pool closes.
     */
    @Override
    public void stop() {
        stopping = true;
        running = false;
        long deadline = System.nanoTime() + properties.shutdownGrace().toNanos();
        while (!progress.running().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Set<Long> left = progress.running().keySet();
        if (left.isEmpty()) {
            stopBeating();
            return;
        }
        try {
            int handedBack = imports.handBack(left);
            log.warn(
                    "Stopping: {} import(s) did not finish within {}; handed back as failed, to be retried: {}",
                    handedBack,
                    properties.shutdownGrace(),
                    left);
        } catch (RuntimeException e) {
            log.warn("Stopping: could not hand back imports {}: {}", left, e.getMessage());
        }
        stopBeating();
    }

    /** The last heartbeat ends before the pool closes, after this. */
    private void stopBeating() {
        beats.shutdown();
        try {
            if (!beats.awaitTermination(5, TimeUnit.SECONDS)) {
                beats.shutdownNow();
            }
        } catch (InterruptedException e) {
            beats.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server's graceful shutdown, before it closes its port and the pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
