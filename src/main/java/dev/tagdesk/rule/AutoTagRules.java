package dev.tagdesk.rule;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.Departments;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagCatalog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-tag rules: saved by admins, read by auditors (all) and OPS (those touching their department's
 * members or tags). A rule set that could flip a member back and forth ({@code RULE_CYCLE}) or two
 * enabled rules that fight over a tag ({@code RULE_CONFLICT}) are refused when a rule is saved or
 * enabled, not discovered at night.
 */
@Service
public class AutoTagRules {

    static final int NAME_MAX = 64;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RuleEffects effects;
    private final ApplicationEventPublisher events;
    private final TagCatalog tags;
    private final RuleEventChecks eventChecks;

    private final ReadableRules readable;
    private final Departments departments;

    AutoTagRules(
            JdbcClient jdbc,
            JsonMapper json,
            RuleEffects effects,
            ApplicationEventPublisher events,
            TagCatalog tags,
            ReadableRules readable,
            Departments departments,
            RuleEventChecks eventChecks) {
        this.jdbc = jdbc;
        this.json = json;
        this.effects = effects;
        this.events = events;
        this.tags = tags;
        this.readable = readable;
        this.departments = departments;
        this.eventChecks = eventChecks;
    }

    public boolean mayEdit(Scope scope) {
        return scope.may(Action.MANAGE_RULES);
    }

    @Transactional(readOnly = true)
    public List<RuleViews.RuleView> list(Scope scope) {
        return views(
                jdbc.sql("select r.* from tag_rule r where r.deleted_at is null and " + ReadableRules.CONDITION
                                + " order by lower(r.name)")
                        .params(readable.parameters(scope))
                        .query(this::stored)
                        .list(),
                scope);
    }

    /** A rule the caller may read; one they may not is as missing as one that does not exist. */
    @Transactional(readOnly = true)
    public RuleViews.RuleView get(Scope scope, long id) {
        return find(scope, id).orElseThrow(() -> new NotFoundException("rule", id));
    }

    Optional<RuleViews.RuleView> find(Scope scope, long id) {
        return jdbc.sql("select r.* from tag_rule r where r.id = :id and r.deleted_at is null and "
                        + ReadableRules.CONDITION)
                .param("id", id)
                .params(readable.parameters(scope))
                .query(this::stored)
                .optional()
                .map(rule -> views(List.of(rule), scope).get(0));
    }

    /**
     * A tag for the form's pickers: one a rule may name, or a deleted one the rule names, kept on the
     * form (shown as deleted) so that saving it unchanged is refused rather than dropping it unseen.
     */
    public record TagOption(long id, String name, boolean deleted) {}

    /** The live tags the caller may see, for the rule form's pickers. */
    @Transactional(readOnly = true)
    public List<TagOption> tagOptions(Scope scope) {
        return tags.visible(scope).stream()
                .map(t -> new TagOption(t.id(), t.name(), false))
                .toList();
    }

    /** The same, plus the deleted tags this rule names. */
    @Transactional(readOnly = true)
    public List<TagOption> tagOptions(Scope scope, RuleViews.RuleView rule) {
        List<TagOption> options = new ArrayList<>(tagOptions(scope));
        rule.deletedTags().forEach(d -> options.add(new TagOption(d.id(), d.label(), true)));
        return options;
    }

    /** The enabled rules, for a run. */
    List<RuleViews.RuleView> enabled() {
        return views(
                jdbc.sql("select r.* from tag_rule r where r.enabled and r.deleted_at is null order by r.id")
                        .query(this::stored)
                        .list(),
                null);
    }

    @Transactional
    public RuleViews.RuleView create(Scope scope, RuleDefinition rule) {
        scope.require(Action.MANAGE_RULES);
        check(null, rule, Set.of());
        long id = jdbc.sql("""
                        insert into tag_rule (name, enabled, condition, action, tag_ids, created_by)
                        values (:name, :enabled, cast(:condition as jsonb), cast(:action as jsonb), cast(:tags as bigint[]), :by)
                        returning id""")
                .params(columns(rule))
                .param("by", scope.username())
                .query(Long.class)
                .single();
        saveDepartments(id, rule);
        RuleViews.RuleView saved = get(scope, id);
        events.publishEvent(AuditRecord.of("RULE_CREATED", "rule", id, null, state(saved)));
        return saved;
    }

    @Transactional
    public RuleViews.RuleView update(Scope scope, long id, RuleDefinition rule, long version) {
        scope.require(Action.MANAGE_RULES);
        RuleViews.RuleView before = get(scope, id);
        check(id, rule, before.definition().tagIds());
        int updated = jdbc.sql("""
                        update tag_rule set name = :name, enabled = :enabled, condition = cast(:condition as jsonb),
                            action = cast(:action as jsonb), tag_ids = cast(:tags as bigint[]),
                            updated_at = now(), version = version + 1
                        where id = :id and version = :version""")
                .params(columns(rule))
                .param("id", id)
                .param("version", version)
                .update();
        if (updated == 0) {
            throw RefusedException.conflict("version", "VERSION_STALE");
        }
        jdbc.sql("delete from tag_rule_department where rule_id = ?").param(id).update();
        saveDepartments(id, rule);
        RuleViews.RuleView saved = get(scope, id);
        events.publishEvent(AuditRecord.of("RULE_UPDATED", "rule", id, state(before), state(saved)));
        return saved;
    }

    /** Enables or disables a rule; enabling runs the same checks as saving. */
    @Transactional
    public RuleViews.RuleView setEnabled(Scope scope, long id, boolean enabled) {
        RuleViews.RuleView rule = get(scope, id);
        RuleDefinition changed = new RuleDefinition(
                rule.name(),
                enabled,
                rule.condition(),
                rule.action(),
                rule.definition().departments());
        return update(scope, id, changed, rule.version());
    }

    /**
     * Moves a rule to the recycle bin: disabled, kept with its definition for the recycle-bin period
     * ({@link RuleRecycleBin} restores or purges it). The assignments it made keep naming it.
     */
    @Transactional
    public void delete(Scope scope, long id) {
        scope.require(Action.MANAGE_RULES);
        RuleViews.RuleView before = get(scope, id);
        jdbc.sql("""
                        update tag_rule set enabled = false, deleted_at = now(), deleted_by = ?,
                            updated_at = now(), version = version + 1
                        where id = ?""").param(scope.username()).param(id).update();
        Map<String, Object> after = new LinkedHashMap<>(state(before));
        after.put("enabled", false);
        after.put("deleted", true);
        events.publishEvent(AuditRecord.of("RULE_DELETED", "rule", id, state(before), after));
    }

    /** What the rule would do now, with tag names; for a saved rule or a draft on the form. */
    @Transactional(readOnly = true)
    public RuleViews.Preview dryRun(Scope scope, RuleDefinition rule) {
        scope.require(Action.MANAGE_RULES);
        checkShape(rule, tags.named(scope, rule.tagIds()), Set.of());
        RuleEffects.DryRun dryRun = effects.dryRun(rule);
        Map<Long, String> names = tagNames(rule.tagIds());
        return new RuleViews.Preview(
                dryRun.matched(),
                counts(dryRun.addByTag(), names),
                counts(dryRun.removeByTag(), names),
                dryRun.sample());
    }

    /**
     * Everything a rule must satisfy before it is saved: its shape, its tags and departments, and that
     * together with the enabled rules it neither loops nor fights over a tag. {@code alreadyNamed}: the
     * tags the saved rule names now, which may stay named while deleted as long as it stays disabled.
     */
    void check(Long id, RuleDefinition rule, Set<Long> alreadyNamed) {
        // Locked: a tag found live here is not deleted before this save commits (the deletion waits,
        // then disables this rule too).
        checkShape(rule, tags.lockNamed(rule.tagIds()), alreadyNamed);
        Long taken = jdbc.sql("select id from tag_rule where lower(name) = lower(?) and deleted_at is null")
                .param(rule.name())
                .query(Long.class)
                .optional()
                .orElse(null);
        if (taken != null && !taken.equals(id)) {
            throw RefusedException.conflict("name", "RULE_NAME_TAKEN", rule.name());
        }
        checkTagsVisible(rule);
        List<RuleViews.RuleView> others = enabled().stream()
                .filter(other -> id == null || other.id() != id)
                .toList();
        List<RuleGraph.Node> nodes = new ArrayList<>();
        others.forEach(o -> nodes.add(new RuleGraph.Node(o.id(), o.name(), o.condition(), o.action())));
        nodes.add(new RuleGraph.Node(id == null ? -1 : id, rule.name(), rule.condition(), rule.action()));
        Map<Long, Set<Long>> siblings = exclusiveSiblings();
        RuleGraph graph = new RuleGraph(nodes, tag -> siblings.getOrDefault(tag, Set.of()));
        Optional<RuleGraph.Cycle> cycle = graph.oscillation();
        if (cycle.isPresent()) {
            Map<Long, String> names = tagNames(cycle.get().tags());
            List<String> tags = cycle.get().tags().stream().map(names::get).toList();
            throw RefusedException.invalid(
                            "condition",
                            "RULE_CYCLE",
                            String.join(" → ", tags),
                            String.join("、", cycle.get().rules()))
                    .withDetail("cycle", tags)
                    .withDetail("rules", cycle.get().rules());
        }
        if (rule.enabled()) {
            checkConflicts(rule, others, siblings);
        }
    }

    /**
     * The rule's own shape. Every tag it names must exist, and be live: a tag in the recycle bin is
     * {@code RULE_TAG_DELETED}, unless the rule named it already and is saved disabled (so a rule whose
     * tag was deleted can still be renamed or moved while it waits for a restore).
     */
    private void checkShape(RuleDefinition rule, Map<Long, TagCatalog.NamedTag> named, Set<Long> alreadyNamed) {
        List<Refusal> refusals = basicRefusals(rule);
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        eventChecks.check(rule.condition());
        checkNamed(rule, named, alreadyNamed);
    }

    /**
     * What is wrong with the rule's name, departments and action on their own, without reading
     * anything: the form shows these together with the clauses it could not read.
     */
    static List<Refusal> basicRefusals(RuleDefinition rule) {
        List<Refusal> refusals = new ArrayList<>();
        if (rule.name().isEmpty()) {
            refusals.add(new Refusal("name", "RULE_NAME_REQUIRED"));
        } else if (rule.name().length() > NAME_MAX) {
            refusals.add(new Refusal("name", "RULE_NAME_TOO_LONG", NAME_MAX));
        }
        DisplayNames.invisibleCharacter("name", rule.name()).ifPresent(refusals::add);
        if (rule.departments().isEmpty()) {
            refusals.add(new Refusal("departments", "RULE_DEPARTMENTS_REQUIRED"));
        }
        if (rule.action().add().isEmpty() && rule.action().remove().isEmpty()) {
            refusals.add(new Refusal("action", "RULE_ACTION_EMPTY"));
        }
        Integer shelfLife = rule.action().shelfLifeDays();
        if (shelfLife != null && (shelfLife < 1 || shelfLife > RuleJson.MAX_DAYS)) {
            refusals.add(new Refusal("action", "SHELF_LIFE_INVALID", RuleJson.MAX_DAYS));
        }
        return refusals;
    }

    private void checkNamed(RuleDefinition rule, Map<Long, TagCatalog.NamedTag> named, Set<Long> alreadyNamed) {
        Set<Long> departmentIds = new HashSet<>();
        rule.departments().forEach(d -> departmentIds.add(d.departmentId()));
        departmentIds.addAll(rule.condition().departmentIds());
        long known = departments.countExisting(departmentIds);
        if (known != departmentIds.size()) {
            throw RefusedException.invalid("departments", "RULE_DEPARTMENT_UNKNOWN");
        }
        Map<Long, String> names = new HashMap<>();
        for (long tagId : rule.tagIds()) {
            TagCatalog.NamedTag tag = named.get(tagId);
            if (tag == null) {
                throw RefusedException.invalid("action", "RULE_TAG_UNKNOWN", tagId);
            }
            if (tag.deleted() && (rule.enabled() || !alreadyNamed.contains(tagId))) {
                throw RefusedException.conflict(
                                rule.action().tagIds().contains(tagId) ? "action" : "condition",
                                "RULE_TAG_DELETED",
                                tag.name())
                        .withDetail("tagId", tagId);
            }
            names.put(tagId, tag.name());
        }
        for (long tagId : rule.action().add()) {
            if (rule.action().remove().contains(tagId)) {
                throw RefusedException.invalid("action", "RULE_ACTION_CONTRADICTS", names.get(tagId));
            }
        }
        Map<Long, Set<Long>> siblings = exclusiveSiblings();
        for (long a : rule.action().add()) {
            for (long b : rule.action().add()) {
                if (a < b && siblings.getOrDefault(a, Set.of()).contains(b)) {
                    throw RefusedException.invalid("action", "RULE_ACTION_EXCLUSIVE", names.get(a), names.get(b));
                }
            }
        }
    }

    /** Every tag the rule names must be usable in every department it applies to. */
    private void checkTagsVisible(RuleDefinition rule) {
        List<TagCatalog.Unusable> invisible = tags.unusableIn(rule.tagIds(), entries(rule));
        if (!invisible.isEmpty()) {
            TagCatalog.Unusable first = invisible.get(0);
            throw RefusedException.invalid("departments", "RULE_TAG_NOT_VISIBLE", first.tag(), first.department());
        }
    }

    /**
     * Two enabled rules that can match one member, where one adds a tag the other removes (or
     * displaces), fight over it every night, unless their conditions exclude each other.
     */
    private void checkConflicts(RuleDefinition rule, List<RuleViews.RuleView> others, Map<Long, Set<Long>> siblings) {
        RuleGraph.Node self = new RuleGraph.Node(-1, rule.name(), rule.condition(), rule.action());
        Map<Long, Boolean> mine = RuleGraph.changes(self, tag -> siblings.getOrDefault(tag, Set.of()));
        for (RuleViews.RuleView other : others) {
            Map<Long, Boolean> theirs = RuleGraph.changes(
                    new RuleGraph.Node(other.id(), other.name(), other.condition(), other.action()),
                    tag -> siblings.getOrDefault(tag, Set.of()));
            Long contested = null;
            for (Map.Entry<Long, Boolean> change : mine.entrySet()) {
                Boolean their = theirs.get(change.getKey());
                if (their != null && !their.equals(change.getValue())) {
                    contested = change.getKey();
                    break;
                }
            }
            if (contested == null
                    || RuleCondition.excludeEachOther(rule.condition(), other.condition())
                    || !mayShareMembers(rule, other.definition())) {
                continue;
            }
            throw RefusedException.invalid(
                            "action",
                            "RULE_CONFLICT",
                            other.name(),
                            tagNames(List.of(contested)).get(contested))
                    .withDetail("conflictingRule", other.name());
        }
    }

    /**
     * Whether the two rules' departments can hold one member: they overlap in the tree, or a member
     * belongs to departments of both today.
     */
    private boolean mayShareMembers(RuleDefinition a, RuleDefinition b) {
        return departments.mayShareMembers(entries(a), entries(b));
    }

    private static List<Departments.Entry> entries(RuleDefinition rule) {
        return rule.departments().stream()
                .map(d -> new Departments.Entry(d.departmentId(), d.includeSubDepartments()))
                .toList();
    }

    /** For each live tag of an exclusive group, the other live tags of its group. */
    Map<Long, Set<Long>> exclusiveSiblings() {
        return tags.exclusiveSiblings();
    }

    /** Names of live tags among these ids. */
    Map<Long, String> tagNames(Collection<Long> ids) {
        Map<Long, String> names = new LinkedHashMap<>();
        tags.named(null, ids).values().stream().filter(t -> !t.deleted()).forEach(t -> names.put(t.id(), t.name()));
        return names;
    }

    private static List<RuleViews.TagCount> counts(Map<Long, Long> byTag, Map<Long, String> names) {
        return byTag.entrySet().stream()
                .map(e -> new RuleViews.TagCount(e.getKey(), names.get(e.getKey()), e.getValue()))
                .toList();
    }

    private void saveDepartments(long id, RuleDefinition rule) {
        for (RuleDefinition.Department d : rule.departments()) {
            jdbc.sql("""
                            insert into tag_rule_department (rule_id, department_id, include_sub_departments)
                            values (?, ?, ?) on conflict (rule_id, department_id) do update
                            set include_sub_departments = excluded.include_sub_departments""")
                    .params(id, d.departmentId(), d.includeSubDepartments())
                    .update();
        }
    }

    private Map<String, Object> columns(RuleDefinition rule) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("name", rule.name());
        columns.put("enabled", rule.enabled());
        columns.put("condition", json.writeValueAsString(RuleJson.write(rule.condition())));
        columns.put("action", json.writeValueAsString(RuleJson.write(rule.action())));
        columns.put("tags", SqlArrays.ids(rule.tagIds()));
        return columns;
    }

    /** A rule row before its departments and tag names are attached. */
    private record Stored(
            long id,
            String name,
            boolean enabled,
            RuleCondition condition,
            RuleAction action,
            long version,
            String createdBy,
            java.time.Instant updatedAt) {}

    private Stored stored(ResultSet rs, int i) throws SQLException {
        return new Stored(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getBoolean("enabled"),
                RuleJson.condition(json.readTree(rs.getString("condition"))),
                RuleJson.action(json.readTree(rs.getString("action"))),
                rs.getLong("version"),
                rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant());
    }

    /**
     * Attaches departments and tag names in two statements, however many rules. With a scope, only
     * the names of tags visible in it are given; any other shows as its id. Tags no longer live are
     * listed as the rule's deleted tags, with their last name where the scope saw them.
     */
    private List<RuleViews.RuleView> views(List<Stored> rules, Scope scope) {
        if (rules.isEmpty()) {
            return List.of();
        }
        Map<Long, List<RuleViews.DepartmentRef>> departments = new HashMap<>();
        jdbc.sql("""
                        select x.rule_id, x.department_id, d.name, x.include_sub_departments
                        from tag_rule_department x join\s""" + DirectorySql.departments() + " d on d.id = x.department_id"
                        + " where x.rule_id = any(cast(:ids as bigint[])) order by d.path")
                .param("ids", SqlArrays.ids(rules.stream().map(Stored::id).toList()))
                .query(rs -> {
                    departments
                            .computeIfAbsent(rs.getLong("rule_id"), r -> new ArrayList<>())
                            .add(new RuleViews.DepartmentRef(
                                    rs.getLong("department_id"),
                                    rs.getString("name"),
                                    rs.getBoolean("include_sub_departments")));
                });
        Set<Long> tagIds = new HashSet<>();
        rules.forEach(r -> {
            tagIds.addAll(r.condition().tagIds());
            tagIds.addAll(r.action().tagIds());
        });
        Map<Long, TagCatalog.NamedTag> named = scope == null ? tags.named(null, tagIds) : tags.named(scope, tagIds);
        Map<Long, String> names = new HashMap<>();
        named.values().stream().filter(t -> !t.deleted() && t.readable()).forEach(t -> names.put(t.id(), t.name()));
        return rules.stream()
                .map(r -> new RuleViews.RuleView(
                        r.id(),
                        r.name(),
                        r.enabled(),
                        r.condition(),
                        r.action(),
                        departments.getOrDefault(r.id(), List.of()),
                        r.version(),
                        r.createdBy(),
                        r.updatedAt(),
                        names,
                        deletedTags(r, named)))
                .toList();
    }

    /** The tags the rule names that are no longer live: in the recycle bin, or purged (absent). */
    private static List<RuleViews.DeletedTag> deletedTags(Stored rule, Map<Long, TagCatalog.NamedTag> named) {
        Set<Long> ids = new java.util.LinkedHashSet<>(rule.condition().tagIds());
        ids.addAll(rule.action().tagIds());
        List<RuleViews.DeletedTag> deleted = new ArrayList<>();
        for (long id : ids) {
            TagCatalog.NamedTag tag = named.get(id);
            if (tag == null || tag.deleted()) {
                deleted.add(new RuleViews.DeletedTag(id, tag != null && tag.readable() ? tag.name() : null));
            }
        }
        return deleted;
    }

    private static Map<String, Object> state(RuleViews.RuleView rule) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", rule.name());
        state.put("enabled", rule.enabled());
        state.put("condition", RuleJson.write(rule.condition()));
        state.put("action", RuleJson.write(rule.action()));
        state.put(
                "departments",
                rule.departments().stream()
                        .map(d -> d.name() + (d.includeSubDepartments() ? "+" : ""))
                        .toList());
        return state;
    }
}
