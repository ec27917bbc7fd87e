package dev.tagdesk.rule;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.BulkAssignments;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deleted auto-tag rules: kept disabled for the recycle-bin period (the tags' period,
 * {@code tagdesk.recycle-bin.retention-days}), listed for whoever may read them, restored by an admin
 * (still disabled: enabling runs every check again), and purged by the nightly job after that.
 */
@Service
public class RuleRecycleBin {

    /** A deleted rule as the bin lists it. */
    public record DeletedRule(
            long id, String name, Instant deletedAt, String deletedBy, Instant purgedAfter, boolean nameTaken) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final BulkAssignments assignments;
    private final ReadableRules readable;
    private final int retentionDays;

    RuleRecycleBin(
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            BulkAssignments assignments,
            ReadableRules readable,
            @Value("${tagdesk.recycle-bin.retention-days:30}") int retentionDays) {
        this.jdbc = jdbc;
        this.events = events;
        this.assignments = assignments;
        this.readable = readable;
        this.retentionDays = retentionDays;
    }

    public int retentionDays() {
        return retentionDays;
    }

    public boolean mayRestore(Scope scope) {
        return scope.may(Action.MANAGE_RULES);
    }

    /** The deleted rules the caller may read, most recently deleted first. */
    @Transactional(readOnly = true)
    public Page<DeletedRule> list(Scope scope, int page, int size) {
        int shown = size <= 0 ? 50 : Math.min(size, 200);
        int number = Page.number(page);
        List<DeletedRule> rules = jdbc.sql("""
                        select r.id, r.name, r.deleted_at, r.deleted_by,
                               r.deleted_at + make_interval(days => :days) as purged_after,
                               exists (select 1 from tag_rule l where l.deleted_at is null and lower(l.name) = lower(r.name)) as name_taken
                        from tag_rule r where r.deleted_at is not null and """ + ReadableRules.CONDITION + """

                        order by r.deleted_at desc, r.id desc limit :size offset :offset""")
                .params(readable.parameters(scope))
                .param("days", retentionDays)
                .param("size", shown)
                .param("offset", (long) number * shown)
                .query((rs, i) -> new DeletedRule(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getTimestamp("deleted_at").toInstant(),
                        rs.getString("deleted_by"),
                        rs.getTimestamp("purged_after").toInstant(),
                        rs.getBoolean("name_taken")))
                .list();
        long total = jdbc.sql(
                        "select count(*) from tag_rule r where r.deleted_at is not null and " + ReadableRules.CONDITION)
                .params(readable.parameters(scope))
                .query(Long.class)
                .single();
        return new Page<>(rules, number, shown, total);
    }

    /**
     * Brings a deleted rule back, disabled. A rule the caller may not read, a live one or a purged one
     * is missing (404); a live rule that took its name meanwhile is a conflict the caller resolves by
     * renaming that one.
     */
    @Transactional
    public String restore(Scope scope, long id) {
        scope.require(Action.MANAGE_RULES);
        String name = jdbc.sql("select r.name from tag_rule r where r.id = :id and r.deleted_at is not null and "
                        + ReadableRules.CONDITION + " for update")
                .param("id", id)
                .params(readable.parameters(scope))
                .query(String.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("rule", id));
        boolean taken = jdbc.sql(
                        "select exists (select 1 from tag_rule where deleted_at is null and lower(name) = lower(?))")
                .param(name)
                .query(Boolean.class)
                .single();
        if (taken) {
            throw RefusedException.conflict("name", "RULE_RESTORE_NAME_TAKEN", name);
        }
        jdbc.sql("""
                        update tag_rule set deleted_at = null, deleted_by = null, updated_at = now(), version = version + 1
                        where id = ?""").param(id).update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("name", name);
        after.put("enabled", false);
        events.publishEvent(AuditRecord.of("RULE_RESTORED", "rule", id, Map.of("name", name, "deleted", true), after));
        return name;
    }

    /**
     * Purges the rules deleted longer ago than the retention; the assignments they made stay, no
     * longer naming a rule. Every night, after the tags' purge.
     */
    @Scheduled(cron = "${tagdesk.recycle-bin.rule-purge-cron:0 35 3 * * *}", zone = "${tagdesk.zone:Asia/Shanghai}")
    @SchedulerLock(name = "rule-recycle-bin-purge")
    @Transactional
    public int purgeExpired() {
        List<Map<String, Object>> purged =
                jdbc.sql("""
                        select id, name from tag_rule where deleted_at < now() - make_interval(days => ?) for update""").param(retentionDays).query().listOfRows();
        if (purged.isEmpty()) {
            return 0;
        }
        List<Long> purgedIds =
                purged.stream().map(r -> ((Number) r.get("id")).longValue()).toList();
        String ids = SqlArrays.ids(purgedIds);
        // Their assignments stay, made by no rule (the tag module writes them).
        assignments.forgetRules(purgedIds);
        jdbc.sql("delete from tag_rule where id = any(cast(? as bigint[]))")
                .param(ids)
                .update();
        events.publishEvent(new AuditRecord(
                "RULE_PURGED",
                "rule",
                null,
                null,
                Map.of(
                        "count",
                        purged.size(),
                        "rules",
                        purged.stream()
                                .map(r -> r.get("id") + " " + r.get("name"))
                                .toList()),
                "system"));
        return purged.size();
    }
}
