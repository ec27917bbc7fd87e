package dev.tagdesk.transfer;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagNames;
import dev.tagdesk.tag.TagVisibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports member tags from a CSV file: the file is read once and its cells are streamed into a
 * staging table with COPY; every check is a set-based query over that table; apply is one
 * transaction of one DELETE and one INSERT … SELECT … ON CONFLICT DO NOTHING, so it is
 * all-or-nothing and applying the same file twice changes nothing the second time.
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
            long fileBytes) {

        /** Whether the job is still being read or applied. */
        public boolean running() {
            return "READING".equals(status) || "APPLYING".equals(status);
        }

        /** Whether apply may be asked for: previewed without errors, or failed while applying. */
        public boolean applicable() {
            return ("PREVIEWED".equals(status) && errorCount == 0)
                    || ("FAILED".equals(status) && "APPLYING".equals(failedDuring));
        }
    }

    /** Codes that are warnings: the row still applies. */
    static final List<String> WARNINGS = List.of("NAME_MISMATCH", "TAG_NORMALISED", "ACCOUNT_REPEATED");

    static final int PROBLEMS_KEPT = 1000;

    /** The problems kept for the report (at most {@link #PROBLEMS_KEPT}) and how many there are in all. */
    private static final class Findings {
        final List<ImportProblem> kept = new ArrayList<>();
        int errors;
        int warnings;

        void add(ImportProblem problem) {
            if (WARNINGS.contains(problem.code())) {
                warnings++;
            } else {
                errors++;
            }
            if (kept.size() < PROBLEMS_KEPT) {
                kept.add(problem);
            }
        }
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final long maxBytes;

    MemberTagImports(
            JdbcClient jdbc,
            DataSource dataSource,
            JsonMapper json,
            ApplicationEventPublisher events,
            @Value("${tagdesk.import.max-bytes:104857600}") long maxBytes) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.events = events;
        this.maxBytes = maxBytes;
    }

    /** Opens a job for a file about to be read; it is READING until {@link #preview} ends. */
    @Transactional
    public long open(Scope scope, String fileName, long size, Mode mode) {
        requireMayImport(scope);
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
        MemberTagCsvReader.Outcome outcome;
        try (Staging staging = new Staging(job)) {
            outcome = new MemberTagCsvReader(maxBytes).read(progress.counting(file), size, fullWidthSeparator, row -> {
                staging.add(row);
                progress.rowRead();
            });
        }
        List<ImportProblem> readProblems = outcome.problems().stream()
                .map(p -> new ImportProblem(p.line(), p.column(), p.code(), p.value()))
                .limit(PROBLEMS_KEPT)
                .toList();
        jdbc.sql("""
                        update import_job set problems = cast(? as jsonb), encoding = ?, separator = ?, rows_read = ?,
                            tag_columns = ? where id = ?""")
                .params(
                        json.writeValueAsString(readProblems),
                        outcome.encoding(),
                        outcome.separator(),
                        outcome.rows(),
                        outcome.tagColumns(),
                        job)
                .update();
        Findings problems = new Findings();
        if (!outcome.complete()) {
            readProblems.forEach(problems::add);
            return finish(scope, job, problems, null, "REFUSED");
        }
        progress.phase(ImportProgress.Phase.CHECKING);
        check(scope, job, problems);
        progress.checked(outcome.rows());
        return finish(scope, job, problems, counts(scope, job, mode), "PREVIEWED");
    }

    /**
     * Marks a previewed job as being applied, so that it is applied once however many times apply is
     * asked for at once. Refused unless the job is previewed, applied (applying again changes nothing
     * and says so) or failed while applying (a retry).
     */
    /** The transaction-scoped advisory lock every apply holds ("tdimprt" in ASCII). */
    static final long APPLY_LOCK_KEY = 0x7464696d707274L;

    @Transactional
    public void startApplying(Scope scope, long id) {
        requireMayImport(scope);
        Map<String, Object> job = job(scope, id);
        requireStagedCells(job, id);
        int started = jdbc.sql("""
                        update import_job set status = 'APPLYING', failed_during = null, failure = null
                        where id = ? and (status in ('PREVIEWED', 'APPLIED') or (status = 'FAILED' and failed_during = 'APPLYING'))""").param(id).update();
        if (started == 0) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
        }
    }

    /**
     * The staged cells live in an unlogged table, which PostgreSQL empties when it recovers from a
     * crash. Every row read leaves at least one cell, so a job that read rows and has none lost its
     * file: applying it would change nothing yet report success. It must be uploaded again.
     */
    private void requireStagedCells(Map<String, Object> job, long id) {
        boolean staged = jdbc.sql("select exists (select 1 from import_cell where job_id = ?)")
                .param(id)
                .query(Boolean.class)
                .single();
        if (number(job, "rows_read") > 0 && !staged) {
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
        // One apply at a time: of two imports of the same members, the second waits for the first to
        // commit, then checks and writes against its result, so the outcome is the two applied in
        // order. Without it a replace could take off the rows a concurrent merge refreshed yet keep
        // the rows it inserted beside them: a mix no order of the two files gives.
        jdbc.sql("select pg_advisory_xact_lock(?)")
                .param(APPLY_LOCK_KEY)
                .query(Object.class)
                .single();
        Map<String, Object> job = job(scope, id);
        if (!"APPLYING".equals(job.get("status"))) {
            throw RefusedException.conflict("id", "IMPORT_NOT_APPLICABLE", id);
        }
        Mode mode = Mode.valueOf((String) job.get("mode"));
        progress.phase(ImportProgress.Phase.CHECKING);
        Findings problems = new Findings();
        check(scope, id, problems);
        progress.checked(number(job, "rows_read"));
        Counts previewed = new Counts(
                number(job, "members"), number(job, "to_add"), number(job, "unchanged"), number(job, "to_remove"));
        if (problems.errors > 0) {
            return finish(scope, id, problems, previewed, "PREVIEWED");
        }
        progress.phase(ImportProgress.Phase.APPLYING);
        Map<String, Object> params = params(scope, id, mode);
        params.put("user", scope.username());
        // In merge mode only an exclusive group can make a tag go; without one there is nothing to remove.
        boolean mayRemove = mode == Mode.REPLACE
                || jdbc.sql(ImportQueries.NAMES_EXCLUSIVE_TAGS)
                        .params(params)
                        .query(Boolean.class)
                        .single();
        int removed = mayRemove
                ? jdbc.sql(ImportQueries.APPLY_REMOVALS).params(params).update()
                : 0;
        progress.applied(removed);
        int added = jdbc.sql(ImportQueries.APPLY_ADDITIONS)
                .params(params)
                .query(Long.class)
                .single()
                .intValue();
        progress.applied(removed + added);
        jdbc.sql("update import_job set applied_at = now() where id = ?")
                .param(id)
                .update();
        // What actually changed, without counting the pairs again: anything the preview meant to add
        // that someone else added meanwhile is simply already there.
        Counts counts =
                new Counts(previewed.members(), added, previewed.unchanged() + previewed.toAdd() - added, removed);
        ImportReport report = finish(scope, id, problems, counts, "APPLIED");
        events.publishEvent(AuditRecord.of(
                        "IMPORT_APPLIED",
                        "import",
                        id,
                        null,
                        Map.of("added", added, "removed", removed, "mode", mode.name()))
                .by(scope.username()));
        return report;
    }

    /** Records that a job stopped in the middle of a phase; its staged rows stay for a retry. */
    @Transactional
    public void fail(long id, String during, String failure) {
        jdbc.sql("update import_job set status = 'FAILED', failed_during = ?, failure = ? where id = ?")
                .params(during, failure, id)
                .update();
    }

    /** Jobs left running by an instance that stopped (a crash, a kill): they failed; returns how many. */
    @Transactional
    public int failInterrupted() {
        int interrupted = jdbc.sql("""
                        update import_job set failed_during = status, status = 'FAILED', failure = 'INTERRUPTED'
                        where status in ('READING', 'APPLYING')""").update();
        // After a crash the staged cells are gone: a job that could have been applied must be uploaded again.
        int lost = jdbc.sql("""
                        update import_job j set status = 'FAILED', failed_during = 'STAGING', failure = 'FILE_LOST'
                        where ((j.status = 'PREVIEWED' and j.error_count = 0)
                               or (j.status = 'FAILED' and j.failed_during = 'APPLYING'))
                          and j.rows_read > 0
                          and not exists (select 1 from import_cell c where c.job_id = j.id)""").update();
        return interrupted + lost;
    }

    /** The report of a job the caller may see: their own, or any for admins and auditors. */
    @Transactional(readOnly = true)
    public ImportReport report(Scope scope, long id) {
        Map<String, Object> job = job(scope, id);
        return report(job, problemsOf(job));
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
            int errorCount) {}

    /** The latest imports the caller may see: their own, or everyone's for admins and auditors. */
    @Transactional(readOnly = true)
    public List<ImportSummary> history(Scope scope) {
        boolean seesAll = scope.role() == Role.ADMIN || scope.role() == Role.AUDITOR;
        return jdbc.sql("""
                        select id, created_by, created_at, file_name, mode, status, rows_read, to_add, to_remove, error_count
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
                        rs.getInt(10)))
                .list();
    }

    /** A row of the file that has problems, as it was, for the error report. */
    public record RowWithProblems(
            long line, String name, String account, Map<Integer, String> tags, List<ImportProblem> problems) {}

    /** How many tag columns the imported file's header had (so the error report's header matches it). */
    @Transactional(readOnly = true)
    public int tagColumns(Scope scope, long id) {
        return Math.max(1, ((Number) job(scope, id).get("tag_columns")).intValue());
    }

    /** The rows that have problems, rebuilt from the staged cells, in line order, one at a time. */
    @Transactional(readOnly = true)
    public void rowsWithProblems(Scope scope, long id, java.util.function.Consumer<RowWithProblems> rows) {
        job(scope, id);
        Map<Long, List<ImportProblem>> problems = new java.util.LinkedHashMap<>();
        jdbc.sql("select line, col, code, value from import_problem where job_id = ? order by line, col")
                .param(id)
                .query(rs -> {
                    problems.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new ImportProblem(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
                });
        RowWithProblems[] current = {null};
        jdbc.sql("""
                        select c.line, c.col, c.name, c.account, c.tag_text from import_cell c
                        where c.job_id = ? and exists (select 1 from import_problem p where p.job_id = c.job_id and p.line = c.line)
                        order by c.line, c.col""").param(id).query(rs -> {
            long line = rs.getLong(1);
            if (current[0] == null || current[0].line() != line) {
                if (current[0] != null) {
                    rows.accept(current[0]);
                }
                current[0] = new RowWithProblems(
                        line,
                        rs.getString(3),
                        rs.getString(4),
                        new java.util.TreeMap<>(),
                        problems.getOrDefault(line, List.of()));
            }
            int col = rs.getInt(2);
            if (col > 0) {
                current[0].tags().put(col, rs.getString(5));
            }
        });
        if (current[0] != null) {
            rows.accept(current[0]);
        }
    }

    public boolean mayImport(Scope scope) {
        return scope.role() == Role.ADMIN || scope.role() == Role.OPS;
    }

    // --- the checks --------------------------------------------------------------------------------

    /** Adds the problems the SQL checks find: the first ones listed, all of them counted. */
    private void check(Scope scope, long job, Findings findings) {
        Map<String, Object> params = params(scope, job, Mode.MERGE);
        params.put("limit", Math.max(0, PROBLEMS_KEPT - findings.kept.size()));
        params.put("warnings", WARNINGS);
        jdbc.sql("delete from import_problem where job_id = ?").param(job).update();
        jdbc.sql(ImportQueries.FIND_PROBLEMS).params(params).update();
        // Problems of the file itself, found while reading, are kept with the ones the checks find.
        for (ImportProblem p : previousReadProblems(job)) {
            jdbc.sql("insert into import_problem (job_id, line, col, code, value) values (?, ?, ?, ?, ?)")
                    .params(job, p.line(), p.column(), p.code(), p.value())
                    .update();
        }
        findings.kept.addAll(jdbc.sql(ImportQueries.PROBLEMS)
                .params(params)
                .query((rs, i) -> new ImportProblem(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .list());
        jdbc.sql(ImportQueries.PROBLEM_COUNTS).params(params).query(rs -> {
            findings.errors += rs.getInt("errors");
            findings.warnings += rs.getInt("warnings");
        });
    }

    private record Counts(long members, long toAdd, long unchanged, long toRemove) {}

    private Counts counts(Scope scope, long job, Mode mode) {
        return jdbc.sql(ImportQueries.COUNTS)
                .params(params(scope, job, mode))
                .query((rs, i) -> new Counts(
                        rs.getLong("members"), rs.getLong("to_add"), rs.getLong("unchanged"), rs.getLong("to_remove")))
                .single();
    }

    private static long number(Map<String, Object> job, String column) {
        return ((Number) job.get(column)).longValue();
    }

    private static Map<String, Object> params(Scope scope, long job, Mode mode) {
        Map<String, Object> params = new java.util.HashMap<>(TagVisibility.parameters(scope));
        params.put("job", job);
        params.put("scope", scope.pathPattern());
        params.put("replace", mode == Mode.REPLACE);
        return params;
    }

    // --- the job row ------------------------------------------------------------------------------

    private ImportReport finish(Scope scope, long job, Findings problems, Counts counts, String status) {
        List<ImportProblem> sorted = problems.kept.stream()
                .sorted(Comparator.comparingLong(ImportProblem::line).thenComparingInt(ImportProblem::column))
                .toList();
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

    private Map<String, Object> job(Scope scope, long id) {
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

    /** Problems of the file itself (found while reading) that a re-check cannot find again. */
    private List<ImportProblem> previousReadProblems(long id) {
        String stored = jdbc.sql("select problems::text from import_job where id = ?")
                .param(id)
                .query(String.class)
                .single();
        return List.of(json.readValue(stored, ImportProblem[].class)).stream()
                .filter(p -> p.code().equals("CELL_OUTSIDE_HEADER"))
                .toList();
    }

    private static ImportReport report(Map<String, Object> job, List<ImportProblem> problems) {
        List<ImportProblem> errors =
                problems.stream().filter(p -> !WARNINGS.contains(p.code())).toList();
        List<ImportProblem> warnings =
                problems.stream().filter(p -> WARNINGS.contains(p.code())).toList();
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
                errors.stream().limit(PROBLEMS_KEPT).toList(),
                ((Number) job.get("error_count")).intValue(),
                warnings.stream().limit(PROBLEMS_KEPT).toList(),
                ((Number) job.get("warning_count")).intValue(),
                (String) job.get("failed_during"),
                ((Number) job.get("file_bytes")).longValue());
    }

    private static void requireMayImport(Scope scope) {
        if (scope.role() != Role.ADMIN && scope.role() != Role.OPS) {
            throw new AccessDeniedException("This role does not import member tags");
        }
    }

    private static String shorten(String fileName) {
        return fileName == null ? null : fileName.length() > 255 ? fileName.substring(0, 255) : fileName;
    }

    // --- staging ------------------------------------------------------------------------------------

    /** Streams cells into import_cell with COPY, in the transaction's own connection. */
    private final class Staging implements AutoCloseable {

        private final long job;
        private final CopyIn copy;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

        Staging(long job) {
            this.job = job;
            try {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                copy = connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                                "copy import_cell (job_id, line, col, name, account, tag_text, tag_key) from stdin (format csv)");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not start staging the import", e);
            }
        }

        void add(MemberTagRow row) {
            if (row.tags().isEmpty()) {
                write(row, 0, null);
            }
            for (MemberTagRow.TagCell cell : row.tags()) {
                write(row, cell.column(), cell.value());
            }
        }

        private void write(MemberTagRow row, int column, String tag) {
            StringBuilder line = new StringBuilder(96)
                    .append(job)
                    .append(',')
                    .append(row.line())
                    .append(',')
                    .append(column == 0 ? "" : String.valueOf(column))
                    .append(',')
                    .append(csv(row.name()))
                    .append(',')
                    .append(csv(row.account()))
                    .append(',')
                    .append(tag == null ? "" : csv(tag))
                    .append(',')
                    .append(tag == null ? "" : csv(TagNames.key(tag)))
                    .append('\n');
            buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
            if (buffer.size() >= 1 << 16) {
                flush();
            }
        }

        private void flush() {
            try {
                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                buffer.reset();
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("Staging the import failed", e));
            }
        }

        @Override
        public void close() {
            flush();
            try {
                copy.endCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not finish staging the import", e);
            }
        }

        /** A CSV field for COPY: always quoted (an empty quoted string is '', not NULL); long values cut. */
        private static String csv(String value) {
            String cut = value.length() > 200 ? value.substring(0, 200) : value;
            return '"' + cut.replace("\"", "\"\"") + '"';
        }
    }
}
