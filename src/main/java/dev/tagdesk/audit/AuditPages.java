package dev.tagdesk.audit;

import dev.tagdesk.audit.AuditTrail.AuditFilter;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.RefusedException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page (filters, before/after of each entry) and its CSV export. */
@Controller
class AuditPages {

    private final AuditTrail trail;

    AuditPages(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/audit")
    String log(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Long tagId,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        AuditFilter filter = new AuditFilter(from, to, actor, action, tagId, departmentId, page, 50);
        model.addAttribute("filter", filter);
        model.addAttribute("actions", trail.actions());
        try {
            model.addAttribute("result", trail.entries(filter));
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            model.addAttribute("result", new dev.tagdesk.shared.Page<>(java.util.List.of(), 0, 50, 0));
        }
        return "audit/log";
    }

    @GetMapping("/audit/events.csv")
    void export(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Long tagId,
            @RequestParam(required = false) Long departmentId,
            HttpServletResponse response)
            throws IOException {
        CsvDownload.prepare(response, CsvDownload.dated("audit-log"), CsvDownload.dated("审计日志"));
        trail.export(new AuditFilter(from, to, actor, action, tagId, departmentId, 0, 1), response.getOutputStream());
    }
}
