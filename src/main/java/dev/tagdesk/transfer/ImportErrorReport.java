package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.CsvWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The error report of an import: the rows that have problems, as they were in the file, with a
 * column saying what is wrong, so the user can fix them in Excel and upload again.
 */
@Component
class ImportErrorReport {

    private final MemberTagImports imports;
    private final MessageSource messages;

    ImportErrorReport(MemberTagImports imports, MessageSource messages) {
        this.imports = imports;
        this.messages = messages;
    }

    void write(Scope scope, long id, Locale locale, HttpServletResponse response) throws IOException {
        List<String> header = new ArrayList<>(imports.fileHeader(scope, id));
        int tagColumns = header.size() - 2;
        CsvDownload.prepare(response, "import-" + id + "-errors.csv", "导入错误_" + id + ".csv");
        try (CsvWriter csv = new CsvWriter(response.getOutputStream())) {
            header.add(messages.getMessage("imports.report.problemColumn", null, "错误", locale));
            csv.row(header);
            imports.rowsWithProblems(scope, id, row -> {
                List<String> cells = new ArrayList<>(List.of(row.name(), row.account()));
                for (int col = 3; col < 3 + tagColumns; col++) {
                    cells.add(row.tags().getOrDefault(col, ""));
                }
                cells.add(row.problems().stream()
                        .map(p -> messages.getMessage(
                                "import." + p.code(), new Object[] {p.line(), p.column(), p.value()}, p.code(), locale))
                        .collect(Collectors.joining("；")));
                try {
                    csv.row(cells);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
