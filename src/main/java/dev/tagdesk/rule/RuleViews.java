package dev.tagdesk.rule;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the rules pages and API show. */
public final class RuleViews {

    private RuleViews() {}

    /** A saved rule, with the names of the tags and departments it names. */
    public record RuleView(
            long id,
            String name,
            boolean enabled,
            RuleCondition condition,
            RuleAction action,
            List<DepartmentRef> departments,
            long version,
            String createdBy,
            Instant updatedAt,
            Map<Long, String> tagNames,
            List<DeletedTag> deletedTags) {

        public RuleDefinition definition() {
            return new RuleDefinition(
                    name,
                    enabled,
                    condition,
                    action,
                    departments.stream()
                            .map(d -> new RuleDefinition.Department(d.departmentId(), d.includeSubDepartments()))
                            .toList());
        }

        public String tagName(long tagId) {
            return tagNames.getOrDefault(tagId, "#" + tagId);
        }

        /** Whether the rule names a tag that is in the recycle bin (or purged from it): it cannot run. */
        public boolean namesDeletedTags() {
            return !deletedTags.isEmpty();
        }

        public boolean isDeleted(long tagId) {
            return deletedTags.stream().anyMatch(d -> d.id() == tagId);
        }
    }

    /**
     * A tag the rule names that is deleted: its last name, or {@code null} when the reader may not see
     * it or it was purged from the recycle bin (then it shows as its id).
     */
    public record DeletedTag(long id, String name) {

        public String label() {
            return name != null ? name : "#" + id;
        }
    }

    public record DepartmentRef(long departmentId, String name, boolean includeSubDepartments) {}

    /** A run: nightly or "run now", with what each rule did. */
    public record RunView(
            long id,
            String trigger,
            Long ruleId,
            String startedBy,
            Instant startedAt,
            Instant finishedAt,
            String status,
            String reason,
            List<String> reasonArgs,
            long expired,
            List<StepView> steps) {

        public long added() {
            return steps.stream().mapToLong(StepView::added).sum();
        }

        public long removed() {
            return steps.stream().mapToLong(StepView::removed).sum();
        }
    }

    public record StepView(
            long ruleId,
            String ruleName,
            int pass,
            long added,
            long removed,
            long durationMillis,
            String status,
            String reason,
            List<String> reasonArgs) {}

    /** A dry run with tag names, for display. */
    public record Preview(long matched, List<TagCount> toAdd, List<TagCount> toRemove, List<String> sample) {

        /** Assignments the rule would add now, over all its tags. */
        public long adding() {
            return toAdd.stream().mapToLong(TagCount::members).sum();
        }

        /** Assignments the rule would remove now, over all its tags. */
        public long removing() {
            return toRemove.stream().mapToLong(TagCount::members).sum();
        }
    }

    public record TagCount(long tagId, String tagName, long members) {}
}
