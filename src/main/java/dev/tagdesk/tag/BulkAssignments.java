package dev.tagdesk.tag;

import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.Assignments;
import dev.tagdesk.tag.internal.TagVisibility;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Member tags written in bulk, for the import's apply and the auto-tag rules' runs: the only writer of
 * {@code member_tag} besides a person tagging one member ({@link MemberTagging}). Every method is
 * set-based (one statement for any number of members or pairs) and runs in the caller's transaction,
 * so the caller's savepoints and rollbacks cover it. The rules every writer follows hold here as for a
 * person: re-assigning a tag refreshes its expiry, a tag goes only to members whose departments may use
 * it, and a tag of an exclusive group displaces the member's sibling tag.
 *
 * <p>The caller says which members with SQL of its own ({@link Members}); this module writes its
 * table from that selection, and the visibility rule never leaves it.
 */
@Component
public class BulkAssignments {

    /**
     * The members a change applies to: the caller's subquery selecting member ids (one column,
     * {@code id}), with its named parameters. Parameter names starting with {@code bulk} are this
     * class's own.
     */
    public record Members(String sql, Map<String, Object> parameters) {}

    /** Tags to put on (with a shelf life in days overriding the tags' own, or null) and tags to take off. */
    public record Change(Collection<Long> add, Collection<Long> remove, Integer shelfLifeDays) {}

    /** What a change would do now: the members selected, assignments by tag, and up to ten accounts it changes. */
    public record Preview(long members, Map<Long, Long> addByTag, Map<Long, Long> removeByTag, List<String> sample) {}

    /**
     * The caller's record of what a change did, written in the same statement: {@code ctes} (named
     * common table expressions, each preceded by a comma) read {@code changes(member_id, tag_id)}, the
     * pairs the statement added or took off; {@code check} is one text expression the result returns
     * (the caller's verdict on those pairs, or null).
     */
    public record ChangeLog(String ctes, String check, Map<String, Object> parameters) {}

    /** What a change did: assignments added (not those only refreshed), taken off, and the log's check. */
    public record Applied(long added, long removed, String check) {}

    /** Tag {@code t} may be used on member {@code m}. */
    private static final String AVAILABLE = TagVisibility.availableToMember("m.id");

    /** Live assignments of member {@code m} (alias {@code mt}) the change takes off: removed or displaced. */
    private static final String TAKEN_OFF = """
            mt.member_id = m.id and (mt.expires_at is null or mt.expires_at > now())
              and (mt.tag_id = any(cast(:bulkRemove as bigint[])) or exists (
                    select 1 from tag t join tag_group g on g.id = t.group_id and g.exclusive
                    join tag s on s.group_id = t.group_id and s.id <> t.id
                    where t.id = any(cast(:bulkAdd as bigint[])) and t.deleted_at is null and s.id = mt.tag_id
                      and not (s.id = any(cast(:bulkAdd as bigint[]))) and\s""" + AVAILABLE + "))";

    /** Tags (alias {@code t}) the change puts on member {@code m}. */
    private static final String PUT_ON = """
            from matched m join tag t on t.id = any(cast(:bulkAdd as bigint[])) and t.deleted_at is null
            where\s""" + AVAILABLE;

    private static final String EXPIRY = """
            case when coalesce(cast(:bulkShelfLife as integer), t.shelf_life_days) is null then null
                 else now() + coalesce(cast(:bulkShelfLife as integer), t.shelf_life_days) * interval '1 day' end""";

    /**
     * Adds checked pairs; re-listing a tag refreshes its expiry. Counts only the new ones. The source
     * is written as a literal (one of {@link MemberTagging.Source}'s names), as the statement always was.
     */
    private static final String INSERT_PAIRS =
            """
            with applied as (
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
                select p.member_id, p.tag_id, '%s', ?, now(),\s""" + Assignments.SHELF_LIFE_EXPIRY + """

                from unnest(cast(? as bigint[]), cast(? as bigint[])) as p(member_id, tag_id) join tag t on t.id = p.tag_id
                order by p.member_id, p.tag_id""" + Assignments.ON_REASSIGN + """

                returning assigned_at = now() as added)
            select count(*) filter (where added) from applied""";

    private static final String DELETE_PAIRS = """
            delete from member_tag mt using unnest(cast(? as bigint[]), cast(? as bigint[])) as r(member_id, tag_id)
            where mt.member_id = r.member_id and mt.tag_id = r.tag_id""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    BulkAssignments(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Taken first by every bulk writer of assignments (an import's apply, a rule's step), until its
     * transaction ends: of two bulk writes over the same members, the second waits for the first to
     * commit, then reads and writes against its result, so they end as if made one after the other.
     */
    public void takeBulkWriteLock() {
        jdbc.sql(Assignments.TAKE_BULK_WRITE_LOCK).query(Object.class).single();
    }

    /**
     * Puts checked pairs on (member ids and tag ids, position by position) with this source, sorted by
     * key; re-listing a tag a member carries refreshes its expiry. Returns how many were new.
     */
    public long addPairs(MemberTagging.Source source, String by, List<Long> members, List<Long> tags) {
        return template.execute((ConnectionCallback<Long>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_PAIRS.formatted(source.name()))) {
                insert.setString(1, by);
                insert.setArray(2, longs(connection, members));
                insert.setArray(3, longs(connection, tags));
                try (ResultSet count = insert.executeQuery()) {
                    count.next();
                    return count.getLong(1);
                }
            }
        });
    }

    /** Takes these pairs off (member ids and tag ids, position by position); returns how many there were. */
    public long removePairs(List<Long> members, List<Long> tags) {
        return template.execute((ConnectionCallback<Long>) connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE_PAIRS)) {
                delete.setArray(1, longs(connection, members));
                delete.setArray(2, longs(connection, tags));
                return (long) delete.executeUpdate();
            }
        });
    }

    /** What the change would do to the members now, in two statements; changes nothing. */
    public Preview preview(Members members, Change change) {
        String with = "with matched as (" + members.sql() + "),"
                + " to_remove as (select mt.member_id, mt.tag_id from member_tag mt"
                + " join matched m on m.id = mt.member_id where " + TAKEN_OFF + "),"
                + " to_add as (select m.id as member_id, t.id as tag_id " + PUT_ON
                + " and not exists (select 1 from live_member_tag x where x.member_id = m.id and x.tag_id = t.id))";
        Map<String, Object> params = parameters(members, change);
        Map<Long, Long> add = new LinkedHashMap<>();
        Map<Long, Long> remove = new LinkedHashMap<>();
        long[] matched = {0};
        jdbc.sql(with + """
                         select 'add' as kind, tag_id, count(*) as n from to_add group by tag_id
                        union all select 'remove', tag_id, count(*) from to_remove group by tag_id
                        union all select 'matched', null, count(*) from matched""").params(params).query(rs -> {
            switch (rs.getString("kind")) {
                case "add" -> add.put(rs.getLong("tag_id"), rs.getLong("n"));
                case "remove" -> remove.put(rs.getLong("tag_id"), rs.getLong("n"));
                default -> matched[0] = rs.getLong("n");
            }
        });
        List<String> sample = jdbc.sql(with + " select mem.account from " + DirectorySql.members() + " mem"
                        + " where mem.id in (select member_id from to_add union select member_id from to_remove)"
                        + " order by mem.account limit 10")
                .params(params)
                .query(String.class)
                .list();
        return new Preview(matched[0], add, remove, sample);
    }

    /**
     * Applies the change to the members for a rule, in one statement: the tags it puts on carry the
     * rule's id and the source {@code RULE}. {@code mayTakeOff}: whether the change removes tags or
     * adds one of an exclusive group; when it does neither, the statement skips looking for
     * assignments to take off. The log records, in the same statement, every pair changed.
     */
    public Applied applyForRule(
            long ruleId, String by, Members members, Change change, boolean mayTakeOff, ChangeLog log) {
        Map<String, Object> params = parameters(members, change);
        params.putAll(log.parameters());
        params.put("bulkRule", ruleId);
        params.put("bulkBy", by);
        return jdbc.sql("with matched as (" + members.sql() + """
                        ),
                        removed as ("""
                        + (mayTakeOff
                                ? "delete from member_tag mt using matched m where " + TAKEN_OFF
                                        + " returning mt.member_id, mt.tag_id"
                                : "select member_id, tag_id from member_tag where false")
                        + """
                        ),
                        added as (
                            insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at, rule_id)
                            select m.id, t.id, 'RULE', :bulkBy, now(),\s""" + EXPIRY + ", :bulkRule " + PUT_ON
                        + Assignments.ON_REASSIGN + """

                            returning member_id, tag_id, assigned_at = now() as inserted),
                        changes as (
                            select member_id, tag_id from removed
                            union all select member_id, tag_id from added where inserted)""" + log.ctes() + """

                        select (select count(*) from added where inserted) as added,
                               (select count(*) from removed) as removed,
                               """ + log.check() + " as checked")
                .params(params)
                .query((rs, i) -> new Applied(rs.getLong("added"), rs.getLong("removed"), rs.getString("checked")))
                .single();
    }

    /**
     * Forgets the rules that made assignments (live and in the recycle bin): the assignments stay,
     * made by no rule. For rules being purged.
     */
    public void forgetRules(Collection<Long> ruleIds) {
        String ids = SqlArrays.ids(ruleIds);
        jdbc.sql("update member_tag set rule_id = null where rule_id = any(cast(? as bigint[]))")
                .param(ids)
                .update();
        jdbc.sql("update recycled_member_tag set rule_id = null where rule_id = any(cast(? as bigint[]))")
                .param(ids)
                .update();
    }

    private static Map<String, Object> parameters(Members members, Change change) {
        Map<String, Object> params = new LinkedHashMap<>(members.parameters());
        params.put("bulkAdd", SqlArrays.ids(change.add()));
        params.put("bulkRemove", SqlArrays.ids(change.remove()));
        params.put("bulkShelfLife", change.shelfLifeDays());
        return params;
    }

    private static Array longs(Connection connection, List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray());
    }
}
