package dev.tagdesk.rule;

import dev.tagdesk.event.EventWatermark;
import dev.tagdesk.tag.BulkAssignments;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a rule does, set-based: one statement finds the members it matches and applies its whole
 * action to all of them (never a loop over members in Java). The rule selects its members; the tag
 * module writes their tags ({@link BulkAssignments}), where the tags' rules hold as for a person: a tag
 * goes only to members whose departments may use it, and adding a tag of an exclusive group displaces
 * the member's sibling tag.
 */
@Component
class RuleEffects {

    /** What a rule would do now. */
    record DryRun(long matched, Map<Long, Long> addByTag, Map<Long, Long> removeByTag, List<String> sample) {

        long toAdd() {
            return addByTag.values().stream().mapToLong(Long::longValue).sum();
        }

        long toRemove() {
            return removeByTag.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What a rule did; {@code changedTwice} names a (member id, tag id) this run had already changed. */
    record Applied(long added, long removed, String changedTwice) {}

    /**
     * The run's record of the pairs a step changed, written in the step's statement: a pair the run
     * had already changed comes back as {@code member id:tag id}.
     */
    private static final String TRACKED = """
            ,
            tracked as (
                insert into rule_run_change (run_id, member_id, tag_id)
                select :run, member_id, tag_id from changes on conflict do nothing)""";

    private static final String CHANGED_TWICE = """
            (select c.member_id || ':' || c.tag_id from changes c where exists (
                 select 1 from rule_run_change rc
                 where rc.run_id = :run and rc.member_id = c.member_id and rc.tag_id = c.tag_id)
             limit 1)""";

    private final BulkAssignments assignments;
    private final Clock clock;
    private final EventWatermark watermark;

    RuleEffects(BulkAssignments assignments, Clock clock, EventWatermark watermark) {
        this.assignments = assignments;
        this.clock = clock;
        this.watermark = watermark;
    }

    DryRun dryRun(RuleDefinition rule) {
        BulkAssignments.Preview preview = assignments.preview(members(rule), change(rule));
        return new DryRun(preview.members(), preview.addByTag(), preview.removeByTag(), preview.sample());
    }

    /**
     * Applies the rule in one statement (the caller's transaction). Every pair it changes is recorded
     * for the run; a pair the run had already changed comes back in {@link Applied#changedTwice()}, and
     * the caller rolls back. {@code takesOff}: whether the rule removes tags or adds one of an
     * exclusive group; when it does neither, the statement skips looking for assignments to take off.
     */
    Applied apply(long ruleId, RuleDefinition rule, long runId, String by, boolean takesOff) {
        // One bulk write at a time: an import applied meanwhile to the same members is waited for.
        assignments.takeBulkWriteLock();
        BulkAssignments.Applied applied = assignments.applyForRule(
                ruleId,
                by,
                members(rule),
                change(rule),
                takesOff,
                new BulkAssignments.ChangeLog(TRACKED, CHANGED_TWICE, Map.of("run", runId)));
        return new Applied(applied.added(), applied.removed(), applied.check());
    }

    private BulkAssignments.Members members(RuleDefinition rule) {
        // Event clauses count only the events received before the watermark: a late event is
        // counted by the next run, never lost and never counted twice.
        Instant now = clock.instant();
        RuleSql sql = RuleSql.matching(rule, now, watermark.at(now));
        return new BulkAssignments.Members(sql.members(), sql.params());
    }

    private static BulkAssignments.Change change(RuleDefinition rule) {
        return new BulkAssignments.Change(
                rule.action().add(), rule.action().remove(), rule.action().shelfLifeDays());
    }
}
