package dev.tagdesk.transfer;

import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.cluster.ReplicaReads;
import dev.tagdesk.directory.Departments;
import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.tag.MemberTagReads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Member tags in the import's shape ({@code 姓名,账号,标签1…标签N}), one row per member, so that an
 * export re-imports to no change. The rows stream from a server-side cursor straight into the
 * response: memory stays flat whatever the number of assignments. A heavy read: on the read replica
 * when there is one ({@link ReplicaReads}), a moment behind the primary; the audit entry is written on
 * the primary once the rows are out.
 */
@Service
public class MemberTagExport {

    public record Exported(long members, long assignments) {}

    private final MemberTagReads memberTags;
    private final Departments departments;
    private final ApplicationEventPublisher events;
    private final ReplicaReads replica;

    MemberTagExport(
            MemberTagReads memberTags,
            Departments departments,
            ApplicationEventPublisher events,
            ReplicaReads replica) {
        this.memberTags = memberTags;
        this.departments = departments;
        this.events = events;
        this.replica = replica;
    }

    /**
     * Writes the members of {@code departmentId}'s subtree (or all in scope when {@code null}) with
     * their tags; with {@code tagIds}, only the members carrying one of those tags, and only those
     * tags. A department outside the scope is a 404.
     */
    public Exported write(Scope scope, Long departmentId, List<Long> tagIds, OutputStream out) throws IOException {
        Exported exported = replica.read(() -> writeRows(scope, departmentId, tagIds, out));
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("departmentId", departmentId);
        asked.put("tagIds", tagIds);
        events.publishEvent(AuditRecord.of(
                "EXPORT_MEMBER_TAGS",
                "export",
                "member-tags.csv",
                asked,
                Map.of("members", exported.members(), "assignments", exported.assignments())));
        return exported;
    }

    private Exported writeRows(Scope scope, Long departmentId, List<Long> tagIds, OutputStream out) throws IOException {
        MemberTagReads.Export export = export(scope, departmentId, tagIds);
        int tagColumns = (int) Math.max(1, memberTags.mostTagsOnOneMember(export));
        Row row = new Row();
        long[] counts = {0, 0};
        try (CsvWriter csv = new CsvWriter(out)) {
            List<String> header = new ArrayList<>(List.of("姓名", "账号"));
            for (int i = 1; i <= tagColumns; i++) {
                header.add("标签" + i);
            }
            csv.row(header);
            try {
                memberTags.export(export, (account, name, tag) -> {
                    if (!account.equals(row.account)) {
                        row.writeTo(csv);
                        row.start(account, name);
                        counts[0]++;
                    }
                    if (tag != null) {
                        row.tags.add(tag);
                        counts[1]++;
                    }
                });
                row.writeTo(csv);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new Exported(counts[0], counts[1]);
    }

    private MemberTagReads.Export export(Scope scope, Long departmentId, List<Long> tagIds) {
        String path = scope.subtreePath();
        if (departmentId != null) {
            path = departments
                    .pathOf(departmentId)
                    .filter(scope::covers)
                    .orElseThrow(() -> new NotFoundException("department", departmentId));
        }
        return new MemberTagReads.Export(scope, path, scope.isWholeCompany() && departmentId == null, tagIds);
    }

    /** The member being written: their tags arrive as consecutive rows of the cursor. */
    private static final class Row {
        String account;
        String name;
        final List<String> tags = new ArrayList<>();

        void start(String account, String name) {
            this.account = account;
            this.name = name;
            tags.clear();
        }

        void writeTo(CsvWriter csv) {
            if (account == null) {
                return;
            }
            List<String> cells = new ArrayList<>(2 + tags.size());
            cells.add(name);
            cells.add(account);
            cells.addAll(tags);
            try {
                csv.row(cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
