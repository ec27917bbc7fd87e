package dev.tagdesk.directory;

import dev.tagdesk.shared.Page;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the directory hands to pages and the API: plain values, never entities. */
public final class DirectoryViews {

    private DirectoryViews() {}

    public record DepartmentView(
            long id, String name, String code, Long parentId, String path, int depth, long memberCount, long version) {}

    /** A department with its children, siblings ordered by name. */
    public record DepartmentNode(DepartmentView department, List<DepartmentNode> children) {}

    public record DepartmentRef(long id, String name, String code) {}

    public record MemberRow(
            long id, String account, String name, MemberStatus status, Instant lastActiveAt, String departments) {}

    public record MemberView(
            long id,
            String account,
            String name,
            MemberStatus status,
            Instant lastActiveAt,
            List<DepartmentRef> departments,
            long version) {}

    public record DirectoryCounts(long departments, long members) {}

    /** A new department under {@code parentId}. */
    public record NewDepartment(String name, String code, Long parentId) {}

    /** A member's details as an admin or an HR sync sets them. */
    public record MemberDetails(
            String account, String name, Set<Long> departmentIds, MemberStatus status, Instant lastActiveAt) {}

    public record MemberSearch(String query, Long departmentId, int page, int size) {

        public MemberSearch {
            query = query == null ? "" : query.strip();
            page = Page.number(page);
            size = size <= 0 ? 50 : Math.min(size, 200);
        }
    }
}
