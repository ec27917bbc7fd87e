package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.tag.segment.SegmentViews.SegmentView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A segment's members as CSV ({@code 姓名,账号,标签,获得时间}), newest first, with the same rules as every
 * export: UTF-8 with a BOM, CRLF, RFC 4180 quoting and formula defusing ({@link CsvWriter}), times in
 * the users' zone, streamed from a server-side cursor, only members of the exporter's scope, and
 * audited with what was exported.
 */
@Service
public class SegmentExport {

    static final List<String> HEADER = List.of("姓名", "账号", "标签", "获得时间");

    /** Where the file goes, opened only once the export is known to be allowed (so a 404 is still a page). */
    public interface Target {
        OutputStream open() throws IOException;
    }

    private final Segments segments;
    private final SegmentReader reader;
    private final SegmentMembers members;
    private final LocalTimes times;
    private final ApplicationEventPublisher events;

    SegmentExport(
            Segments segments,
            SegmentReader reader,
            SegmentMembers members,
            LocalTimes times,
            ApplicationEventPublisher events) {
        this.segments = segments;
        this.reader = reader;
        this.members = members;
        this.times = times;
        this.events = events;
    }

    /** The file name of a segment's export: its name and today's date. */
    public String fileName(Scope scope, long id) {
        return times.datedFileName("人群_" + safe(segments.get(scope, id).name()));
    }

    /** Writes a saved segment's members; returns how many. */
    @Transactional
    public long segment(Scope scope, long id, Target target) throws IOException {
        SegmentView segment = segments.get(scope, id);
        long rows = write(scope, segment.expression(), target.open());
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("segmentId", id);
        asked.put("name", segment.name());
        events.publishEvent(AuditRecord.of("EXPORT_SEGMENT_MEMBERS", "segment", id, asked, Map.of("members", rows)));
        return rows;
    }

    /** Writes the members of an expression already checked for the caller (the follow-up list). */
    long write(Scope scope, SegmentExpression expression, OutputStream out) throws IOException {
        long[] rows = {0};
        try (CsvWriter csv = new CsvWriter(out)) {
            csv.row(HEADER);
            try {
                members.each(reader.compiled(scope, expression), expression.carriedTagIds(), member -> {
                    try {
                        csv.row(List.of(
                                member.name(),
                                member.account(),
                                member.tagName() == null ? "" : member.tagName(),
                                times.second(member.taggedAt())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return rows[0];
    }

    /** A file with the header only: nothing to export. */
    long empty(OutputStream out) throws IOException {
        try (CsvWriter csv = new CsvWriter(out)) {
            csv.row(HEADER);
        }
        return 0;
    }

    /** A name as part of a file name: no path separators or characters a file system refuses. */
    static String safe(String name) {
        String safe = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        return safe.isEmpty() ? "segment" : safe;
    }
}
