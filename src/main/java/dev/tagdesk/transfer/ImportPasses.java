package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.Departments;
import dev.tagdesk.directory.Members;
import dev.tagdesk.tag.BulkAssignments;
import dev.tagdesk.tag.MemberTagReads;
import dev.tagdesk.tag.TagCatalog;
import dev.tagdesk.transfer.ImportProblems.Findings;
import dev.tagdesk.transfer.ImportProblems.ReadErrors;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Makes the passes of checks over a job's rows ({@link ImportPass}), each in the connection of the
 * caller's transaction and against the importer's directory read in it, and checks a job's staged
 * rows again, recording every problem.
 */
@Component
class ImportPasses {

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final ImportJobs jobs;
    private final ImportProblems problems;
    private final ImportProperties properties;
    private final BulkAssignments assignments;
    private final MemberDirectory.Sources directorySources;
    private final TagCatalog tags;

    ImportPasses(
            JdbcClient jdbc,
            DataSource dataSource,
            ImportJobs jobs,
            ImportProblems problems,
            ImportProperties properties,
            BulkAssignments assignments,
            Members members,
            Departments departments,
            MemberTagReads memberTags,
            TagCatalog tags) {
        this.assignments = assignments;
        this.directorySources = new MemberDirectory.Sources(members, departments, memberTags);
        this.tags = tags;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.problems = problems;
        this.properties = properties;
    }

    /**
     * A pass of checks in the transaction's connection; it applies the rows when {@code applying} is
     * given.
     *
     * @param linesWithReadErrors the lines with an error the reader found (the checks cannot see them)
     */
    ImportPass pass(
            Scope scope,
            long job,
            Mode mode,
            ImportPass.Applying applying,
            Set<Long> linesWithReadErrors,
            ImportProgress.Tracker progress) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        ImportableTags importable = ImportableTags.visibleIn(tags, scope);
        return new ImportPass(
                connection,
                job,
                directories(connection, directorySources, scope, job, importable),
                new ImportCheck(importable, mode),
                applying,
                linesWithReadErrors,
                progress,
                properties.applyBatch(),
                properties.rowsBeforeWholeDirectory(),
                assignments);
    }

    /**
     * Checks the staged rows of a job again, recording every problem in {@code import_problem} (the
     * reader's stay: the checks cannot find them) and listing what its rows without errors change:
     * the first problems are kept in {@code findings}, all of them counted. Returns the pass, with
     * its counts.
     */
    ImportPass check(Scope scope, long job, Mode mode, Findings findings, ImportProgress.Tracker progress) {
        problems.forgetFoundByChecks(job);
        jobs.forgetChanges(job);
        ReadErrors read = problems.readErrors(job);
        ImportPass pass = pass(scope, job, mode, null, read.lines(), progress);
        try {
            pass.overStagedRows();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check import " + job, e);
        }
        findings.errors += (int) (read.count() + jobs.job(job).errorsWithoutLine());
        findings.errors += pass.counts().errors();
        findings.warnings += pass.counts().warnings();
        findings.kept.addAll(problems.kept(job, ImportProblems.KEPT - findings.kept.size()));
        return pass;
    }

    private static ImportPass.Directories directories(
            Connection connection, MemberDirectory.Sources sources, Scope scope, long job, ImportableTags tags) {
        return new ImportPass.Directories() {
            @Override
            public MemberDirectory allInScope() {
                return MemberDirectory.allInScope(sources, scope, tags);
            }

            @Override
            public MemberDirectory namedByStagedRows() {
                try {
                    return MemberDirectory.namedBy(job, connection, sources, scope, tags);
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not read the members import " + job + " names", e);
                }
            }
        };
    }
}
