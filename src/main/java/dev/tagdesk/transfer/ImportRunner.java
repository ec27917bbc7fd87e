package dev.tagdesk.transfer;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;

/**
 * Runs imports, either while the caller waits (the API, small files) or in the background (large
 * files from the console), with the same steps either way: open the job, read and check it, apply
 * it; a job that throws is marked FAILED with the phase it failed in, and jobs left running by an
 * instance that stopped are marked FAILED when the next one starts, so they can be retried.
 *
 * <p>Imports take their turn before they take a database connection. Reading a file holds two (its
 * rows stream to PostgreSQL on one while the checks record what they find on the other) and applies
 * run one at a time anyway (they share one advisory lock), so without turns a burst of uploads would
 * hold the whole connection pool, each waiting for a second connection or for the lock, and every
 * page would answer "database unavailable". With them, imports hold at most {@code 2 × reading-at-once
 * + 1} connections; the rest of the pool stays for the console.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final MemberTagImports imports;
    private final ImportProgress progress;
    private final KeptUploads keptUploads;
    private final long backgroundFromBytes;
    private final TaskExecutor executor;
    private final Semaphore readingTurns;
    private final Semaphore applyingTurn = new Semaphore(1, true);
    private final Duration longestWaitForTurn;

    ImportRunner(
            MemberTagImports imports,
            ImportProgress progress,
            KeptUploads keptUploads,
            ImportProperties properties,
            @Qualifier(ImportConfiguration.EXECUTOR) TaskExecutor executor) {
        this.imports = imports;
        this.progress = progress;
        this.keptUploads = keptUploads;
        this.backgroundFromBytes = properties.backgroundFromBytes();
        this.readingTurns = new Semaphore(properties.readingAtOnce(), true);
        this.longestWaitForTurn = properties.longestWaitForTurn();
        this.executor = executor;
    }

    /** Whether the console runs a file of this size in the background. */
    public boolean runsInBackground(long bytes) {
        return bytes >= backgroundFromBytes;
    }

    @EventListener(ApplicationReadyEvent.class)
    void failInterruptedJobs() {
        int failed = imports.failInterrupted();
        if (failed > 0) {
            log.warn("{} import(s) were interrupted when TagDesk last stopped; they are marked as failed", failed);
        }
    }

    /** Reads and checks a file while the caller waits. */
    public ImportReport preview(Scope scope, String fileName, InputStream file, long size, Mode mode, boolean fullWidth)
            throws IOException {
        long job = imports.open(scope, fileName, size, mode);
        return previewJob(scope, job, file, size, mode, fullWidth);
    }

    /** Where an upload can be read from: once to preview it, and again to keep it for a re-run. */
    @FunctionalInterface
    public interface Upload {
        InputStream open() throws IOException;
    }

    /**
     * Reads and checks an upload while the caller waits; a file refused only for its full-width
     * separators is kept, for {@link #rerunWithFullWidthSeparator}.
     */
    public ImportReport preview(Scope scope, String fileName, Upload upload, long size, Mode mode, boolean fullWidth)
            throws IOException {
        ImportReport report;
        try (InputStream in = upload.open()) {
            report = preview(scope, fileName, in, size, mode, fullWidth);
        }
        keepForRerun(report, upload, size);
        return report;
    }

    /**
     * Reads a kept file again as a new import, with {@code ，} as its separator (in the background if
     * it is large, as an upload would be); returns the new import's id.
     */
    public long rerunWithFullWidthSeparator(Scope scope, long id) throws IOException {
        imports.report(scope, id); // 404 for an import the caller may not see, like a missing one
        scope.require(Action.TAG_MEMBERS);
        KeptUploads.Kept kept =
                keptUploads.take(id).orElseThrow(() -> RefusedException.conflict("id", "IMPORT_FILE_NOT_KEPT", id));
        long size = kept.content().length;
        if (runsInBackground(size)) {
            Path saved = Files.createTempFile("tagdesk-import-", ".csv");
            Files.write(saved, kept.content());
            return startPreview(scope, kept.fileName(), saved, size, kept.mode(), true);
        }
        return preview(scope, kept.fileName(), new ByteArrayInputStream(kept.content()), size, kept.mode(), true)
                .id();
    }

    /** Whether the file of an import is kept for a one-click re-run with {@code ，} as the separator. */
    public boolean keepsFileForRerun(long id) {
        return keptUploads.isKept(id);
    }

    private void keepForRerun(ImportReport report, Upload upload, long size) throws IOException {
        if (keptUploads.worthKeeping(report, size)) {
            try (InputStream in = upload.open()) {
                keptUploads.keep(report.id(), in.readAllBytes());
            }
        }
    }

    /** Opens a job for a file saved on disk and reads it in the background; deletes the file after. */
    public long startPreview(Scope scope, String fileName, Path file, long size, Mode mode, boolean fullWidth) {
        long job;
        try {
            job = imports.open(scope, fileName, size, mode);
        } catch (RuntimeException refused) {
            deleteQuietly(file);
            throw refused;
        }
        Runnable read = () -> {
            try (InputStream in = Files.newInputStream(file)) {
                ImportReport report = previewJob(scope, job, in, size, mode, fullWidth);
                keepForRerun(report, () -> Files.newInputStream(file), size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(file);
            }
        };
        try {
            submit(job, ImportStep.READING, read);
        } catch (RefusedException busy) {
            deleteQuietly(file);
            throw busy;
        }
        return job;
    }

    /** Applies a previewed job while the caller waits. */
    public ImportReport apply(Scope scope, long id) {
        return apply(scope, id, false);
    }

    /** Applies a previewed job, or only its rows without errors, while the caller waits. */
    public ImportReport apply(Scope scope, long id, boolean onlyCleanRows) {
        imports.startApplying(scope, id, onlyCleanRows);
        return applyJob(scope, id);
    }

    /** Applies a previewed job in the background. */
    public void startApply(Scope scope, long id) {
        startApply(scope, id, false);
    }

    /** Applies a previewed job, or only its rows without errors, in the background. */
    public void startApply(Scope scope, long id, boolean onlyCleanRows) {
        imports.startApplying(scope, id, onlyCleanRows);
        submit(id, ImportStep.APPLYING, () -> applyJob(scope, id));
    }

    private ImportReport previewJob(Scope scope, long job, InputStream file, long size, Mode mode, boolean fullWidth)
            throws IOException {
        return inTurn(readingTurns, job, size, ImportStep.READING, tracker -> {
            tracker.phase(ImportProgress.Phase.READING);
            return imports.preview(scope, job, file, size, mode, fullWidth, tracker);
        });
    }

    private ImportReport applyJob(Scope scope, long id) {
        try {
            return inTurn(applyingTurn, id, 0, ImportStep.APPLYING, tracker -> imports.apply(scope, id, tracker));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // applying reads no file
        }
    }

    /** A step of a job, given its progress. */
    @FunctionalInterface
    private interface Step {
        ImportReport run(ImportProgress.Tracker progress) throws IOException;
    }

    /** Runs a step of a job once it has its turn, with its progress shown; a step that throws failed. */
    private ImportReport inTurn(Semaphore turns, long job, long size, ImportStep step, Step work) throws IOException {
        ImportProgress.Tracker tracker = progress.start(job, size);
        try {
            awaitTurn(turns, job, step);
            try {
                return work.run(tracker);
            } catch (IOException | RuntimeException e) {
                imports.fail(job, step, ImportJobs.Failure.ERROR);
                throw e;
            } finally {
                turns.release();
            }
        } finally {
            progress.end(job);
        }
    }

    /**
     * Waits, holding no connection, until the job may run; a job that waited too long fails as busy
     * (a busy apply can be applied again, a busy upload is uploaded again) and nothing changed.
     */
    private void awaitTurn(Semaphore turns, long job, ImportStep step) {
        boolean taken;
        try {
            taken = turns.tryAcquire(longestWaitForTurn.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            imports.fail(job, step, ImportJobs.Failure.BUSY);
            throw RefusedException.conflict("file", "IMPORT_BUSY");
        }
    }

    private void submit(long job, ImportStep step, Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("Import {} failed while {}", job, step.name().toLowerCase(java.util.Locale.ROOT), e);
                }
            });
        } catch (TaskRejectedException e) {
            imports.fail(job, step, ImportJobs.Failure.BUSY);
            throw RefusedException.conflict("file", "IMPORT_BUSY");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the uploaded file {}", file, e);
        }
    }
}
