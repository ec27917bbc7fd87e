package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.cluster.ReplicaReads;
import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.tag.TagService;
import dev.tagdesk.tag.TagViews.TagExportRow;
import dev.tagdesk.tag.TagViews.TagFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The tag list as auditors take it before a deletion: the list's filters (or a selection), one row
 * per tag, streamed as it is read (from the read replica when there is one: {@link ReplicaReads}).
 * Every export is audited with what it was asked for and its size.
 */
@Service
public class TagListExport {

    static final List<String> HEADER = List.of("标签组", "标签名", "颜色", "可见部门", "包含子部门", "关联成员数", "创建人", "创建时间", "更新时间");

    private final TagService tags;
    private final ApplicationEventPublisher events;

    private final LocalTimes times;
    private final ReplicaReads replica;

    TagListExport(TagService tags, ApplicationEventPublisher events, LocalTimes times, ReplicaReads replica) {
        this.times = times;
        this.tags = tags;
        this.events = events;
        this.replica = replica;
    }

    /**
     * Writes the CSV to {@code out}; returns the number of tags written. Nothing is written before the
     * filters are known to be in scope, so a refusal can still answer with its own page.
     */
    public long write(Scope scope, TagFilter filter, List<Long> ids, OutputStream out) throws IOException {
        long[] rows = {0};
        CsvWriter[] csv = {null};
        try {
            replica.read(() -> {
                tags.exportTags(scope, filter, ids, row -> {
                    try {
                        if (csv[0] == null) {
                            csv[0] = opened(out);
                        }
                        csv[0].row(cells(row));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                });
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (CsvWriter written = csv[0] == null ? opened(out) : csv[0]) {
            written.flush();
        }
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("q", filter.query());
        asked.put("groupId", filter.groupId());
        asked.put("colorFamily", filter.colorFamily());
        asked.put("departmentId", filter.departmentId());
        asked.put("ids", ids);
        events.publishEvent(AuditRecord.of("EXPORT_TAG_LIST", "export", "tags.csv", asked, Map.of("tags", rows[0])));
        return rows[0];
    }

    private static CsvWriter opened(OutputStream out) throws IOException {
        CsvWriter csv = new CsvWriter(out);
        csv.row(HEADER);
        return csv;
    }

    List<String> cells(TagExportRow row) {
        return List.of(
                row.groupName(),
                row.name(),
                row.color(),
                row.wholeCompany() ? "全公司" : nonNull(row.departments()),
                row.wholeCompany() ? "是" : nonNull(row.includeSubDepartments()),
                Long.toString(row.memberCount()),
                nonNull(row.createdBy()),
                time(row.createdAt()),
                time(row.updatedAt()));
    }

    private String time(Instant instant) {
        return times.second(instant);
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
