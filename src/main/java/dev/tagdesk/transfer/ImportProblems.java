package dev.tagdesk.transfer;

import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The problems of an import job in {@code import_problem}, one row each, by line: those the reader
 * found and those the checks found (a pass of checks writes its own, in batches: {@link
 * ImportWrites}). The first of them are kept with the job for its report. The caller's transaction.
 */
@Component
class ImportProblems {

    /** A report lists at most this many errors and this many warnings; the rest are only counted. */
    static final int KEPT = 1000;

    /** The problems kept for the report (at most {@link #KEPT}) and how many there are in all. */
    static final class Findings {
        final List<ImportProblem> kept = new ArrayList<>();
        int errors;
        int warnings;

        void add(ImportProblem problem) {
            count(problem);
            if (kept.size() < KEPT) {
                kept.add(problem);
            }
        }

        void count(ImportProblem problem) {
            if (problem.code().isWarning()) {
                warnings++;
            } else if (problem.code().isError()) {
                errors++;
            }
        }
    }

    /** The lines with an error the reader found (cells outside the header), and how many such errors. */
    record ReadErrors(Set<Long> lines, long count) {}

    private final JdbcClient jdbc;

    ImportProblems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Problems of the file itself, found while reading, are kept with the ones the checks find. */
    void recordReadProblems(long job, List<ImportProblem> readProblems, Findings findings) {
        for (ImportProblem p : readProblems) {
            jdbc.sql("insert into import_problem (job_id, line, col, code, value) values (?, ?, ?, ?, ?)")
                    .params(job, p.line(), p.column(), p.code().name(), p.value())
                    .update();
            findings.count(p);
        }
    }

    ReadErrors readErrors(long job) {
        List<Long> lines = jdbc.sql("select line from import_problem where job_id = ? and code = ?")
                .params(job, ProblemCode.CELL_OUTSIDE_HEADER.name())
                .query(Long.class)
                .list();
        return new ReadErrors(new HashSet<>(lines), lines.size());
    }

    /**
     * A job's first problems by line: up to {@code limit} errors and up to {@code limit} warnings, so
     * that a thousand warnings never hide an error listed after them.
     */
    List<ImportProblem> kept(long job, int limit) {
        return jdbc.sql("""
                        (select line, col, code, value from import_problem
                         where job_id = :job and code <> all(cast(:notErrors as text[])) order by line, col, code limit :limit)
                        union all
                        (select line, col, code, value from import_problem
                         where job_id = :job and code = any(cast(:warnings as text[])) order by line, col, code limit :limit)""")
                .param("job", job)
                .param("notErrors", ProblemCode.names(code -> !code.isError()))
                .param("warnings", ProblemCode.names(ProblemCode::isWarning))
                .param("limit", Math.max(0, limit))
                .query((rs, i) -> new ImportProblem(
                        rs.getLong(1), rs.getInt(2), ProblemCode.valueOf(rs.getString(3)), rs.getString(4)))
                .list();
    }

    /** Forgets every problem of a job: its file is read again. */
    void forget(long job) {
        jdbc.sql("delete from import_problem where job_id = ?").param(job).update();
    }

    /** Forgets the problems the checks found, to check again; the reader's stay (the checks cannot find them). */
    void forgetFoundByChecks(long job) {
        jdbc.sql("delete from import_problem where job_id = ? and code <> ?")
                .params(job, ProblemCode.CELL_OUTSIDE_HEADER.name())
                .update();
    }
}
