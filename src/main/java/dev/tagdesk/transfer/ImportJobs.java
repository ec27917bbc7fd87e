package dev.tagdesk.transfer;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.transfer.MemberTagImports.CleanRows;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The row of an import job and what is recorded with it: the job a caller may see (their own, or any
 * for admins and auditors), how a phase ended (status, counts, what importing only the rows without
 * errors does, the first problems), and the job's problems by line. The caller's transaction.
 */
@Component
class ImportJobs {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportJobs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The report of a job the caller may see. */
    ImportReport report(Scope scope, long id) {
        Map<String, Object> job = job(scope, id);
        return report(job, problemsOf(job));
    }

    /** An import whose files the nightly clean-up removed has no rows left to apply or report. */
    static void requireFilesKept(Map<String, Object> job, long id) {
        if (job.get("files_removed_at") != null) {
            throw RefusedException.conflict("id", "IMPORT_FILE_REMOVED", id);
        }
    }

    /** The problems kept for the report (at most {@link MemberTagImports#PROBLEMS_KEPT}) and how many there are in all. */
    static final class Findings {
        final List<ImportProblem> kept = new ArrayList<>();
        int errors;
        int warnings;

        void add(ImportProblem problem) {
            count(problem);
            if (kept.size() < MemberTagImports.PROBLEMS_KEPT) {
                kept.add(problem);
            }
        }

        void count(ImportProblem problem) {
            if (MemberTagImports.isWarning(problem.code())) {
                warnings++;
            } else if (!MemberTagImports.isNote(problem.code())) {
                errors++;
            }
        }
    }

    /** Problems of the file itself, found while reading, are kept with the ones the checks find. */
    void recordReadProblems(long job, List<ImportProblem> readProblems, Findings findings) {
        for (ImportProblem p : readProblems) {
            jdbc.sql("insert into import_problem (job_id, line, col, code, value) values (?, ?, ?, ?, ?)")
                    .params(job, p.line(), p.column(), p.code(), p.value())
                    .update();
            findings.count(p);
        }
    }

    /** The lines with an error the reader found (cells outside the header), and how many such errors. */
    record ReadErrors(java.util.Set<Long> lines, long count) {}

    ReadErrors readErrors(long job) {
        List<Long> lines = jdbc.sql("select line from import_problem where job_id = ? and code = ?")
                .params(job, MemberTagImports.READ_ERROR)
                .query(Long.class)
                .list();
        return new ReadErrors(new java.util.HashSet<>(lines), lines.size());
    }

    /**
     * A job's first problems by line: up to {@code limit} errors and up to {@code limit} warnings, so
     * that a thousand warnings never hide an error listed after them.
     */
    List<ImportProblem> keptProblems(long job, int limit) {
        return jdbc.sql("""
                        (select line, col, code, value from import_problem
                         where job_id = :job and code <> all(cast(:notErrors as text[])) order by line, col, code limit :limit)
                        union all
                        (select line, col, code, value from import_problem
                         where job_id = :job and code = any(cast(:warnings as text[])) order by line, col, code limit :limit)""")
                .param("job", job)
                .param("notErrors", MemberTagImports.notErrors())
                .param("warnings", MemberTagImports.WARNINGS.toArray(String[]::new))
                .param("limit", Math.max(0, limit))
                .query((rs, i) -> new ImportProblem(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    record Counts(long members, long toAdd, long unchanged, long toRemove) {

        static Counts of(ImportPass pass) {
            return new Counts(pass.members, pass.toAdd, pass.unchanged, pass.toRemove);
        }
    }

    static long number(Map<String, Object> job, String column) {
        return ((Number) job.get(column)).longValue();
    }

    /**
     * What a checking pass found out about importing only the rows without errors, and how many errors
     * have no line; written with the job unless null (an apply of every row leaves them as they were).
     */
    record Listed(CleanRows clean, long errorsWithoutLine) {

        static Listed of(ImportPass pass, long errorsWithoutLine) {
            return new Listed(
                    new CleanRows(pass.cleanRows, pass.skippedRows, pass.cleanToAdd, pass.cleanToRemove),
                    errorsWithoutLine);
        }
    }

    ImportReport finish(Scope scope, long job, Findings problems, Counts counts, String status, Listed listed) {
        List<ImportProblem> sorted = problems.kept.stream()
                .sorted(Comparator.comparingLong(ImportProblem::line).thenComparingInt(ImportProblem::column))
                .toList();
        if (listed != null) {
            jdbc.sql("""
                            update import_job set changes_listed = :listed, clean_rows = :rows, skipped_rows = :skipped,
                                clean_to_add = :toAdd, clean_to_remove = :toRemove, errors_without_line = :withoutLine
                            where id = :id""")
                    .param("listed", !"REFUSED".equals(status))
                    .param("rows", listed.clean().rows())
                    .param("skipped", listed.clean().skipped())
                    .param("toAdd", listed.clean().toAdd())
                    .param("toRemove", listed.clean().toRemove())
                    .param("withoutLine", listed.errorsWithoutLine())
                    .param("id", job)
                    .update();
        }
        jdbc.sql("""
                        update import_job set status = :status, members = :members, to_add = :toAdd, to_remove = :toRemove,
                            unchanged = :unchanged, error_count = :errors, warning_count = :warnings,
                            problems = cast(:problems as jsonb)
                        where id = :id""")
                .param("status", status)
                .param("members", counts == null ? 0 : counts.members())
                .param("toAdd", counts == null ? 0 : counts.toAdd())
                .param("toRemove", counts == null ? 0 : counts.toRemove())
                .param("unchanged", counts == null ? 0 : counts.unchanged())
                .param("errors", problems.errors)
                .param("warnings", problems.warnings)
                .param("problems", json.writeValueAsString(sorted))
                .param("id", job)
                .update();
        return report(job(scope, job), sorted);
    }

    /** A job the caller may see: their own, or any for admins and auditors; else not found. */
    Map<String, Object> job(Scope scope, long id) {
        boolean seesAll = scope.role() == Role.ADMIN || scope.role() == Role.AUDITOR;
        return jdbc
                .sql("select * from import_job where id = ? and (? or created_by = ?)")
                .params(id, seesAll, scope.username())
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("import", id));
    }

    private List<ImportProblem> problemsOf(Map<String, Object> job) {
        return List.of(json.readValue(job.get("problems").toString(), ImportProblem[].class));
    }

    /** The job row itself, for a job already known to be the caller's. */
    Map<String, Object> jobRow(long id) {
        return jdbc.sql("select * from import_job where id = ?")
                .param(id)
                .query()
                .singleRow();
    }

    private static ImportReport report(Map<String, Object> job, List<ImportProblem> problems) {
        List<ImportProblem> errors = problems.stream()
                .filter(p -> !MemberTagImports.isWarning(p.code()) && !MemberTagImports.isNote(p.code()))
                .toList();
        List<ImportProblem> warnings = problems.stream()
                .filter(p -> MemberTagImports.isWarning(p.code()))
                .toList();
        return new ImportReport(
                ((Number) job.get("id")).longValue(),
                (String) job.get("status"),
                (String) job.get("mode"),
                (String) job.get("encoding"),
                (String) job.get("separator"),
                ((Number) job.get("rows_read")).longValue(),
                ((Number) job.get("members")).longValue(),
                ((Number) job.get("to_add")).longValue(),
                ((Number) job.get("to_remove")).longValue(),
                ((Number) job.get("unchanged")).longValue(),
                "APPLIED".equals(job.get("status")),
                errors.stream().limit(MemberTagImports.PROBLEMS_KEPT).toList(),
                ((Number) job.get("error_count")).intValue(),
                warnings.stream().limit(MemberTagImports.PROBLEMS_KEPT).toList(),
                ((Number) job.get("warning_count")).intValue(),
                (String) job.get("failed_during"),
                ((Number) job.get("file_bytes")).longValue(),
                job.get("files_removed_at") != null,
                new CleanRows(
                        number(job, "clean_rows"),
                        number(job, "skipped_rows"),
                        number(job, "clean_to_add"),
                        number(job, "clean_to_remove")),
                Boolean.TRUE.equals(job.get("changes_listed")),
                number(job, "errors_without_line"),
                Boolean.TRUE.equals(job.get("only_clean_rows")));
    }
}
