package dev.tagdesk.tag;

import dev.tagdesk.shared.Page;
import dev.tagdesk.tag.color.ColorPolicy;
import dev.tagdesk.tag.color.HueFamily;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** What the tag module hands to pages and the API: plain values, never entities. */
public final class TagViews {

    private TagViews() {}

    public record GroupView(
            long id,
            String name,
            GroupKind kind,
            int sortOrder,
            boolean exclusive,
            NamePattern namePattern,
            boolean mayUseReservedColors,
            long tagCount,
            long version) {}

    /** A new or changed group. */
    public record GroupDraft(
            String name,
            GroupKind kind,
            Integer sortOrder,
            Boolean exclusive,
            NamePattern namePattern,
            Boolean mayUseReservedColors) {}

    /** One row of the tag list; {@code memberCount} counts only members in the caller's scope. */
    public record TagRow(
            long id,
            String name,
            long groupId,
            String groupName,
            String color,
            String colorFamily,
            boolean wholeCompany,
            String visibleTo,
            long memberCount,
            long expiringSoon,
            Instant updatedAt,
            String description,
            long version) {}

    /**
     * One row of the tag-list export: the departments a tag is visible to and, in the same order,
     * whether each includes its sub-departments ({@code 是、否}).
     */
    public record TagExportRow(
            String groupName,
            String name,
            String color,
            boolean wholeCompany,
            String departments,
            String includeSubDepartments,
            long memberCount,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    public record VisibilityView(long departmentId, String departmentName, boolean includeSubDepartments) {}

    public record TagView(
            long id,
            String name,
            long groupId,
            String groupName,
            String color,
            String colorFamily,
            String description,
            Integer shelfLifeDays,
            boolean wholeCompany,
            List<VisibilityView> visibility,
            long memberCount,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            String updatedBy,
            long version) {}

    /** A new or changed tag, as the form or the API sends it. */
    public record TagDraft(
            String name,
            Long groupId,
            String color,
            String description,
            Integer shelfLifeDays,
            Boolean wholeCompany,
            List<Visibility> visibility) {

        public TagDraft {
            visibility = visibility == null ? List.of() : List.copyOf(visibility);
        }
    }

    /** A rule's doubt about an accepted change, e.g. a colour close to a sibling's. */
    public record Warning(String code, Object... args) implements Serializable {

        public String messageKey() {
            return "warning." + code;
        }
    }

    public record TagSaved(TagView tag, List<Warning> warnings) {}

    /**
     * The tag form's live colour check: the colour checked (as {@code #RRGGBB}, or as typed when it is
     * not a colour) and its family, the group's rules in words, what a save would refuse or warn about,
     * the group's tag closest to it (only tags the caller can see), colours that pass every rule to
     * offer instead, and whether the colour was replaced by the group's starting colour.
     */
    public record ColorCheck(
            String color,
            HueFamily family,
            String groupName,
            GroupKind groupKind,
            boolean hueRuleOn,
            List<String> reservedFamilyKeys,
            List<dev.tagdesk.shared.Refusal> refusals,
            List<Warning> warnings,
            ColorPolicy.Near closest,
            List<ColorSuggestion> suggestions,
            double blockBelow,
            double warnBelow,
            boolean startedOver) {

        public boolean accepted() {
            return refusals.isEmpty();
        }

        /** Whether a refusal or warning already names the closest tag (then it is not named twice). */
        public boolean namesClosest() {
            return refusals.stream().anyMatch(r -> r.code().equals("COLOR_TOO_CLOSE"))
                    || warnings.stream().anyMatch(w -> w.code().equals("COLOR_CLOSE"));
        }
    }

    /** A colour the live check offers: it passes every rule of the group and stands apart from its tags. */
    public record ColorSuggestion(String color, HueFamily family) {}

    /**
     * The tag list's filters and order. {@code expiringWithinDays}: only tags with assignments that
     * expire within that many days ({@code null}: no such filter).
     */
    public record TagFilter(
            String query,
            Long groupId,
            String colorFamily,
            Long departmentId,
            Integer expiringWithinDays,
            int page,
            int size,
            TagSort sort) {

        /** The list in its default order: by group, then by name. */
        public TagFilter(
                String query,
                Long groupId,
                String colorFamily,
                Long departmentId,
                Integer expiringWithinDays,
                int page,
                int size) {
            this(query, groupId, colorFamily, departmentId, expiringWithinDays, page, size, TagSort.GROUP);
        }

        public TagFilter {
            sort = sort == null ? TagSort.GROUP : sort;
            expiringWithinDays =
                    expiringWithinDays == null || expiringWithinDays <= 0 ? null : Math.min(expiringWithinDays, 3650);
            query = query == null ? "" : query.strip();
            // Families are UPPER_CASE (RED); the lower-case spelling filters the same.
            colorFamily = colorFamily == null || colorFamily.isBlank()
                    ? null
                    : colorFamily.strip().toUpperCase(java.util.Locale.ROOT);
            page = Page.number(page);
            size = size <= 0 ? 50 : Math.min(size, 200);
        }
    }

    /** The tags as a tree of name segments: 渠道 › 线上活动 › 双十一. */
    public record SegmentNode(String segment, String path, TagRow tag, List<SegmentNode> children, long tagCount) {}

    /**
     * Who a visibility reaches: how many departments and members, and what each "include
     * sub-departments" switch adds. Only what lies in the viewer's scope is counted and listed;
     * {@code withinScope} says that this is less than the whole company (an OPS user's view).
     */
    public record Reach(
            boolean wholeCompany, boolean withinScope, long departments, long members, List<ReachEntry> entries) {}

    public record ReachEntry(
            long departmentId, String departmentName, boolean includeSubDepartments, List<String> addedDepartments) {}

    /** A department the caller may pick on a form, with its depth for indenting. */
    public record DepartmentOption(long id, String name, int depth) {}

    /** A tag a member carries. */
    public record Assignment(
            long tagId,
            String name,
            String color,
            String groupName,
            String source,
            String assignedBy,
            Instant assignedAt,
            Instant expiresAt,
            Long ruleId,
            String ruleName) {

        /** Whole days until the assignment expires (0 on its last day), or {@code null} if it does not. */
        public Long daysLeft(Instant now) {
            return expiresAt == null
                    ? null
                    : java.time.Duration.between(now, expiresAt).toDays();
        }
    }

    /** The outcome of tagging a member, with the tags an exclusive group made way. */
    public record Tagged(Assignment assignment, List<String> replaced, boolean alreadyThere) {}
}
