package dev.tagdesk.transfer;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagService;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Upload a member-tag file, see its preview with every problem at the top, apply it; the history. */
@Controller
class ImportPages {

    private final CurrentScope currentScope;
    private final MemberTagImports imports;
    private final ImportRunner runner;
    private final ImportProgress progress;
    private final ImportErrorReport errorReport;
    private final TagService tags;
    private final ImportFileRetention retention;
    private final ImportChangeList lists;

    ImportPages(
            CurrentScope currentScope,
            MemberTagImports imports,
            ImportRunner runner,
            ImportProgress progress,
            ImportErrorReport errorReport,
            TagService tags,
            ImportFileRetention retention,
            ImportChangeList lists) {
        this.currentScope = currentScope;
        this.lists = lists;
        this.retention = retention;
        this.tags = tags;
        this.imports = imports;
        this.runner = runner;
        this.progress = progress;
        this.errorReport = errorReport;
    }

    /** The rows with problems as they were in the file, plus what is wrong with each. */
    @GetMapping("/imports/{id}/errors.csv")
    void errors(@PathVariable long id, java.util.Locale locale, jakarta.servlet.http.HttpServletResponse response)
            throws IOException {
        errorReport.write(currentScope.get(), id, locale, response);
    }

    @GetMapping("/imports")
    String imports(Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("history", imports.history(scope));
        model.addAttribute("mayImport", imports.mayImport(scope));
        model.addAttribute("departments", tags.departmentOptions(scope, java.util.List.of()));
        return "transfer/imports";
    }

    /** Small files are read while the user waits; large ones in the background, with progress. */
    @PostMapping("/imports")
    String upload(
            @RequestParam MultipartFile file,
            @RequestParam(defaultValue = "MERGE") Mode mode,
            @RequestParam(defaultValue = "false") boolean fullWidthSeparator,
            Model model)
            throws IOException {
        try {
            return "redirect:/imports/" + read(file, mode, fullWidthSeparator);
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return imports(model);
        }
    }

    private long read(MultipartFile file, Mode mode, boolean fullWidthSeparator) throws IOException {
        Scope scope = currentScope.get();
        if (runner.runsInBackground(file.getSize())) {
            Path saved = Files.createTempFile("tagdesk-import-", ".csv");
            file.transferTo(saved);
            return runner.startPreview(
                    scope, file.getOriginalFilename(), saved, file.getSize(), mode, fullWidthSeparator);
        }
        return runner.preview(
                        scope,
                        file.getOriginalFilename(),
                        file::getInputStream,
                        file.getSize(),
                        mode,
                        fullWidthSeparator)
                .id();
    }

    /** The one-click answer to SEPARATOR_FULLWIDTH: the kept file is read again with ， as the separator. */
    @PostMapping("/imports/{id}/full-width-separator")
    String rerunWithFullWidthSeparator(@PathVariable long id, Model model) throws IOException {
        try {
            return "redirect:/imports/" + runner.rerunWithFullWidthSeparator(currentScope.get(), id);
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return report(id, model);
        }
    }

    /**
     * The import's page: its problems, counts and choices, and a page of one of its lists: before it
     * is applied, the changes (all, or the members gaining or losing a tag: {@code kind}); after an
     * import of only its rows without errors, the rows it skipped.
     */
    @GetMapping("/imports/{id}")
    String report(
            @PathVariable long id,
            @RequestParam(defaultValue = "all") String kind,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            Model model) {
        ImportReport report = page(id, model);
        Scope scope = currentScope.get();
        if (report.listsChanges()) {
            model.addAttribute("changes", lists.changes(scope, report, ImportChangeList.Kind.of(kind), page, size));
        }
        if (report.appliedOnlyCleanRows() && report.cleanRows().skipped() > 0 && !report.fileRemoved()) {
            model.addAttribute("skipped", lists.skippedRows(report, page, size));
        }
        return "transfer/import";
    }

    /**
     * The import's page without its lists, for an answer to a form posted from it that was refused:
     * the lists' page links are made from the address asked for, which is then the form's.
     */
    private String report(long id, Model model) {
        page(id, model);
        return "transfer/import";
    }

    private ImportReport page(long id, Model model) {
        Scope scope = currentScope.get();
        ImportReport report = imports.report(scope, id);
        model.addAttribute("report", report);
        model.addAttribute("progress", report.running() ? progress.of(id) : null);
        model.addAttribute("mayImport", imports.mayImport(scope));
        model.addAttribute("fullWidthRerun", runner.keepsFileForRerun(id));
        model.addAttribute("keepFilesDays", retention.keepDays());
        model.addAttribute("pageSizes", ImportChangeList.PAGE_SIZES);
        return report;
    }

    /** The progress of a running job, polled by its page; once it has ended, the page reloads. */
    @GetMapping("/imports/{id}/progress")
    String progress(@PathVariable long id, Model model, HttpServletResponse response) {
        ImportReport report = imports.report(currentScope.get(), id);
        if (!report.running()) {
            response.setHeader("HX-Refresh", "true");
            return "transfer/import :: ended";
        }
        model.addAttribute("report", report);
        model.addAttribute("progress", progress.of(id));
        return "transfer/import :: progress";
    }

    /**
     * Applies an import: all or nothing, refused while it has errors; or, chosen explicitly after the
     * errors are shown, only its rows without errors ({@code onlyCleanRows}).
     */
    @PostMapping("/imports/{id}/apply")
    String apply(
            @PathVariable long id,
            @RequestParam(defaultValue = "false") boolean onlyCleanRows,
            Model model,
            RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        try {
            if (runner.runsInBackground(imports.report(scope, id).fileBytes())) {
                runner.startApply(scope, id, onlyCleanRows);
                return "redirect:/imports/" + id;
            }
            ImportReport report = runner.apply(scope, id, onlyCleanRows);
            if (!report.applied()) {
                throw RefusedException.conflict("id", "IMPORT_HAS_ERRORS", report.errorCount());
            }
            long changes = report.toAdd() + report.toRemove();
            if (report.appliedOnlyCleanRows()) {
                // The page says how many rows were applied and skipped, and lists the skipped ones.
                redirect.addFlashAttribute("flash", new Flash("flash.import.appliedCleanRows", changes));
            } else {
                redirect.addFlashAttribute(
                        "flash",
                        new Flash(changes == 0 ? "flash.import.nothingChanged" : "flash.import.applied", changes));
            }
            return "redirect:/imports/" + id;
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return report(id, model);
        }
    }

    /** The template to fill in Excel or WPS: UTF-8 with BOM, the header and one example row. */
    @GetMapping("/imports/template.csv")
    ResponseEntity<byte[]> template() {
        String text = "\uFEFF姓名,账号,标签1,标签2,标签3\r\n张伟,zhang.wei,渠道_线上活动_双十一,偏好_数码,\r\n";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        CsvDownload.contentDisposition("member-tags-template.csv", "标签导入模板.csv"))
                .body(text.getBytes(StandardCharsets.UTF_8));
    }
}
