package dev.tagdesk.transfer;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.BulkAssignments;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports member tags from a CSV file, one transaction a step: a job is opened, its file read once,
 * its rows streamed into a staging table with COPY and checked as they come against the importer's
 * {@link MemberDirectory} ({@link ImportPreview}); apply checks the staged rows again in one
 * transaction of batched {@code DELETE}s and {@code INSERT … ON CONFLICT}s of the checked pairs
 * ({@link ImportApply}), so it is all-or-nothing and applying the same file twice changes nothing the
 * second time. Who may import, and which job moves when: here; the job's row: {@link ImportJobs}.
 */
@Service
public class MemberTagImports {

    public enum Mode {
        MERGE,
        REPLACE
    }

    /** A problem with where it is; errors refuse apply, warnings do not ({@link ProblemCode}). */
    public record ImportProblem(long line, int column, ProblemCode code, String value) {

        /** What is wrong, in the given language. */
        public String message(MessageSource messages, Locale locale) {
            return messages.getMessage(code.messageKey(), new Object[] {line, column, value}, code.name(), locale);
        }
    }

    public record ImportReport(
            long id,
            ImportStatus status,
            Mode mode,
            String encoding,
            String separator,
            long rows,
            long members,
            long toAdd,
            long toRemove,
            long unchanged,
            boolean applied,
            List<ImportProblem> errors,
            int errorCount,
            List<ImportProblem> warnings,
            int warningCount,
            ImportStep failedDuring,
            long fileBytes,
            boolean fileRemoved,
            CleanRows cleanRows,
            boolean changesListed,
            long errorsWithoutLine,
            boolean onlyCleanRows) {

        /** Whether the job is still being read or applied. */
        public boolean running() {
            return status.running();
        }

        /** Whether the previewed file asks for no change at all: every listed tag is already there. */
        public boolean changesNothing() {
            return status == ImportStatus.PREVIEWED && errorCount == 0 && toAdd == 0 && toRemove == 0;
        }

        /** Whether apply may be asked for: previewed without errors, or failed while applying. */
        public boolean applicable() {
            return !fileRemoved && ((status == ImportStatus.PREVIEWED && errorCount == 0) || failedWhileApplying());
        }

        /**
         * Whether the rows without errors may be imported on their own: previewed with errors, some
         * rows without, and every error on a known line (else which rows are clean is unknown).
         */
        public boolean mayApplyOnlyCleanRows() {
            return status == ImportStatus.PREVIEWED
                    && errorCount > 0
                    && changesListed
                    && errorsWithoutLine == 0
                    && cleanRows.rows() > 0
                    && !fileRemoved;
        }

        /** Whether the import was applied with only its rows without errors. */
        public boolean appliedOnlyCleanRows() {
            return applied() && onlyCleanRows;
        }

        /**
         * Whether what its rows without errors change can be listed: they were listed when it was
         * checked, it is not applied yet (previewed, or failed while applying) and its rows are kept.
         */
        public boolean listsChanges() {
            return changesListed && (status == ImportStatus.PREVIEWED || failedWhileApplying()) && !fileRemoved;
        }

        private boolean failedWhileApplying() {
            return status == ImportStatus.FAILED && failedDuring == ImportStep.APPLYING;
        }
    }

    /**
     * What importing only the rows without errors does (in a preview) or did (applied that way): rows
     * applied and skipped, assignments added and removed. Without errors, that is the whole file.
     */
    public record CleanRows(long rows, long skipped, long toAdd, long toRemove) {}

    private final JdbcClient jdbc;
    private final ImportJobs jobs;
    private final ImportPreview previews;
    private final ImportApply applies;
    private final BulkAssignments assignments;

    MemberTagImports(
            JdbcClient jdbc,
            ImportJobs jobs,
            ImportPreview previews,
            ImportApply applies,
            BulkAssignments assignments) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.jobs = jobs;
        this.previews = previews;
        this.applies = applies;
    }

    /** Opens a job for a file about to be read; it is READING until {@link #preview} ends. */
    @Transactional
    public long open(Scope scope, String fileName, long size, Mode mode) {
        requireMayImport(scope);
        requireReadableFileName(fileName);
        return jobs.open(scope, shorten(fileName), size, mode);
    }

    /** Reads, stages and checks the file of an open job; changes no member's tags. */
    @Transactional
    public ImportReport preview(
            Scope scope,
            long job,
            InputStream file,
            long size,
            Mode mode,
            boolean fullWidthSeparator,
            ImportProgress.Tracker progress)
            throws IOException {
        requireMayImport(scope);
        return previews.preview(scope, job, mode, new ImportPreview.File(file, size, fullWidthSeparator), progress);
    }

    /**
     * Marks a previewed job as being applied, so that it is applied once however many times apply is
     * asked for at once. Refused unless the job is previewed, applied (applying again changes nothing
     * and says so) or failed while applying (a retry).
     */
    @Transactional
    public void startApplying(Scope scope, long id) {
        startApplying(scope, id, false);
    }

    /**
     * As {@link #startApplying(Scope, long)}; with {@code onlyCleanRows}, the apply that follows
     * imports only the rows without errors, which the preview must have been able to tell: a job
     * previewed before changes were listed, one with errors on no known line or without a single row
     * without errors is refused. An import applied that way is applied again only that way while it
     * has errors (changing nothing more), never whole.
     */
    @Transactional
    public void startApplying(Scope scope, long id, boolean onlyCleanRows) {
        requireMayImport(scope);
        ImportJob job = jobs.job(scope, id);
        requireStagedRows(job);
        if (onlyCleanRows) {
            requireCleanRowsKnown(job);
        } else if (job.onlyCleanRows() && job.status() == ImportStatus.APPLIED && job.errorCount() > 0) {
            throw RefusedException.conflict("id", "IMPORT_HAS_ERRORS", job.errorCount());
        }
        if (!jobs.startApplying(id, onlyCleanRows)) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
        }
    }

    /** Only the rows without errors are imported of a job whose checks told which they are. */
    private static void requireCleanRowsKnown(ImportJob job) {
        if (job.errorsWithoutLine() > 0) {
            throw RefusedException.conflict("id", "IMPORT_ERRORS_WITHOUT_LINE", job.errorsWithoutLine());
        }
        if (!job.changesListed()) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", job.id());
        }
        if (job.status() == ImportStatus.PREVIEWED && job.clean().rows() == 0) {
            throw RefusedException.conflict("id", "IMPORT_NO_CLEAN_ROWS", job.id());
        }
    }

    /**
     * The staged rows live in an unlogged table, which PostgreSQL empties when it recovers from a
     * crash. A job that read rows and has none staged lost its file: applying it would change
     * nothing yet report success. It must be uploaded again.
     */
    private void requireStagedRows(ImportJob job) {
        ImportJobs.requireFilesKept(job);
        if (job.rowsRead() > 0 && !jobs.hasStagedRows(job.id())) {
            throw RefusedException.conflict("id", "IMPORT_FILE_LOST", job.id());
        }
    }

    /**
     * Applies a job marked by {@link #startApplying}, checking again first (tags or members may have
     * changed since the preview). If any error remains, nothing changes and the job goes back to
     * PREVIEWED with the errors; applying twice changes nothing the second time.
     */
    @Transactional
    public ImportReport apply(Scope scope, long id, ImportProgress.Tracker progress) {
        requireMayImport(scope);
        // One bulk write at a time (another import, a rule): see BulkAssignments.takeBulkWriteLock.
        assignments.takeBulkWriteLock();
        ImportJob job = jobs.job(scope, id);
        if (job.status() != ImportStatus.APPLYING) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
        }
        return applies.apply(scope, job, progress);
    }

    /**
     * Records that a job stopped in the middle of a step; its staged rows stay for a retry of an apply.
     * (Package-private and still transactional: Spring's class-based proxies intercept it.)
     */
    @Transactional
    void fail(long id, ImportStep step, ImportJobs.Failure failure) {
        jobs.fail(id, step, failure);
    }

    /** At start-up: jobs this instance left running when it stopped, or whose staged rows a crash lost. */
    @Transactional
    int failLeftBehind() {
        return jobs.failLeftBehind();
    }

    /** Running jobs whose instance has said nothing for {@code deadAfter}: they failed. */
    @Transactional
    int failAbandoned(Duration deadAfter) {
        return jobs.failAbandoned(deadAfter);
    }

    /** Jobs a stopping instance could not finish in time: failed, to be retried on any instance. */
    @Transactional
    int handBack(Collection<Long> running) {
        return jobs.handBack(running);
    }

    /** The report of a job the caller may see: their own, or any for admins and auditors. */
    @Transactional(readOnly = true)
    public ImportReport report(Scope scope, long id) {
        return jobs.report(scope, id);
    }

    /** The latest imports the caller may see: their own, or everyone's for admins and auditors. */
    @Transactional(readOnly = true)
    public List<ImportJob> history(Scope scope) {
        return jobs.history(scope);
    }

    public boolean mayImport(Scope scope) {
        return scope.may(Action.TAG_MEMBERS);
    }

    private void requireMayImport(Scope scope) {
        scope.require(Action.TAG_MEMBERS);
    }

    /**
     * A file name follows the rule of every display name: no control, line break or direction mark
     * (U+202E would show {@code 名单‮vsc.exe} as {@code 名单exe.csv} in the history).
     */
    private static void requireReadableFileName(String fileName) {
        if (fileName != null && fileName.codePointCount(0, fileName.length()) > DisplayNames.MAX_FILE_NAME) {
            throw RefusedException.invalid("file", "FILE_NAME_TOO_LONG", DisplayNames.MAX_FILE_NAME);
        }
        DisplayNames.invisibleCharacter("file", fileName).ifPresent(invisible -> {
            throw RefusedException.invalid("file", "FILE_NAME_INVALID_CHARACTER", invisible.args());
        });
    }

    private static String shorten(String fileName) {
        return fileName == null ? null : fileName.length() > 255 ? fileName.substring(0, 255) : fileName;
    }
}
