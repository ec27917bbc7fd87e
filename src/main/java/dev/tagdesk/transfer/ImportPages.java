package dev.tagdesk.transfer;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    private final ImportErrorReport errorReport;

    ImportPages(CurrentScope currentScope, MemberTagImports imports, ImportErrorReport errorReport) {
        this.currentScope = currentScope;
        this.imports = imports;
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
        return "transfer/imports";
    }

    @PostMapping("/imports")
    String upload(
            @RequestParam MultipartFile file,
            @RequestParam(defaultValue = "MERGE") Mode mode,
            @RequestParam(defaultValue = "false") boolean fullWidthSeparator)
            throws IOException {
        ImportReport report;
        try (InputStream in = file.getInputStream()) {
            report = imports.preview(
                    currentScope.get(), file.getOriginalFilename(), in, file.getSize(), mode, fullWidthSeparator);
        }
        return "redirect:/imports/" + report.id();
    }

    @GetMapping("/imports/{id}")
    String report(@PathVariable long id, Model model) {
        model.addAttribute("report", imports.report(currentScope.get(), id));
        model.addAttribute("mayImport", imports.mayImport(currentScope.get()));
        return "transfer/import";
    }

    @PostMapping("/imports/{id}/apply")
    String apply(@PathVariable long id, Model model, RedirectAttributes redirect) {
        try {
            ImportReport report = imports.apply(currentScope.get(), id);
            redirect.addFlashAttribute("flash", new Flash("flash.import.applied", report.toAdd() + report.toRemove()));
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
                        "attachment; filename=\"member-tags-template.csv\"; filename*=UTF-8''"
                                + URLEncoder.encode("标签导入模板.csv", StandardCharsets.UTF_8)
                                        .replace("+", "%20"))
                .body(text.getBytes(StandardCharsets.UTF_8));
    }
}
