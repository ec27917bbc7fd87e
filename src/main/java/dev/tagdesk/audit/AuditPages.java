package dev.tagdesk.audit;

import dev.tagdesk.audit.AuditTrail.AuditEntry;
import dev.tagdesk.audit.AuditTrail.AuditFilter;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The audit log page (filters, before/after of each entry) and its CSV export. */
@Controller
class AuditPages {

    private final AuditTrail trail;
    private final AuditReading reading;

    private final LocalTimes times;

    AuditPages(AuditTrail trail, JsonMapper json, LocalTimes times) {
        this.trail = trail;
        this.times = times;
        this.reading = new AuditReading(json, times);
    }

    /**
     * The log, filtered by days, who acted, what was done, and the tag or department an entry is about,
     * picked by name ({@code tag}, {@code department}: the names the log knows, offered as the user
     * types) or by id.
     */
    @GetMapping("/audit")
    String log(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Long tagId,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String department,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Long chosenTag = tagId != null ? tagId : named("tag", tag);
        Long chosenDepartment = departmentId != null ? departmentId : named("department", department);
        AuditFilter filter = new AuditFilter(from, to, actor, action, chosenTag, chosenDepartment, page, 50);
        model.addAttribute("filter", filter);
        model.addAttribute("tagName", blankToNull(tag));
        model.addAttribute("departmentName", blankToNull(department));
        model.addAttribute("actions", trail.actions());
        model.addAttribute("actors", trail.actors());
        model.addAttribute("tagNames", trail.targetNames("tag"));
        model.addAttribute("departmentNames", trail.targetNames("department"));
        try {
            Page<AuditEntry> result = unknownName(tag, chosenTag) || unknownName(department, chosenDepartment)
                    ? new Page<>(List.of(), 0, 50, 0)
                    : trail.entries(filter);
            model.addAttribute("result", result);
            model.addAttribute(
                    "lines", result.items().stream().map(reading::read).toList());
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            model.addAttribute("result", new Page<>(List.of(), 0, 50, 0));
            model.addAttribute("lines", List.of());
        }
        return "audit/log";
    }

    private Long named(String targetType, String name) {
        return name == null || name.isBlank()
                ? null
                : trail.targetIdNamed(targetType, name.strip()).orElse(null);
    }

    /** A name was asked for that nothing in the log ever had: nothing matches (not everything). */
    private static boolean unknownName(String name, Long id) {
        return name != null && !name.isBlank() && id == null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
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
        CsvDownload.prepare(response, times.datedFileName("audit-log"), times.datedFileName("审计日志"));
        trail.export(new AuditFilter(from, to, actor, action, tagId, departmentId, 0, 1), response.getOutputStream());
    }
}
