package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.transfer.ImportJob.Counts;
import dev.tagdesk.transfer.ImportProblems.Findings;
import dev.tagdesk.transfer.ImportProblems.ReadErrors;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Applies a job marked APPLYING, in the caller's transaction, checking every row again as it goes
 * (tags or members may have changed since the preview): the whole file, all or nothing, or only its
 * rows without errors. Either way the job ends APPLIED, with what actually changed, and an audit
 * event; or, when the whole file has errors after all, PREVIEWED again with them, nothing changed.
 */
@Component
class ImportApply {

    private final DataSource dataSource;
    private final ImportJobs jobs;
    private final ImportProblems problems;
    private final ImportPasses passes;
    private final ApplicationEventPublisher events;

    ImportApply(
            DataSource dataSource,
            ImportJobs jobs,
            ImportProblems problems,
            ImportPasses passes,
            ApplicationEventPublisher events) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.problems = problems;
        this.passes = passes;
        this.events = events;
    }

    ImportReport apply(Scope scope, ImportJob job, ImportProgress.Tracker progress) {
        progress.phase(ImportProgress.Phase.APPLYING);
        return job.onlyCleanRows() ? applyCleanRows(scope, job, progress) : applyWhole(scope, job, progress);
    }

    /**
     * One pass that writes as it goes. If it finds an error, its writes are rolled back to the
     * savepoint and a checking pass records the problems; the job goes back to PREVIEWED and nothing
     * changed. Applying twice changes nothing the second time.
     */
    private ImportReport applyWhole(Scope scope, ImportJob job, ImportProgress.Tracker progress) {
        long id = job.id();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        // Errors the reader found (cells outside the header) are not found again by the checks, but
        // they are errors all the same: the file is not applied whole while it has them.
        ReadErrors read = problems.readErrors(id);
        boolean readErrorsRemain = read.count() > 0 || job.errorsWithoutLine() > 0;
        ImportPass pass;
        try {
            Savepoint beforeChanges = connection.setSavepoint();
            pass = passes.pass(
                    scope, id, job.mode(), new ImportPass.Applying(scope.username(), false), read.lines(), progress);
            pass.overStagedRows();
            if (pass.counts().errors() > 0 || readErrorsRemain) {
                connection.rollback(beforeChanges);
                return errorsFoundAgain(scope, job, progress);
            }
            connection.releaseSavepoint(beforeChanges);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply import " + id, e);
        }
        int added = (int) pass.added();
        int removed = (int) pass.removed();
        // What actually changed, without counting the pairs again: anything the preview meant to add
        // that someone else added meanwhile is simply already there.
        Counts previewed = job.counts();
        Counts counts =
                new Counts(previewed.members(), added, previewed.unchanged() + previewed.toAdd() - added, removed);
        ImportReport report = jobs.finish(scope, id, applied(id, pass), counts, ImportStatus.APPLIED, null);
        audit(
                scope,
                "IMPORT_APPLIED",
                id,
                Map.of("added", added, "removed", removed, "mode", job.mode().name()));
        return report;
    }

    /** Checked again, the whole file has errors: they are recorded, and the job is PREVIEWED again. */
    private ImportReport errorsFoundAgain(Scope scope, ImportJob job, ImportProgress.Tracker progress) {
        Findings found = new Findings();
        ImportPass checked = passes.check(scope, job.id(), job.mode(), found, progress);
        ImportJobs.Listed listed = new ImportJobs.Listed(checked.counts().clean(), job.errorsWithoutLine());
        return jobs.finish(scope, job.id(), found, job.counts(), ImportStatus.PREVIEWED, listed);
    }

    /**
     * Applies only the rows without errors: the problems are recorded as found, with a note on each
     * row skipped with its member, and the rows without errors are written. The errors stay, with the
     * error report; the job is applied, with how many rows were applied and skipped.
     */
    private ImportReport applyCleanRows(Scope scope, ImportJob job, ImportProgress.Tracker progress) {
        long id = job.id();
        problems.forgetFoundByChecks(id);
        ReadErrors read = problems.readErrors(id);
        ImportPass pass = passes.pass(
                scope, id, job.mode(), new ImportPass.Applying(scope.username(), true), read.lines(), progress);
        try {
            pass.overStagedRows();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply import " + id, e);
        }
        Findings found = applied(id, pass);
        found.errors = pass.counts().errors() + (int) read.count();
        long added = pass.added();
        long removed = pass.removed();
        MemberTagImports.CleanRows rows = pass.counts().cleanApplied(added, removed);
        Counts counts = pass.counts().cleanChanged(added, removed);
        ImportReport report =
                jobs.finish(scope, id, found, counts, ImportStatus.APPLIED, new ImportJobs.Listed(rows, 0));
        audit(
                scope,
                "IMPORT_APPLIED_CLEAN_ROWS",
                id,
                Map.of(
                        "added",
                        added,
                        "removed",
                        removed,
                        "mode",
                        job.mode().name(),
                        "rowsApplied",
                        rows.rows(),
                        "rowsSkipped",
                        rows.skipped()));
        return report;
    }

    /** Records when the job was applied; its warnings (and their count) for its report. */
    private Findings applied(long id, ImportPass pass) {
        Findings found = new Findings();
        found.warnings = pass.counts().warnings();
        found.kept.addAll(problems.kept(id, ImportProblems.KEPT));
        jobs.applied(id);
        return found;
    }

    private void audit(Scope scope, String action, long id, Map<String, ?> details) {
        events.publishEvent(AuditRecord.of(action, "import", id, null, details).by(scope.username()));
    }
}
