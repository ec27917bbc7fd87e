package dev.tagdesk.transfer;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.transfer.ImportJob.Counts;
import dev.tagdesk.transfer.ImportProblems.Findings;
import dev.tagdesk.transfer.MemberTagImports.CleanRows;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Import jobs in {@code import_job}: a job the caller may see (their own, or any for admins and
 * auditors), and each move of its {@link ImportStatus} with what is recorded with it (how its file
 * was read, what it changes, its first problems, what importing only its rows without errors does).
 * The caller's transaction.
 */
@Component
class ImportJobs {

    /** Why a job failed, stored as its name in {@code import_job.failure}. */
    enum Failure {
        /** It threw (see the log). */
        ERROR,
        /** It waited too long for its turn, or too many imports were waiting. */
        BUSY,
        /** The instance running it stopped. */
        INTERRUPTED,
        /** Its staged rows are gone (a crash empties the unlogged staging table). */
        FILE_LOST
    }

    /**
     * What a checking pass found out about importing only the rows without errors, and how many errors
     * have no line; written with the job unless null (an apply of every row leaves them as they were).
     */
    record Listed(CleanRows clean, long errorsWithoutLine) {

        static final Listed NOTHING = new Listed(new CleanRows(0, 0, 0, 0), 0);
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportJobs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Opens a job for a file about to be read: it is READING. */
    long open(Scope scope, String fileName, long size, Mode mode) {
        return jdbc.sql("""
                        insert into import_job (created_by, scope_path, file_name, file_bytes, mode, status)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(scope.username(), scope.subtreePath(), fileName, size, mode.name(), ImportStatus.READING.name())
                .query(Long.class)
                .single();
    }

    /** A job the caller may see: their own, or any for admins and auditors; else not found. */
    ImportJob job(Scope scope, long id) {
        return visible(scope, id, ImportJob.COLUMNS, (rs, i) -> ImportJob.of(rs));
    }

    /** The job itself, for a job already known to be the caller's. */
    ImportJob job(long id) {
        return jdbc.sql("select " + ImportJob.COLUMNS + " from import_job where id = ?")
                .param(id)
                .query((rs, i) -> ImportJob.of(rs))
                .single();
    }

    /** The report of a job the caller may see: the job with its first problems. */
    ImportReport report(Scope scope, long id) {
        return visible(
                scope,
                id,
                ImportJob.COLUMNS + ", problems",
                (rs, i) -> report(
                        ImportJob.of(rs), List.of(json.readValue(rs.getString("problems"), ImportProblem[].class))));
    }

    private <T> T visible(Scope scope, long id, String columns, RowMapper<T> row) {
        return jdbc.sql("select " + columns + " from import_job where id = ? and (? or created_by = ?)")
                .params(id, seesAll(scope), scope.username())
                .query(row)
                .optional()
                .orElseThrow(() -> new NotFoundException("import", id));
    }

    /** An import whose files the nightly clean-up removed has no rows left to apply or report. */
    static void requireFilesKept(ImportJob job) {
        if (job.filesRemoved()) {
            throw RefusedException.conflict("id", "IMPORT_FILE_REMOVED", job.id());
        }
    }

    /** Whether rows of the job are staged (a crash empties the unlogged staging table). */
    boolean hasStagedRows(long job) {
        return jdbc.sql("select exists (select 1 from import_row where job_id = ?)")
                .param(job)
                .query(Boolean.class)
                .single();
    }

    /** Records how the file was read: its encoding, separator, rows and header, and the reader's problems. */
    void fileRead(long job, MemberTagCsvReader.Outcome outcome, List<ImportProblem> readProblems) {
        jdbc.sql("""
                        update import_job set problems = cast(? as jsonb), encoding = ?, separator = ?, rows_read = ?,
                            tag_columns = ?, english_header = ? where id = ?""")
                .params(
                        json.writeValueAsString(readProblems),
                        outcome.encoding(),
                        outcome.separator(),
                        outcome.rows(),
                        outcome.tagColumns(),
                        outcome.englishHeader(),
                        job)
                .update();
    }

    /**
     * Ends a step of the job: its status, what it changes ({@code counts}, none when null), its first
     * problems and how many there are, and, unless null, what importing only its rows without errors
     * does. Returns the job's report.
     */
    ImportReport finish(Scope scope, long job, Findings problems, Counts counts, ImportStatus status, Listed listed) {
        List<ImportProblem> sorted = problems.kept.stream()
                .sorted(Comparator.comparingLong(ImportProblem::line).thenComparingInt(ImportProblem::column))
                .toList();
        if (listed != null) {
            jdbc.sql("""
                            update import_job set changes_listed = :listed, clean_rows = :rows, skipped_rows = :skipped,
                                clean_to_add = :toAdd, clean_to_remove = :toRemove, errors_without_line = :withoutLine
                            where id = :id""")
                    .param("listed", status != ImportStatus.REFUSED)
                    .param("rows", listed.clean().rows())
                    .param("skipped", listed.clean().skipped())
                    .param("toAdd", listed.clean().toAdd())
                    .param("toRemove", listed.clean().toRemove())
                    .param("withoutLine", listed.errorsWithoutLine())
                    .param("id", job)
                    .update();
        }
        Counts changes = counts == null ? Counts.NONE : counts;
        jdbc.sql("""
                        update import_job set status = :status, members = :members, to_add = :toAdd, to_remove = :toRemove,
                            unchanged = :unchanged, error_count = :errors, warning_count = :warnings,
                            problems = cast(:problems as jsonb)
                        where id = :id""")
                .param("status", status.name())
                .param("members", changes.members())
                .param("toAdd", changes.toAdd())
                .param("toRemove", changes.toRemove())
                .param("unchanged", changes.unchanged())
                .param("errors", problems.errors)
                .param("warnings", problems.warnings)
                .param("problems", json.writeValueAsString(sorted))
                .param("id", job)
                .update();
        return report(job(scope, job), sorted);
    }

    /**
     * Marks a job APPLYING, once however many times it is asked for at once: only a job previewed,
     * applied (applying again changes nothing) or failed while applying (a retry). Returns whether it
     * was marked.
     */
    boolean startApplying(long id, boolean onlyCleanRows) {
        return jdbc.sql("""
                        update import_job set status = :applying, failed_during = null, failure = null,
                            only_clean_rows = :onlyCleanRows
                        where id = :id and (status in (:previewed, :applied) or (status = :failed and failed_during = :step))""")
                        .param("applying", ImportStatus.APPLYING.name())
                        .param("onlyCleanRows", onlyCleanRows)
                        .param("id", id)
                        .param("previewed", ImportStatus.PREVIEWED.name())
                        .param("applied", ImportStatus.APPLIED.name())
                        .param("failed", ImportStatus.FAILED.name())
                        .param("step", ImportStep.APPLYING.name())
                        .update()
                > 0;
    }

    /** Records when the job's changes were made. */
    void applied(long id) {
        jdbc.sql("update import_job set applied_at = now() where id = ?")
                .param(id)
                .update();
    }

    /** Records that a job stopped in the middle of a step; its staged rows stay for a retry of an apply. */
    void fail(long id, ImportStep step, Failure failure) {
        jdbc.sql("update import_job set status = ?, failed_during = ?, failure = ? where id = ?")
                .params(ImportStatus.FAILED.name(), step.name(), failure.name(), id)
                .update();
        if (step == ImportStep.READING) {
            // A file that failed while read is uploaded again, never retried: its staged rows are of no use.
            jdbc.sql("delete from import_row where job_id = ?").param(id).update();
            forgetChanges(id);
        }
    }

    /** Jobs left running by an instance that stopped (a crash, a kill): they failed; returns how many. */
    int failInterrupted() {
        // A running job's status names its step: READING or APPLYING.
        int interrupted = jdbc.sql("""
                        update import_job set failed_during = status, status = :failed, failure = :interrupted
                        where status in (:running)""")
                .param("failed", ImportStatus.FAILED.name())
                .param("interrupted", Failure.INTERRUPTED.name())
                .param("running", ImportStatus.runningNames())
                .update();
        // After a crash the staged rows are gone: a job that could have been applied must be uploaded again.
        int lost = jdbc.sql("""
                        update import_job j set status = :failed, failed_during = :staging, failure = :lost
                        where ((j.status = :previewed and j.error_count = 0)
                               or (j.status = :failed and j.failed_during = :applying))
                          and j.rows_read > 0
                          and j.files_removed_at is null
                          and not exists (select 1 from import_row r where r.job_id = j.id)""")
                .param("failed", ImportStatus.FAILED.name())
                .param("staging", ImportStep.STAGING.name())
                .param("lost", Failure.FILE_LOST.name())
                .param("previewed", ImportStatus.PREVIEWED.name())
                .param("applying", ImportStep.APPLYING.name())
                .update();
        return interrupted + lost;
    }

    /** Forgets what the job's rows without errors change (listed again by the next check). */
    void forgetChanges(long job) {
        jdbc.sql("delete from import_change where job_id = ?").param(job).update();
    }

    /** The latest imports the caller may see: their own, or everyone's for admins and auditors. */
    List<ImportJob> history(Scope scope) {
        return jdbc.sql("select " + ImportJob.COLUMNS
                        + " from import_job where ? or created_by = ? order by created_at desc, id desc limit 50")
                .params(seesAll(scope), scope.username())
                .query((rs, i) -> ImportJob.of(rs))
                .list();
    }

    private static boolean seesAll(Scope scope) {
        return scope.may(Action.READ_ALL_IMPORTS);
    }

    private static ImportReport report(ImportJob job, List<ImportProblem> problems) {
        Counts counts = job.counts();
        return new ImportReport(
                job.id(),
                job.status(),
                job.mode(),
                job.encoding(),
                job.separator(),
                job.rowsRead(),
                counts.members(),
                counts.toAdd(),
                counts.toRemove(),
                counts.unchanged(),
                job.status() == ImportStatus.APPLIED,
                problems.stream()
                        .filter(p -> p.code().isError())
                        .limit(ImportProblems.KEPT)
                        .toList(),
                job.errorCount(),
                problems.stream()
                        .filter(p -> p.code().isWarning())
                        .limit(ImportProblems.KEPT)
                        .toList(),
                job.warningCount(),
                job.failedDuring(),
                job.fileBytes(),
                job.filesRemoved(),
                job.clean(),
                job.changesListed(),
                job.errorsWithoutLine(),
                job.onlyCleanRows());
    }
}
