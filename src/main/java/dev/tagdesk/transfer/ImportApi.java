package dev.tagdesk.transfer;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Member-tag imports over the API: upload (a dry run by default), apply (all or nothing, or only the
 * rows without errors), and read the report and the changes it makes.
 */
@ApiController("/api/v1/imports")
class ImportApi {

    record ProblemJson(long line, int column, String code, String message, String value) {}

    record ReportJson(
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
            List<ProblemJson> errors,
            int errorCount,
            List<ProblemJson> warnings,
            int warningCount,
            boolean onlyCleanRows,
            long cleanRows,
            long skippedRows,
            long cleanToAdd,
            long cleanToRemove) {}

    record ChangeJson(
            String kind,
            long tagId,
            String tag,
            String color,
            Integer shelfLifeDays,
            Long replacedByTagId,
            String replacedBy) {}

    record MemberChangesJson(long line, String account, String name, List<ChangeJson> changes) {}

    record ChangesJson(
            List<MemberChangesJson> items,
            int page,
            int size,
            long total,
            String kind,
            long members,
            long adding,
            long removing) {}

    private final CurrentScope currentScope;
    private final MemberTagImports imports;
    private final ImportRunner runner;
    private final MessageSource messages;
    private final ImportErrorReport errorReport;
    private final ImportChangeList lists;

    ImportApi(
            CurrentScope currentScope,
            MemberTagImports imports,
            ImportRunner runner,
            MessageSource messages,
            ImportErrorReport errorReport,
            ImportChangeList lists) {
        this.currentScope = currentScope;
        this.lists = lists;
        this.imports = imports;
        this.runner = runner;
        this.messages = messages;
        this.errorReport = errorReport;
    }

    @GetMapping(value = "/{id}/errors.csv", produces = CsvDownload.MEDIA_TYPE)
    void errors(@PathVariable long id, Locale locale, jakarta.servlet.http.HttpServletResponse response)
            throws IOException {
        errorReport.write(currentScope.get(), id, locale, response);
    }

    @PostMapping
    ResponseEntity<ReportJson> upload(
            @RequestParam MultipartFile file,
            @RequestParam(defaultValue = "MERGE") String mode,
            @RequestParam(defaultValue = "true") boolean dryRun,
            @RequestParam(defaultValue = "false") boolean fullWidthSeparator)
            throws IOException {
        Scope scope = currentScope.get();
        Mode chosen = mode(mode);
        ImportReport report;
        try (InputStream in = file.getInputStream()) {
            report = runner.preview(scope, file.getOriginalFilename(), in, file.getSize(), chosen, fullWidthSeparator);
        }
        // With errors, the answer is the preview listing all of them (applied: false), not a bare refusal.
        if (!dryRun && report.status() == ImportStatus.PREVIEWED && report.errorCount() == 0) {
            report = runner.apply(scope, report.id());
        }
        return ResponseEntity.created(URI.create("/api/v1/imports/" + report.id()))
                .body(json(report));
    }

    /**
     * Applies a previewed import: all or nothing (refused while it has errors), or with {@code
     * onlyCleanRows=true} only its rows without errors, reporting the rows applied and skipped.
     */
    @PostMapping("/{id}/apply")
    ReportJson apply(@PathVariable long id, @RequestParam(defaultValue = "false") boolean onlyCleanRows) {
        ImportReport report = runner.apply(currentScope.get(), id, onlyCleanRows);
        if (!report.applied()) {
            // Checked again before applying, it has errors (tags or members changed since the preview).
            throw RefusedException.conflict("id", "IMPORT_HAS_ERRORS", report.errorCount());
        }
        return json(report);
    }

    /**
     * What a previewed import's rows without errors change, by member in the file's order, a page at
     * a time ({@code kind}: ALL, ADD, REMOVE; {@code size}: 20 or 50); only before it is applied.
     */
    @GetMapping("/{id}/changes")
    ChangesJson changes(
            @PathVariable long id,
            @RequestParam(defaultValue = "ALL") String kind,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        ImportChangeList.Kind chosenKind = kind(kind);
        Scope scope = currentScope.get();
        ImportReport report = imports.report(scope, id);
        if (!report.listsChanges()) {
            throw RefusedException.conflict("id", "IMPORT_CHANGES_NOT_LISTED", id);
        }
        ImportChangeList.Changes changes = lists.changes(scope, report, chosenKind, page, offeredSize(size));
        List<MemberChangesJson> items = changes.page().items().stream()
                .map(m -> new MemberChangesJson(
                        m.line(),
                        m.account(),
                        m.name(),
                        m.changes().stream()
                                .map(c -> new ChangeJson(
                                        c.kind(),
                                        c.tag().id(),
                                        c.tag().name(),
                                        c.tag().color(),
                                        c.tag().shelfLifeDays(),
                                        c.replacedBy() == null
                                                ? null
                                                : c.replacedBy().id(),
                                        c.replacedBy() == null
                                                ? null
                                                : c.replacedBy().name()))
                                .toList()))
                .toList();
        return new ChangesJson(
                items,
                changes.page().page(),
                changes.page().size(),
                changes.page().total(),
                changes.kind().name(),
                changes.members(),
                changes.adding(),
                changes.removing());
    }

    /** {@code MERGE} or {@code REPLACE}; the lower-case spelling, which integrators have sent since the start, too. */
    private static Mode mode(String mode) {
        for (Mode known : Mode.values()) {
            if (known.name().equalsIgnoreCase(mode.strip())) {
                return known;
            }
        }
        throw RefusedException.invalid("mode", "IMPORT_MODE_INVALID", mode);
    }

    /** {@code ALL}, {@code ADD} or {@code REMOVE}, in either case; anything else is refused, not read as all. */
    private static ImportChangeList.Kind kind(String kind) {
        for (ImportChangeList.Kind known : ImportChangeList.Kind.values()) {
            if (known.name().equalsIgnoreCase(kind.strip())) {
                return known;
            }
        }
        throw RefusedException.invalid("kind", "VALUE_NOT_ALLOWED", "kind", kind, "ALL, ADD, REMOVE");
    }

    /**
     * The page size the import's changes come in nearest to the one asked for (the page offers 20 or
     * 50 members): 50 from 50 on, the API's default included, else 20. The answer's {@code size} says which.
     */
    private static int offeredSize(int asked) {
        int size = Page.size(asked);
        return size >= 50 ? 50 : 20;
    }

    @GetMapping("/{id}")
    ReportJson report(@PathVariable long id) {
        return json(imports.report(currentScope.get(), id));
    }

    private ReportJson json(ImportReport r) {
        return new ReportJson(
                r.id(),
                r.status().name(),
                r.mode().name(),
                r.encoding(),
                r.separator(),
                r.rows(),
                r.members(),
                r.toAdd(),
                r.toRemove(),
                r.unchanged(),
                r.applied(),
                json(r.errors()),
                r.errorCount(),
                json(r.warnings()),
                r.warningCount(),
                r.onlyCleanRows(),
                r.cleanRows().rows(),
                r.cleanRows().skipped(),
                r.cleanRows().toAdd(),
                r.cleanRows().toRemove());
    }

    private List<ProblemJson> json(List<ImportProblem> problems) {
        Locale locale = LocaleContextHolder.getLocale();
        return problems.stream()
                .map(p ->
                        new ProblemJson(p.line(), p.column(), p.code().name(), p.message(messages, locale), p.value()))
                .toList();
    }
}
