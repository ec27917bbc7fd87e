package dev.tagdesk.rule;

import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagRuleReferences;
import dev.tagdesk.tag.TagsDeleted;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rules' side of deleting tags: which rules name the tags (for the deletion to list and ask), and,
 * once they are deleted, disabling the enabled ones. A rule naming a deleted tag cannot run: enabled, it
 * would run every night doing nothing ("完成 +0") while looking fine.
 */
@Component
class RulesOnDeletedTags implements TagRuleReferences {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ReadableRules readable;

    RulesOnDeletedTags(JdbcClient jdbc, ApplicationEventPublisher events, ReadableRules readable) {
        this.readable = readable;
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Read through the tags each rule keeps ({@code tag_ids}: its condition at any depth and its action). */
    @Override
    public List<RuleReference> rulesNaming(Scope scope, Collection<Long> tagIds) {
        return jdbc.sql("select r.id, r.name, r.enabled, " + ReadableRules.CONDITION + " as readable"
                        + " from tag_rule r where r.deleted_at is null and r.tag_ids && cast(:ids as bigint[])"
                        + " order by lower(r.name), r.id")
                .param("ids", SqlArrays.ids(tagIds))
                .params(readable.parameters(scope))
                .query((rs, i) -> new RuleReference(
                        rs.getLong("id"), rs.getString("name"), rs.getBoolean("enabled"), rs.getBoolean("readable")))
                .list();
    }

    @Override
    public Map<Long, String> names(Collection<Long> ruleIds) {
        Map<Long, String> names = new LinkedHashMap<>();
        jdbc.sql("select id, name from tag_rule where id = any(cast(:ids as bigint[]))")
                .param("ids", SqlArrays.ids(ruleIds))
                .query(rs -> {
                    names.put(rs.getLong("id"), rs.getString("name"));
                });
        return names;
    }

    /**
     * Runs in the deletion's transaction (a plain listener is synchronous), so the tags and the rules
     * change together or not at all. The deletion has asked an admin first; this disables whatever
     * rule names the tags by the time it commits, also one saved meanwhile.
     */
    @EventListener
    void disableRulesNaming(TagsDeleted deleted) {
        List<Disabled> disabled = jdbc.sql("""
                        update tag_rule set enabled = false, updated_at = now(), version = version + 1
                        where enabled and tag_ids && cast(:ids as bigint[])
                        returning id, name, tag_ids""")
                .param("ids", SqlArrays.ids(deleted.tagIds()))
                .query((rs, i) -> new Disabled(
                        rs.getLong("id"),
                        rs.getString("name"),
                        Arrays.stream((Long[]) rs.getArray("tag_ids").getArray())
                                .filter(deleted.tagIds()::contains)
                                .toList()))
                .list();
        for (Disabled rule : disabled) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("name", rule.name());
            after.put("enabled", false);
            after.put("reason", "TAG_DELETED");
            after.put("deletedTags", rule.deletedTags());
            events.publishEvent(AuditRecord.of(
                    "RULE_DISABLED", "rule", rule.id(), Map.of("name", rule.name(), "enabled", true), after));
        }
    }

    private record Disabled(long id, String name, List<Long> deletedTags) {}
}
