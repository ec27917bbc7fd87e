package dev.tagdesk.transfer;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.cluster.Instance;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.transfer.ImportJob.Counts;
import dev.tagdesk.transfer.ImportProblems.Findings;
import dev.tagdesk.transfer.MemberTagImports.CleanRows;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        /** The instance running it stopped, or stopped saying it still runs it (no heartbeat). */
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
    private final Instance instance;

    ImportJobs(JdbcClient jdbc, JsonMapper json, Instance instance) {
        this.jdbc = jdbc;
        this.json = json;
        this.instance = instance;
    }

    /**
     * Opens a job for a file about to be read: it is READING, run by this instance, and queued for a
     * reading turn (see {@link ImportTurns}).
     */
    long open(Scope scope, String fileName, long size, Mode mode) {
        return jdbc.sql("""
                        insert into import_job (created_by, scope_path, file_name, file_bytes, mode, status,
                            running_on, queued_at, heartbeat_at, progress_phase)
                        values (?, ?, ?, ?, ?, ?, ?, now(), now(), 'WAITING') returning id""")
                .params(
                        scope.username(),
                        scope.subtreePath(),
                        fileName,
                        size,
                        mode.name(),
                        ImportStatus.READING.name(),
                        instance.name())
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
     * applied (applying again changes nothing) or failed while applying (a retry). It is then run by
     * this instance and queued for the applying turn. Returns whether it was marked.
     */
    boolean startApplying(long id, boolean onlyCleanRows) {
        return jdbc.sql("""
                        update import_job set status = :applying, failed_during = null, failure = null,
                            only_clean_rows = :onlyCleanRows, running_on = :instance, queued_at = now(),
                            heartbeat_at = now(), turn_taken_at = null, progress_phase = 'WAITING',
                            progress_bytes = null, progress_rows = null, progress_checked = null, progress_applied = null
                        where id = :id and (status in (:previewed, :applied) or (status = :failed and failed_during = :step))""")
                        .param("applying", ImportStatus.APPLYING.name())
                        .param("onlyCleanRows", onlyCleanRows)
                        .param("instance", instance.name())
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

    /**
     * At start-up: jobs this instance left running when it stopped (a crash, a kill), and, after a crash
     * of PostgreSQL, jobs whose staged rows are gone. They failed; returns how many.
     */
    int failLeftBehind() {
        int interrupted = failRunning("running_on = :instance", Map.of("instance", instance.name()));
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

    /**
     * Running jobs whose instance has said nothing for {@code deadAfter} (it died, or lost the
     * database): they failed, whichever instance notices first. Returns how many.
     */
    int failAbandoned(Duration deadAfter) {
        return failRunning(
                "(heartbeat_at is null or heartbeat_at < now() - make_interval(secs => :seconds))",
                Map.of("seconds", deadAfter.toMillis() / 1000.0));
    }

    /** Jobs a stopping instance could not finish in time: failed, to be retried on any instance. */
    int handBack(Collection<Long> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        return failRunning(
                "running_on = :instance and id = any(:jobs)",
                Map.of("instance", instance.name(), "jobs", jobs.toArray(Long[]::new)));
    }

    /**
     * Fails the running jobs that match {@code condition}, once whichever instances ask at once (the
     * row lock makes the later ones see them failed already); a job failed while reading loses its
     * staged rows, as {@link #fail} does.
     */
    private int failRunning(String condition, Map<String, Object> params) {
        // A running job's status names its step: READING or APPLYING.
        List<String> steps = jdbc.sql("""
                        update import_job set failed_during = status, status = :failed, failure = :interrupted,
                            turn_taken_at = null
                        where status in (:running) and\s""" + condition + " returning id, failed_during")
                .param("failed", ImportStatus.FAILED.name())
                .param("interrupted", Failure.INTERRUPTED.name())
                .param("running", ImportStatus.runningNames())
                .params(params)
                .query((rs, i) -> rs.getLong("id") + ":" + rs.getString("failed_during"))
                .list();
        for (String step : steps) {
            if (step.endsWith(":" + ImportStep.READING.name())) {
                long id = Long.parseLong(step.substring(0, step.indexOf(':')));
                jdbc.sql("delete from import_row where job_id = ?").param(id).update();
                forgetChanges(id);
            }
        }
        return steps.size();
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
