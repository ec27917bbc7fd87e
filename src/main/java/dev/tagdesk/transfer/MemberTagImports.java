package dev.tagdesk.transfer;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.Assignments;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports member tags from a CSV file: the file is read once, its rows streamed into a staging
 * table with COPY and checked as they come against the importer's {@link MemberDirectory} ({@link
 * ImportPass}); apply checks the staged rows again in one transaction of batched {@code DELETE}s and
 * {@code INSERT … ON CONFLICT}s of the checked pairs, so it is all-or-nothing and applying the same
 * file twice changes nothing the second time.
 */
@Service
public class MemberTagImports {

    public enum Mode {
        MERGE,
        REPLACE
    }

    /** A problem with where it is; errors refuse apply, warnings do not. */
    public record ImportProblem(long line, int column, String code, String value) {}

    public record ImportReport(
            long id,
            String status,
            String mode,
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
            String failedDuring,
            long fileBytes,
            boolean fileRemoved,
            CleanRows cleanRows,
            boolean changesListed,
            long errorsWithoutLine,
            boolean onlyCleanRows) {

        /** Whether the job is still being read or applied. */
        public boolean running() {
            return "READING".equals(status) || "APPLYING".equals(status);
        }

        /** Whether the previewed file asks for no change at all: every listed tag is already there. */
        public boolean changesNothing() {
            return "PREVIEWED".equals(status) && errorCount == 0 && toAdd == 0 && toRemove == 0;
        }

        /** Whether apply may be asked for: previewed without errors, or failed while applying. */
        public boolean applicable() {
            return !fileRemoved
                    && (("PREVIEWED".equals(status) && errorCount == 0)
                            || ("FAILED".equals(status) && "APPLYING".equals(failedDuring)));
        }

        /**
         * Whether the rows without errors may be imported on their own: previewed with errors, some
         * rows without, and every error on a known line (else which rows are clean is unknown).
         */
        public boolean mayApplyOnlyCleanRows() {
            return "PREVIEWED".equals(status)
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
    }

    /**
     * What importing only the rows without errors does (in a preview) or did (applied that way): rows
     * applied and skipped, assignments added and removed. Without errors, that is the whole file.
     */
    public record CleanRows(long rows, long skipped, long toAdd, long toRemove) {}

    /** Codes that are warnings: the row still applies. */
    static final List<String> WARNINGS = List.of("NAME_MISMATCH", "TAG_NORMALISED", "ACCOUNT_REPEATED");

    /**
     * Codes that are notes, neither errors nor warnings: a row skipped, when only the rows without
     * errors are imported, with the other rows of its member (replace mode, an account listed too
     * often). Recorded with the problems, so that the error report gives these rows back too.
     */
    static final List<String> NOTES = List.of("ROW_SKIPPED_WITH_ACCOUNT");

    /** The one error the reader finds in a file it reads to its end; the checks cannot find it again. */
    static final String READ_ERROR = "CELL_OUTSIDE_HEADER";

    static boolean isWarning(String code) {
        return WARNINGS.contains(code);
    }

    static boolean isNote(String code) {
        return NOTES.contains(code);
    }

    /** Warnings and notes: the codes that are not errors. */
    static String[] notErrors() {
        return java.util.stream.Stream.concat(WARNINGS.stream(), NOTES.stream()).toArray(String[]::new);
    }

    static final int PROBLEMS_KEPT = 1000;

    private final JdbcClient jdbc;
    private final ImportJobs jobs;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final long maxBytes;
    private final int applyBatch;
    private final int rowsBeforeWholeDirectory;

    MemberTagImports(
            JdbcClient jdbc,
            ImportJobs jobs,
            DataSource dataSource,
            JsonMapper json,
            ApplicationEventPublisher events,
            @Value("${tagdesk.import.max-bytes:104857600}") long maxBytes,
            @Value("${tagdesk.import.apply-batch:20000}") int applyBatch,
            @Value("${tagdesk.import.rows-before-whole-directory:10000}") int rowsBeforeWholeDirectory) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.dataSource = dataSource;
        this.json = json;
        this.events = events;
        this.maxBytes = maxBytes;
        this.applyBatch = applyBatch;
        this.rowsBeforeWholeDirectory = rowsBeforeWholeDirectory;
    }

    /** Opens a job for a file about to be read; it is READING until {@link #preview} ends. */
    @Transactional
    public long open(Scope scope, String fileName, long size, Mode mode) {
        requireMayImport(scope);
        requireReadableFileName(fileName);
        return jdbc.sql("""
                        insert into import_job (created_by, scope_path, file_name, file_bytes, mode, status)
                        values (?, ?, ?, ?, ?, 'READING') returning id""")
                .params(scope.username(), scope.subtreePath(), shorten(fileName), size, mode.name())
                .query(Long.class)
                .single();
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
        jdbc.sql("delete from import_problem where job_id = ?").param(job).update();
        jdbc.sql("delete from import_change where job_id = ?").param(job).update();
        ImportPass pass = pass(
                DataSourceUtils.getConnection(dataSource), scope, job, mode, null, new java.util.HashSet<>(), progress);
        MemberTagCsvReader.Outcome outcome;
        AccountsSeen seen = new AccountsSeen();
        // The rows are staged on a connection of their own, committing when the file has been read:
        // the COPY streams to PostgreSQL while this one records the problems the checks find. Rows of
        // accounts seen before are only staged, marked, and checked together at the end.
        try (Connection stagingConnection = dataSource.getConnection();
                ImportStaging staging = new ImportStaging(stagingConnection, job)) {
            pass.whileReading();
            outcome = new MemberTagCsvReader(maxBytes).read(progress.counting(file), size, fullWidthSeparator, read -> {
                ImportCheck.Row row = ImportStaging.staged(read);
                boolean repeatsAccount = !row.account().isEmpty() && !seen.add(row.account());
                staging.add(row, repeatsAccount);
                progress.rowRead();
                if (read.cellsOutsideHeader()) {
                    pass.readError(row.line());
                }
                if (!repeatsAccount) {
                    pass.row(row);
                }
            });
            if (outcome.complete()) {
                staging.finish();
            }
            pass.fileRead();
        } catch (SQLException e) {
            pass.abandon();
            throw new IllegalStateException("Could not stage import " + job, e);
        } catch (IOException | RuntimeException e) {
            pass.abandon();
            throw e;
        }
        List<ImportProblem> readProblems = outcome.problems().stream()
                .map(p -> new ImportProblem(p.line(), p.column(), p.code(), p.value()))
                .limit(PROBLEMS_KEPT)
                .toList();
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
        ImportJobs.Findings problems = new ImportJobs.Findings();
        if (!outcome.complete()) {
            // The file could not be read to its end: what the checks found in its first rows is moot.
            jdbc.sql("delete from import_problem where job_id = ?").param(job).update();
            jdbc.sql("delete from import_change where job_id = ?").param(job).update();
            readProblems.forEach(problems::add);
            return jobs.finish(
                    scope, job, problems, null, "REFUSED", new ImportJobs.Listed(new CleanRows(0, 0, 0, 0), 0));
        }
        progress.phase(ImportProgress.Phase.CHECKING);
        try {
            pass.allRowsStaged();
            if (seen.repeats() > 0) {
                pass.repeatedAccounts(true);
            }
            pass.finish();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check import " + job, e);
        }
        jobs.recordReadProblems(job, readProblems, problems);
        problems.errors += outcome.unlisted(); // cells outside the header beyond the listed ones: errors too
        problems.errors += pass.errors;
        problems.warnings += pass.warnings;
        problems.kept.addAll(jobs.keptProblems(job, PROBLEMS_KEPT));
        return jobs.finish(
                scope,
                job,
                problems,
                ImportJobs.Counts.of(pass),
                "PREVIEWED",
                ImportJobs.Listed.of(pass, outcome.unlisted()));
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
        Map<String, Object> job = jobs.job(scope, id);
        requireStagedCells(job, id);
        if (onlyCleanRows) {
            if (ImportJobs.number(job, "errors_without_line") > 0) {
                throw RefusedException.conflict(
                        "id", "IMPORT_ERRORS_WITHOUT_LINE", ImportJobs.number(job, "errors_without_line"));
            }
            if (!Boolean.TRUE.equals(job.get("changes_listed"))) {
                throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
            }
            if ("PREVIEWED".equals(job.get("status")) && ImportJobs.number(job, "clean_rows") == 0) {
                throw RefusedException.conflict("id", "IMPORT_NO_CLEAN_ROWS", id);
            }
        } else if (Boolean.TRUE.equals(job.get("only_clean_rows"))
                && "APPLIED".equals(job.get("status"))
                && ImportJobs.number(job, "error_count") > 0) {
            throw RefusedException.conflict("id", "IMPORT_HAS_ERRORS", ImportJobs.number(job, "error_count"));
        }
        int started = jdbc.sql("""
                        update import_job set status = 'APPLYING', failed_during = null, failure = null, only_clean_rows = ?
                        where id = ? and (status in ('PREVIEWED', 'APPLIED') or (status = 'FAILED' and failed_during = 'APPLYING'))""").params(onlyCleanRows, id).update();
        if (started == 0) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
        }
    }

    /**
     * The staged rows live in an unlogged table, which PostgreSQL empties when it recovers from a
     * crash. A job that read rows and has none staged lost its file: applying it would change
     * nothing yet report success. It must be uploaded again.
     */
    private void requireStagedCells(Map<String, Object> job, long id) {
        ImportJobs.requireFilesKept(job, id);
        boolean staged = jdbc.sql("select exists (select 1 from import_row where job_id = ?)")
                .param(id)
                .query(Boolean.class)
                .single();
        if (ImportJobs.number(job, "rows_read") > 0 && !staged) {
            throw RefusedException.conflict("id", "IMPORT_FILE_LOST", id);
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
        // One bulk write at a time (another import, a rule): see Assignments.TAKE_BULK_WRITE_LOCK.
        jdbc.sql(Assignments.TAKE_BULK_WRITE_LOCK).query(Object.class).single();
        Map<String, Object> job = jobs.job(scope, id);
        if (!"APPLYING".equals(job.get("status"))) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
        }
        Mode mode = Mode.valueOf((String) job.get("mode"));
        ImportJobs.Counts previewed = new ImportJobs.Counts(
                ImportJobs.number(job, "members"),
                ImportJobs.number(job, "to_add"),
                ImportJobs.number(job, "unchanged"),
                ImportJobs.number(job, "to_remove"));
        progress.phase(ImportProgress.Phase.APPLYING);
        if (Boolean.TRUE.equals(job.get("only_clean_rows"))) {
            return applyCleanRows(scope, id, mode, progress);
        }
        // Checked again while applying (members or tags may have changed since the preview): one pass
        // that writes as it goes. If it finds an error, its writes are rolled back to the savepoint and
        // a checking pass records the problems; the job goes back to PREVIEWED and nothing changed.
        Connection connection = DataSourceUtils.getConnection(dataSource);
        ImportPass pass;
        // Errors the reader found (cells outside the header) are not found again by the checks, but
        // they are errors all the same: the file is not applied whole while it has them.
        ImportJobs.ReadErrors read = jobs.readErrors(id);
        boolean readErrorsRemain = read.count() > 0 || ImportJobs.number(job, "errors_without_line") > 0;
        try {
            Savepoint beforeChanges = connection.setSavepoint();
            pass = pass(
                    connection,
                    scope,
                    id,
                    mode,
                    new ImportPass.Applying(scope.username(), false),
                    read.lines(),
                    progress);
            pass.overStagedRows();
            if (pass.errors > 0 || readErrorsRemain) {
                connection.rollback(beforeChanges);
                ImportJobs.Findings problems = new ImportJobs.Findings();
                ImportPass checked = check(scope, id, mode, problems, progress);
                return jobs.finish(
                        scope,
                        id,
                        problems,
                        previewed,
                        "PREVIEWED",
                        ImportJobs.Listed.of(checked, ImportJobs.number(job, "errors_without_line")));
            }
            connection.releaseSavepoint(beforeChanges);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply import " + id, e);
        }
        ImportJobs.Findings problems = new ImportJobs.Findings();
        problems.warnings = pass.warnings;
        problems.kept.addAll(jobs.keptProblems(id, PROBLEMS_KEPT));
        jdbc.sql("update import_job set applied_at = now() where id = ?")
                .param(id)
                .update();
        int added = (int) pass.added();
        int removed = (int) pass.removed();
        // What actually changed, without counting the pairs again: anything the preview meant to add
        // that someone else added meanwhile is simply already there.
        ImportJobs.Counts counts = new ImportJobs.Counts(
                previewed.members(), added, previewed.unchanged() + previewed.toAdd() - added, removed);
        ImportReport report = jobs.finish(scope, id, problems, counts, "APPLIED", null);
        events.publishEvent(AuditRecord.of(
                        "IMPORT_APPLIED",
                        "import",
                        id,
                        null,
                        Map.of("added", added, "removed", removed, "mode", mode.name()))
                .by(scope.username()));
        return report;
    }

    /**
     * Applies only the rows without errors, checking every row again as it goes (tags or members may
     * have changed since the preview): the problems are recorded as found, with a note on each row
     * skipped with its member, and the rows without errors are written. The errors stay, with the
     * error report; the job is applied, with how many rows were applied and skipped.
     */
    private ImportReport applyCleanRows(Scope scope, long id, Mode mode, ImportProgress.Tracker progress) {
        jdbc.sql("delete from import_problem where job_id = ? and code <> ?")
                .params(id, READ_ERROR)
                .update();
        ImportJobs.ReadErrors read = jobs.readErrors(id);
        ImportPass pass = pass(
                DataSourceUtils.getConnection(dataSource),
                scope,
                id,
                mode,
                new ImportPass.Applying(scope.username(), true),
                read.lines(),
                progress);
        try {
            pass.overStagedRows();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply import " + id, e);
        }
        ImportJobs.Findings problems = new ImportJobs.Findings();
        problems.errors = pass.errors + (int) read.count();
        problems.warnings = pass.warnings;
        problems.kept.addAll(jobs.keptProblems(id, PROBLEMS_KEPT));
        jdbc.sql("update import_job set applied_at = now() where id = ?")
                .param(id)
                .update();
        long added = pass.added();
        long removed = pass.removed();
        ImportJobs.Counts counts =
                new ImportJobs.Counts(pass.cleanMembers, added, pass.cleanUnchanged + pass.cleanToAdd - added, removed);
        CleanRows applied = new CleanRows(pass.cleanRows, pass.skippedRows, added, removed);
        ImportReport report = jobs.finish(scope, id, problems, counts, "APPLIED", new ImportJobs.Listed(applied, 0));
        events.publishEvent(AuditRecord.of(
                        "IMPORT_APPLIED_CLEAN_ROWS",
                        "import",
                        id,
                        null,
                        Map.of(
                                "added",
                                added,
                                "removed",
                                removed,
                                "mode",
                                mode.name(),
                                "rowsApplied",
                                pass.cleanRows,
                                "rowsSkipped",
                                pass.skippedRows))
                .by(scope.username()));
        return report;
    }

    /** Records that a job stopped in the middle of a phase; its staged rows stay for a retry of an apply. */
    @Transactional
    public void fail(long id, String during, String failure) {
        jdbc.sql("update import_job set status = 'FAILED', failed_during = ?, failure = ? where id = ?")
                .params(during, failure, id)
                .update();
        if ("READING".equals(during)) {
            // A file that failed while read is uploaded again, never retried: its staged rows are of no use.
            jdbc.sql("delete from import_row where job_id = ?").param(id).update();
            jdbc.sql("delete from import_change where job_id = ?").param(id).update();
        }
    }

    /** Jobs left running by an instance that stopped (a crash, a kill): they failed; returns how many. */
    @Transactional
    public int failInterrupted() {
        int interrupted = jdbc.sql("""
                        update import_job set failed_during = status, status = 'FAILED', failure = 'INTERRUPTED'
                        where status in ('READING', 'APPLYING')""").update();
        // After a crash the staged rows are gone: a job that could have been applied must be uploaded again.
        int lost = jdbc.sql("""
                        update import_job j set status = 'FAILED', failed_during = 'STAGING', failure = 'FILE_LOST'
                        where ((j.status = 'PREVIEWED' and j.error_count = 0)
                               or (j.status = 'FAILED' and j.failed_during = 'APPLYING'))
                          and j.rows_read > 0
                          and j.files_removed_at is null
                          and not exists (select 1 from import_row r where r.job_id = j.id)""").update();
        return interrupted + lost;
    }

    /** The report of a job the caller may see: their own, or any for admins and auditors. */
    @Transactional(readOnly = true)
    public ImportReport report(Scope scope, long id) {
        return jobs.report(scope, id);
    }

    /** One line of the import history. */
    public record ImportSummary(
            long id,
            String createdBy,
            java.time.Instant createdAt,
            String fileName,
            String mode,
            String status,
            long rows,
            long toAdd,
            long toRemove,
            int errorCount,
            boolean onlyCleanRows) {}

    /** The latest imports the caller may see: their own, or everyone's for admins and auditors. */
    @Transactional(readOnly = true)
    public List<ImportSummary> history(Scope scope) {
        boolean seesAll = scope.role() == Role.ADMIN || scope.role() == Role.AUDITOR;
        return jdbc.sql("""
                        select id, created_by, created_at, file_name, mode, status, rows_read, to_add, to_remove, error_count,
                               only_clean_rows
                        from import_job where ? or created_by = ? order by created_at desc, id desc limit 50""")
                .params(seesAll, scope.username())
                .query((rs, i) -> new ImportSummary(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9),
                        rs.getInt(10),
                        rs.getBoolean(11)))
                .list();
    }

    public boolean mayImport(Scope scope) {
        return scope.role() == Role.ADMIN || scope.role() == Role.OPS;
    }

    // --- the checks --------------------------------------------------------------------------------

    /**
     * Checks the staged rows of a job, recording every problem in {@code import_problem}: the first
     * ones are kept in {@code findings}, all of them counted. Returns the pass, with its counts.
     */
    private ImportPass check(
            Scope scope, long job, Mode mode, ImportJobs.Findings findings, ImportProgress.Tracker progress) {
        // The reader's errors stay: the checks cannot find them again.
        jdbc.sql("delete from import_problem where job_id = ? and code <> ?")
                .params(job, READ_ERROR)
                .update();
        jdbc.sql("delete from import_change where job_id = ?").param(job).update();
        ImportJobs.ReadErrors read = jobs.readErrors(job);
        ImportPass pass =
                pass(DataSourceUtils.getConnection(dataSource), scope, job, mode, null, read.lines(), progress);
        try {
            pass.overStagedRows();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check import " + job, e);
        }
        findings.errors += (int) (read.count() + ImportJobs.number(jobs.jobRow(job), "errors_without_line"));
        findings.errors += pass.errors;
        findings.warnings += pass.warnings;
        findings.kept.addAll(jobs.keptProblems(job, PROBLEMS_KEPT - findings.kept.size()));
        return pass;
    }

    /**
     * A pass of checks in the given connection, against the importer's directory read in the same
     * transaction; it applies the rows when {@code applyingUser} is given.
     */
    private ImportPass pass(
            Connection connection,
            Scope scope,
            long job,
            Mode mode,
            ImportPass.Applying applying,
            java.util.Set<Long> linesWithReadErrors,
            ImportProgress.Tracker progress) {
        ImportableTags tags = ImportableTags.visibleIn(jdbc, scope);
        ImportPass.Directories directories = new ImportPass.Directories() {
            @Override
            public MemberDirectory allInScope() {
                try {
                    return MemberDirectory.allInScope(connection, scope, tags);
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not read the members import " + job + " may tag", e);
                }
            }

            @Override
            public MemberDirectory namedByStagedRows() {
                try {
                    return MemberDirectory.namedBy(job, connection, scope, tags);
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not read the members import " + job + " names", e);
                }
            }
        };
        return new ImportPass(
                connection,
                job,
                directories,
                new ImportCheck(tags, mode),
                applying,
                linesWithReadErrors,
                progress,
                applyBatch,
                rowsBeforeWholeDirectory);
    }

    private static void requireMayImport(Scope scope) {
        if (scope.role() != Role.ADMIN && scope.role() != Role.OPS) {
            throw new AccessDeniedException("This role does not import member tags");
        }
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
