package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The error report of an import: the rows that have problems, as they were in the file, with a
 * column saying what is wrong, so the user can fix them in Excel and upload again (rows skipped with
 * their member by an import of only the rows without errors say so, to be uploaded again with it).
 */
@Component
class ImportErrorReport {

    private final ImportJobs jobs;
    /** For reading long results a few thousand rows at a time (a server-side cursor, in a transaction). */
    private final JdbcClient cursor;

    private final MessageSource messages;

    ImportErrorReport(ImportJobs jobs, DataSource dataSource, MessageSource messages) {
        this.jobs = jobs;
        this.cursor = Cursors.over(dataSource);
        this.messages = messages;
    }

    @Transactional(readOnly = true)
    public void write(Scope scope, long id, Locale locale, HttpServletResponse response) throws IOException {
        List<String> header = new ArrayList<>(fileHeader(scope, id));
        int tagColumns = header.size() - 2;
        CsvDownload.prepare(response, "import-" + id + "-errors.csv", "导入错误_" + id + ".csv");
        try (CsvWriter csv = new CsvWriter(response.getOutputStream())) {
            header.add(messages.getMessage("imports.report.problemColumn", null, "错误", locale));
            csv.row(header);
            rowsWithProblems(scope, id, row -> {
                List<String> cells = new ArrayList<>(List.of(row.name(), row.account()));
                for (int col = 3; col < 3 + tagColumns; col++) {
                    cells.add(row.tags().getOrDefault(col, ""));
                }
                cells.add(row.problems().stream()
                        .map(p -> p.message(messages, locale))
                        .collect(Collectors.joining("；")));
                try {
                    csv.row(cells);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** A row of the file that has problems, as it was, for the error report. */
    public record RowWithProblems(
            long line, String name, String account, Map<Integer, String> tags, List<ImportProblem> problems) {}

    /**
     * The header of the imported file as its error report repeats it: as many tag columns, in the
     * language it was written in ({@code 姓名,账号,标签1…} or {@code name,account,tag1…}).
     */
    List<String> fileHeader(Scope scope, long id) {
        ImportJob job = jobs.job(scope, id);
        ImportJobs.requireFilesKept(job); // before the report's first byte: it is refused, not cut short
        boolean english = job.englishHeader();
        List<String> header = new ArrayList<>(english ? List.of("name", "account") : List.of("姓名", "账号"));
        int tagColumns = Math.max(1, job.tagColumns());
        for (int i = 1; i <= tagColumns; i++) {
            header.add((english ? "tag" : "标签") + i);
        }
        return header;
    }

    /**
     * The rows that have problems, as staged, in line order, one at a time: rows and problems come
     * joined from a cursor, so that the report of a file with a million problems holds one row.
     */
    @Transactional(readOnly = true)
    public void rowsWithProblems(Scope scope, long id, java.util.function.Consumer<RowWithProblems> rows) {
        ImportJobs.requireFilesKept(jobs.job(scope, id));
        RowWithProblems[] current = {null};
        cursor.sql("""
                        select r.line, r.name, r.account, r.tags, p.col, p.code, p.value
                        from import_row r join import_problem p on p.job_id = r.job_id and p.line = r.line
                        where r.job_id = ? order by r.line, p.col, p.code""").param(id).query(rs -> {
            long line = rs.getLong(1);
            if (current[0] == null || current[0].line() != line) {
                if (current[0] != null) {
                    rows.accept(current[0]);
                }
                Map<Integer, String> tags = new java.util.TreeMap<>();
                String[] cells = (String[]) rs.getArray(4).getArray();
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i] != null) {
                        tags.put(ImportCheck.Row.column(i), cells[i]);
                    }
                }
                current[0] = new RowWithProblems(line, rs.getString(2), rs.getString(3), tags, new ArrayList<>());
            }
            current[0]
                    .problems()
                    .add(new ImportProblem(line, rs.getInt(5), ProblemCode.valueOf(rs.getString(6)), rs.getString(7)));
        });
        if (current[0] != null) {
            rows.accept(current[0]);
        }
    }
}
