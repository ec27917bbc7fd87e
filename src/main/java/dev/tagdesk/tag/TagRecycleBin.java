package dev.tagdesk.tag;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.UserAdministration;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagRuleReferences.RuleReference;
import dev.tagdesk.tag.TagViews.Warning;
import dev.tagdesk.tag.internal.TagVisibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deleting tags to the recycle bin (回收站) and restoring them. A deleted tag keeps its row and its
 * visibility; its member assignments move to {@code recycled_member_tag}, so live reads never see
 * them and a restore brings them back as they were. After the retention a daily job purges it.
 * Every statement works on the whole selection at once, not tag by tag.
 */
@Service
public class TagRecycleBin {

    /** A tag selected for deletion: what the confirmation page lists. */
    public record Candidate(
            long id, String name, String groupName, String color, long memberCount, boolean inUse, boolean mayDelete) {}

    /** What a deletion did: the tags now in the recycle bin, assignments moved with them, rules disabled. */
    public record Deleted(List<Long> deleted, long detached, List<Long> disabledRules) {}

    /**
     * The auto-tag rules naming the selected tags: the ones the caller may read ({@code shown}),
     * whether there are any at all, and whether the caller may disable them by deleting the tags.
     */
    public record ReferringRules(List<RuleReference> shown, boolean any, boolean mayDisable) {

        /** The shown rules' names, for a refusal: 「a」、「b」. */
        public String names() {
            return shown.stream().map(r -> "「" + r.name() + "」").collect(Collectors.joining("、"));
        }

        public long enabledCount() {
            return shown.stream().filter(RuleReference::enabled).count();
        }
    }

    /**
     * What a selection of tags carries, counted within the caller's scope: the distinct members, and
     * the assignments (a member carrying two of the tags is one member and two assignments).
     */
    public record Carried(long members, long assignments) {}

    /** The confirmation page of a deletion: the tags, and what they carry together. */
    public record Confirmation(List<Candidate> candidates, Carried carried) {}

    /** A tag in the recycle bin. */
    public record Recycled(
            long id,
            String name,
            String groupName,
            String color,
            Instant deletedAt,
            String deletedBy,
            Instant purgedAfter,
            long memberCount,
            boolean nameTaken) {}

    /** What a restore did: the tag's name now, assignments brought back, and those an exclusive group kept out. */
    public record Restored(long id, String name, long restored, long skipped) {}

    /** Members of the caller's subtree, for counts that reveal nothing outside it. */
    private static final String MEMBERS_IN_SCOPE = TagQueries.MEMBERS_IN_SCOPE;

    /** Tags an OPS user may not delete: company-wide ones, and those visible beyond their subtree. */
    private static final String BEYOND_SCOPE = """
            (t.whole_company or not exists (select 1 from tag_visibility v where v.tag_id = t.id)
             or exists (select 1 from tag_visibility v join\s""" + DirectorySql.departments() + " d on d.id = v.department_id"
            + " where v.tag_id = t.id and d.path not like :homePath || '%'))";

    private final JdbcClient jdbc;
    private final TagService tags;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<TagRuleReferences> ruleReferences;
    private final UserAdministration users;
    private final int retentionDays;

    TagRecycleBin(
            JdbcClient jdbc,
            TagService tags,
            ApplicationEventPublisher events,
            ObjectProvider<TagRuleReferences> ruleReferences,
            UserAdministration users,
            @Value("${tagdesk.recycle-bin.retention-days:30}") int retentionDays) {
        this.jdbc = jdbc;
        this.tags = tags;
        this.events = events;
        this.ruleReferences = ruleReferences;
        this.users = users;
        this.retentionDays = retentionDays;
    }

    public int retentionDays() {
        return retentionDays;
    }

    /** The selected tags with their member counts (in scope); an id outside the scope is a 404. */
    @Transactional(readOnly = true)
    public List<Candidate> candidates(Scope scope, List<Long> ids) {
        List<Candidate> found = jdbc.sql(
                        """
                        select t.id, t.name, g.name as group_name, t.color,
                               case when :seesAll then (select count(*) from live_member_tag mt where mt.tag_id = t.id)
                                    else (select count(*) from live_member_tag mt where mt.tag_id = t.id
                                          and mt.member_id in (""" + MEMBERS_IN_SCOPE + """
                                   )) end as member_count,
                               exists (select 1 from live_member_tag mt where mt.tag_id = t.id) as in_use,
                               (:admin or (:ops and not""" + " " + BEYOND_SCOPE + """
                               )) as may_delete
                        from tag t join tag_group g on g.id = t.group_id
                        where t.id = any(cast(:ids as bigint[])) and\s""" + TagVisibility.CONDITION + """
                        order by g.sort_order, t.normalized_name""")
                .params(parameters(scope, ids))
                .query((rs, i) -> new Candidate(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("group_name"),
                        rs.getString("color"),
                        rs.getLong("member_count"),
                        rs.getBoolean("in_use"),
                        rs.getBoolean("may_delete")))
                .list();
        requireAllFound(ids, found.stream().map(Candidate::id).toList());
        return found;
    }

    /** The selected tags and what they carry together; an id outside the scope is a 404. */
    @Transactional(readOnly = true)
    public Confirmation confirmation(Scope scope, List<Long> ids) {
        List<Candidate> candidates = candidates(scope, ids);
        return new Confirmation(
                candidates,
                carried(scope, candidates.stream().map(Candidate::id).toList()));
    }

    /** Distinct members and assignments of these (visible) tags, in scope, in one statement. */
    private Carried carried(Scope scope, List<Long> ids) {
        return jdbc.sql("""
                        select count(distinct mt.member_id), count(*) from live_member_tag mt
                        where mt.tag_id = any(cast(:ids as bigint[]))
                          and (:seesAll or mt.member_id in (""" + MEMBERS_IN_SCOPE + "))")
                .params(parameters(scope, ids))
                .query((rs, i) -> new Carried(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /**
     * The auto-tag rules naming any of these tags: those the caller may read (by name), whether there
     * are any at all, and whether the caller may disable them (admins; rules are theirs to change).
     */
    @Transactional(readOnly = true)
    public ReferringRules referringRules(Scope scope, List<Long> ids) {
        List<RuleReference> all = ruleReferences
                .orderedStream()
                .flatMap(references -> references.rulesNaming(scope, ids).stream())
                .toList();
        return new ReferringRules(
                all.stream().filter(RuleReference::readable).toList(), !all.isEmpty(), scope.may(Action.MANAGE_RULES));
    }

    /**
     * Deletes the tags to the recycle bin, all or none. Tags in use are deleted only with {@code
     * detach} ("also remove them from N members"); otherwise {@code TAG_IN_USE} lists them. Tags an
     * auto-tag rule names are deleted only by an admin with {@code disableRules}, and the rules are
     * disabled with them ({@link TagsDeleted}); otherwise {@code TAG_NAMED_BY_RULES} (or, for anyone
     * but an admin, {@code TAG_NAMED_BY_RULES_ADMIN}) lists the rules.
     */
    @Transactional
    public Deleted delete(Scope scope, long userId, List<Long> ids, boolean detach, boolean disableRules) {
        if (ids.isEmpty()) {
            throw RefusedException.invalid("ids", "TAG_DELETE_NONE");
        }
        List<Candidate> candidates = candidates(scope, ids);
        List<String> notAllowed = candidates.stream()
                .filter(c -> !c.mayDelete())
                .map(Candidate::name)
                .toList();
        if (!notAllowed.isEmpty()) {
            throw new RefusedException(
                    403, List.of(new Refusal("ids", "TAG_DELETE_NOT_ALLOWED", String.join("、", notAllowed))));
        }
        List<Long> tagIds = candidates.stream().map(Candidate::id).toList();
        // In use means any assignment at all, counted without the scope: a tag is never deleted from
        // under members its deleter cannot see without the tick.
        Map<Long, Long> inUse = new LinkedHashMap<>();
        jdbc.sql(
                        "select tag_id, count(*) from live_member_tag where tag_id = any(cast(:ids as bigint[])) group by tag_id")
                .param("ids", array(tagIds))
                .query(rs -> {
                    inUse.put(rs.getLong(1), rs.getLong(2));
                });
        List<Refusal> unanswered = new ArrayList<>();
        if (!detach && !inUse.isEmpty()) {
            String listed = candidates.stream()
                    .filter(c -> inUse.containsKey(c.id()))
                    .map(c -> c.name() + " (" + c.memberCount() + ")")
                    .reduce((a, b) -> a + "、" + b)
                    .orElse("");
            Carried carried = carried(scope, List.copyOf(inUse.keySet()));
            unanswered.add(new Refusal("detach", "TAG_IN_USE", carried.members(), listed, carried.assignments()));
        }
        ReferringRules rules = referringRules(scope, tagIds);
        if (rules.any() && !rules.mayDisable()) {
            unanswered.add(new Refusal("disableRules", "TAG_NAMED_BY_RULES_ADMIN", rules.names()));
        } else if (rules.any() && !disableRules) {
            unanswered.add(new Refusal(
                    "disableRules", "TAG_NAMED_BY_RULES", rules.shown().size(), rules.names()));
        }
        if (!unanswered.isEmpty()) {
            RefusedException refused = new RefusedException(409, unanswered);
            if (rules.any()) {
                refused = refused.withDetail(
                        "rules",
                        rules.shown().stream()
                                .map(r -> Map.of("id", r.id(), "name", r.name(), "enabled", r.enabled()))
                                .toList());
            }
            throw refused;
        }
        // The tags first, locked in id order (as rule runs and rule saves lock them to check them): they
        // stay locked until commit, so a rule step or a rule save that checks them waits and then sees
        // them deleted, and no rule puts them on members meanwhile.
        jdbc.sql("""
                        update tag set deleted_at = now(), deleted_by = :user, version = version + 1,
                            updated_at = now(), updated_by = :username
                        where id in (select id from tag where id = any(cast(:ids as bigint[])) and deleted_at is null
                                     order by id for no key update)""")
                .param("user", userId)
                .param("username", scope.username())
                .param("ids", array(tagIds))
                .update();
        long detached = jdbc.sql("""
                        with moved as (delete from member_tag where tag_id = any(cast(:ids as bigint[])) returning *)
                        insert into recycled_member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at, rule_id)
                        select member_id, tag_id, source, assigned_by, assigned_at, expires_at, rule_id from moved""").param("ids", array(tagIds)).update();
        // The rules naming them are disabled (and audited) by their module, in this transaction.
        events.publishEvent(new TagsDeleted(tagIds));
        List<Long> disabledRules = rules.shown().stream()
                .filter(RuleReference::enabled)
                .map(RuleReference::id)
                .toList();
        for (Candidate c : candidates) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("name", c.name());
            before.put("group", c.groupName());
            before.put("members", inUse.getOrDefault(c.id(), 0L));
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("recycleBin", true);
            after.put("detached", detach);
            if (rules.any()) {
                after.put("rulesDisabled", disabledRules);
            }
            events.publishEvent(AuditRecord.of("TAG_DELETED", "tag", c.id(), before, after));
        }
        return new Deleted(tagIds, detached, disabledRules);
    }

    /** The tags in the recycle bin that were visible in the caller's scope, latest deleted first. */
    @Transactional(readOnly = true)
    public Page<Recycled> list(Scope scope, int page, int size) {
        int pageSize = size <= 0 ? 50 : Math.min(size, 200);
        Map<String, Object> params = parameters(scope, List.of());
        params.put("days", retentionDays);
        params.put("size", pageSize);
        params.put("offset", (long) Page.number(page) * pageSize);
        List<Recycled> items = jdbc.sql("""
                        select t.id, t.name, g.name as group_name, t.color, t.deleted_at, t.deleted_by,
                               t.deleted_at + make_interval(days => :days) as purged_after,
                               case when :seesAll then (select count(*) from recycled_member_tag r where r.tag_id = t.id)
                                    else (select count(*) from recycled_member_tag r where r.tag_id = t.id
                                          and r.member_id in (""" + MEMBERS_IN_SCOPE + """
                                   )) end as member_count,
                               exists (select 1 from tag live where live.normalized_name = t.normalized_name
                                       and live.deleted_at is null) as name_taken
                        from tag t join tag_group g on g.id = t.group_id
                        where\s""" + TagVisibility.IN_RECYCLE_BIN + """
                        order by t.deleted_at desc, t.id desc limit :size offset :offset""")
                .params(params)
                .query((rs, i) -> new Recycled(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("group_name"),
                        rs.getString("color"),
                        rs.getTimestamp("deleted_at").toInstant(),
                        rs.getString("deleted_by"),
                        rs.getTimestamp("purged_after").toInstant(),
                        rs.getLong("member_count"),
                        rs.getBoolean("name_taken")))
                .list();
        // Who deleted each tag: a user id in the row, a name from the access module (one statement).
        Map<Long, String> names = users.usernames(items.stream()
                .filter(r -> r.deletedBy() != null)
                .map(r -> Long.valueOf(r.deletedBy()))
                .toList());
        items = items.stream()
                .map(r -> new Recycled(
                        r.id(),
                        r.name(),
                        r.groupName(),
                        r.color(),
                        r.deletedAt(),
                        r.deletedBy() == null ? null : names.get(Long.valueOf(r.deletedBy())),
                        r.purgedAfter(),
                        r.memberCount(),
                        r.nameTaken()))
                .toList();
        long total = jdbc.sql("select count(*) from tag t where " + TagVisibility.IN_RECYCLE_BIN)
                .params(params)
                .query(Long.class)
                .single();
        return new Page<>(items, page, pageSize, total);
    }

    /**
     * Brings a tag back from the recycle bin with its visibility and its member assignments. Refused
     * with {@code TAG_RESTORE_NAME_TAKEN} if a live tag took the name meanwhile, unless a new name
     * (checked by the naming policy) is given. An assignment whose member meanwhile got another tag of
     * the same exclusive group stays out, and is counted as skipped.
     */
    @Transactional
    public Restored restore(Scope scope, long id, String newName) {
        Map<String, Object> params = parameters(scope, List.of(id));
        params.put("id", id);
        Map<String, Object> tag = jdbc
                .sql("""
                        select t.id, t.name, t.group_id, (:admin or (:ops and not""" + " " + BEYOND_SCOPE + """
                        )) as may_restore
                        from tag t where t.id = :id and\s""" + TagVisibility.IN_RECYCLE_BIN)
                .params(params)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("tag", id));
        if (!Boolean.TRUE.equals(tag.get("may_restore"))) {
            throw new AccessDeniedException("This user may not restore this tag");
        }
        String name = (String) tag.get("name");
        String key = TagNames.key(name);
        boolean rename = newName != null && !newName.isBlank();
        if (rename) {
            List<Refusal> refusals = new ArrayList<>();
            TagGroup group = tags.groupEntity(((Number) tag.get("group_id")).longValue());
            var verdict = tags.checkName(newName, group, id, refusals, new ArrayList<Warning>());
            if (!refusals.isEmpty()) {
                throw new RefusedException(400, refusals);
            }
            name = verdict.name();
            key = verdict.key();
        } else if (jdbc.sql("select exists (select 1 from tag where normalized_name = ? and deleted_at is null)")
                .param(key)
                .query(Boolean.class)
                .single()) {
            throw RefusedException.conflict("newName", "TAG_RESTORE_NAME_TAKEN", name);
        }
        jdbc.sql("""
                        update tag set deleted_at = null, deleted_by = null, name = :name, normalized_name = :key,
                            version = version + 1, updated_at = now(), updated_by = :username
                        where id = :id""")
                .param("name", name)
                .param("key", key)
                .param("username", scope.username())
                .param("id", id)
                .update();
        long waiting = jdbc.sql("select count(*) from recycled_member_tag where tag_id = ?")
                .param(id)
                .query(Long.class)
                .single();
        long restored = jdbc.sql("""
                        with back as (delete from recycled_member_tag where tag_id = :id returning *)
                        insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at, rule_id)
                        select b.member_id, b.tag_id, b.source, b.assigned_by, b.assigned_at, b.expires_at, b.rule_id from back b
                        where not exists (
                            select 1 from live_member_tag other join tag ot on ot.id = other.tag_id
                            join tag_group g on g.id = ot.group_id and g.exclusive
                            where other.member_id = b.member_id and ot.group_id = :groupId and ot.id <> b.tag_id)
                        on conflict (member_id, tag_id) do nothing""")
                .param("id", id)
                .param("groupId", tag.get("group_id"))
                .update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("name", name);
        after.put("restored", restored);
        after.put("skipped", waiting - restored);
        events.publishEvent(AuditRecord.of("TAG_RESTORED", "tag", id, Map.of("name", tag.get("name")), after));
        return new Restored(id, name, restored, waiting - restored);
    }

    /** Purges the tags deleted longer ago than the retention, with their kept assignments; every night. */
    @Scheduled(cron = "${tagdesk.recycle-bin.purge-cron:0 30 3 * * *}", zone = "${tagdesk.zone:Asia/Shanghai}")
    @SchedulerLock(name = "tag-recycle-bin-purge")
    @Transactional
    public int purgeExpired() {
        List<Map<String, Object>> purged =
                jdbc.sql("""
                        delete from tag where deleted_at < now() - make_interval(days => ?) returning id, name""").param(retentionDays).query().listOfRows();
        if (!purged.isEmpty()) {
            events.publishEvent(new AuditRecord(
                    "TAG_PURGED",
                    "tag",
                    null,
                    null,
                    Map.of(
                            "count",
                            purged.size(),
                            "tags",
                            purged.stream()
                                    .map(r -> r.get("id") + " " + r.get("name"))
                                    .toList()),
                    "system"));
        }
        return purged.size();
    }

    private static Map<String, Object> parameters(Scope scope, List<Long> ids) {
        Map<String, Object> params = new HashMap<>(TagVisibility.parameters(scope));
        params.put("ids", array(ids));
        // Restoring: whoever manages tags company-wide restores any; within a subtree, only tags no wider.
        params.put("admin", scope.may(Action.MANAGE_TAGS) && scope.isWholeCompany());
        params.put("ops", scope.may(Action.MANAGE_TAGS) && !scope.isWholeCompany());
        return params;
    }

    private static void requireAllFound(List<Long> asked, List<Long> found) {
        for (Long id : asked) {
            if (!found.contains(id)) {
                throw new NotFoundException("tag", id);
            }
        }
    }

    private static String array(List<Long> ids) {
        return SqlArrays.ids(ids);
    }
}
