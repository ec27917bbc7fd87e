package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.transfer.ImportProblems.Findings;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Reads, stages and checks the file of an open job, in the caller's transaction; changes no member's
 * tags. The file is read once: its rows are streamed into {@code import_row} with COPY ({@link
 * ImportStaging}) and checked as they come ({@link ImportPass}); the job ends PREVIEWED with what it
 * would change and its problems, or REFUSED when the file could not be read to its end.
 */
@Component
class ImportPreview {

    private final DataSource dataSource;
    private final ImportJobs jobs;
    private final ImportProblems problems;
    private final ImportPasses passes;
    private final ImportProperties properties;

    ImportPreview(
            DataSource dataSource,
            ImportJobs jobs,
            ImportProblems problems,
            ImportPasses passes,
            ImportProperties properties) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.problems = problems;
        this.passes = passes;
        this.properties = properties;
    }

    /** The file of a job: its content, its size as uploaded, and whether {@code ，} separates its cells. */
    record File(InputStream content, long size, boolean fullWidthSeparator) {}

    ImportReport preview(Scope scope, long job, Mode mode, File file, ImportProgress.Tracker progress)
            throws IOException {
        problems.forget(job);
        jobs.forgetChanges(job);
        ImportPass pass = passes.pass(scope, job, mode, null, new HashSet<>(), progress);
        AccountsSeen seen = new AccountsSeen();
        MemberTagCsvReader.Outcome outcome = readAndStage(job, file, pass, seen, progress);
        List<ImportProblem> readProblems = outcome.problems().stream()
                .map(p -> new ImportProblem(p.line(), p.column(), p.code(), p.value()))
                .limit(ImportProblems.KEPT)
                .toList();
        jobs.fileRead(job, outcome, readProblems);
        Findings found = new Findings();
        if (!outcome.complete()) {
            // The file could not be read to its end: what the checks found in its first rows is moot.
            problems.forget(job);
            jobs.forgetChanges(job);
            readProblems.forEach(found::add);
            return jobs.finish(scope, job, found, null, ImportStatus.REFUSED, ImportJobs.Listed.NOTHING);
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
        problems.recordReadProblems(job, readProblems, found);
        found.errors += outcome.unlisted(); // cells outside the header beyond the listed ones: errors too
        found.errors += pass.counts().errors();
        found.warnings += pass.counts().warnings();
        found.kept.addAll(problems.kept(job, ImportProblems.KEPT));
        ImportJobs.Listed listed = new ImportJobs.Listed(pass.counts().clean(), outcome.unlisted());
        return jobs.finish(scope, job, found, pass.counts().counts(), ImportStatus.PREVIEWED, listed);
    }

    /**
     * Reads the file to its end, or to its first fatal problem. The rows are staged on a connection
     * of their own, committing when the file has been read: the COPY streams to PostgreSQL while the
     * transaction's connection records the problems the checks find. Rows of accounts seen before are
     * only staged, marked, and checked together at the end.
     */
    private MemberTagCsvReader.Outcome readAndStage(
            long job, File file, ImportPass pass, AccountsSeen seen, ImportProgress.Tracker progress)
            throws IOException {
        try (Connection stagingConnection = dataSource.getConnection();
                ImportStaging staging = new ImportStaging(stagingConnection, job)) {
            pass.whileReading();
            MemberTagCsvReader reader = new MemberTagCsvReader(properties.maxBytes());
            MemberTagCsvReader.Outcome outcome =
                    reader.read(progress.counting(file.content()), file.size(), file.fullWidthSeparator(), read -> {
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
            return outcome;
        } catch (SQLException e) {
            pass.abandon();
            throw new IllegalStateException("Could not stage import " + job, e);
        } catch (IOException | RuntimeException e) {
            pass.abandon();
            throw e;
        }
    }
}
