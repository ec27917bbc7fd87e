package dev.tagdesk.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.tagdesk.audit.AuditTrail.AuditEntry;
import dev.tagdesk.audit.AuditTrail.AuditFilter;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.shared.Page;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log over JSON (paged) and as CSV, for admins and auditors. */
@ApiController("/api/v1")
class AuditApi {

    /**
     * An entry with its before/after states as the JSON they are; {@code targetType} in UPPER_CASE like
     * every enumeration of the API ({@code TAG_GROUP}).
     */
    record AuditEntryJson(
            long id,
            Instant occurredAt,
            String actor,
            String action,
            String targetType,
            String targetId,
            @JsonRawValue String before,
            @JsonRawValue String after,
            String remoteAddress,
            String via) {

        static AuditEntryJson of(AuditEntry e) {
            return new AuditEntryJson(
                    e.id(),
                    e.occurredAt(),
                    e.actor(),
                    e.action(),
                    e.targetType() == null ? null : e.targetType().toUpperCase(Locale.ROOT),
                    e.targetId(),
                    e.before(),
                    e.after(),
                    e.remoteAddress(),
                    e.via());
        }
    }

    private final AuditTrail trail;

    private final LocalTimes times;

    AuditApi(AuditTrail trail, LocalTimes times) {
        this.times = times;
        this.trail = trail;
    }

    @GetMapping("/audit-events")
    Page<AuditEntryJson> entries(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Long tagId,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return trail.entries(new AuditFilter(from, to, actor, action, tagId, departmentId, page, Page.size(size)))
                .map(AuditEntryJson::of);
    }

    @GetMapping(value = "/audit-events.csv", produces = CsvDownload.MEDIA_TYPE)
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
