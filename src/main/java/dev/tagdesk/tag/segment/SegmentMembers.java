package dev.tagdesk.tag.segment;

import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.segment.SegmentViews.SegmentMember;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The members of a compiled segment: how many, a page of them in the order a person asks for, a page
 * after a keyset cursor (the API), or all of them one at a time (the export, from a server-side
 * cursor). Each member comes with the newest of the segment's tags they carry and when they got it.
 * The callers hold the transaction.
 */
@Component
class SegmentMembers {

    /** The orders a member list offers: newest tag first (the default), oldest first, by account, by name. */
    enum Order {
        NEWEST("got.assigned_at desc nulls last, m.account"),
        OLDEST("got.assigned_at asc nulls last, m.account"),
        ACCOUNT("m.account"),
        NAME("m.name, m.account");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }

        /** From a list's {@code sort} parameter ({@code -taggedAt}, {@code taggedAt}, {@code account}, {@code name}). */
        static Order of(String sort) {
            if (sort == null) {
                return NEWEST;
            }
            return switch (sort) {
                case "taggedAt" -> OLDEST;
                case "account" -> ACCOUNT;
                case "name" -> NAME;
                default -> NEWEST;
            };
        }
    }

    /** Rows fetched at a time by the export's cursor. */
    private static final int FETCH_SIZE = 2_000;

    private final JdbcClient jdbc;
    private final JdbcClient cursor;

    SegmentMembers(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(FETCH_SIZE);
        this.cursor = JdbcClient.create(streaming);
    }

    /**
     * Plans each statement for its own values, in the caller's transaction. A segment's statement
     * is prepared on the server once run a few times, and PostgreSQL may then switch to a plan for
     * any values: one that does not know whether a tag is carried by 200 members or 100,000, or which
     * department a path is, and reads every department or assignment (a count of 20 ms took 650 ms).
     */
    private void planForTheseValues() {
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
    }

    long count(SegmentSql sql) {
        planForTheseValues();
        return jdbc.sql(sql.countFromAssignments()
                        .orElse("select count(*) from " + DirectorySql.members() + " m where " + sql.condition()))
                .params(sql.params())
                .query(Long.class)
                .single();
    }

    /** One page in a person's order: two statements whatever the page size. */
    Page<SegmentMember> page(SegmentSql sql, Collection<Long> carried, Order order, int page, int size) {
        planForTheseValues();
        int from = Page.number(page);
        List<SegmentMember> rows = jdbc.sql(select() + " where " + sql.condition() + " order by " + order.sql
                        + " limit :limit offset :offset")
                .params(sql.params())
                .param("carried", SqlArrays.ids(carried))
                .param("limit", size)
                .param("offset", (long) from * size)
                .query(SegmentMembers::member)
                .list();
        return new Page<>(rows, from, size, count(sql));
    }

    /** Up to {@code size} members after the cursor, in id order (and one more, to tell whether there is a next page). */
    List<SegmentMember> after(SegmentSql sql, Collection<Long> carried, MemberCursor after, int size) {
        planForTheseValues();
        return jdbc.sql(select() + " where m.id > :after and " + sql.condition() + " order by m.id limit :limit")
                .params(sql.params())
                .param("carried", SqlArrays.ids(carried))
                .param("after", after.afterId())
                .param("limit", size + 1)
                .query(SegmentMembers::member)
                .list();
    }

    /** Every member, newest tag first, one at a time from a server-side cursor (inside a transaction). */
    void each(SegmentSql sql, Collection<Long> carried, Consumer<SegmentMember> each) {
        planForTheseValues();
        cursor.sql(select() + " where " + sql.condition() + " order by " + Order.NEWEST.sql)
                .params(sql.params())
                .param("carried", SqlArrays.ids(carried))
                .query(rs -> {
                    each.accept(member(rs, 0));
                });
    }

    /** The members with the newest assignment of a carried tag (at most one row each: a lateral limit 1). */
    private static String select() {
        return """
                select m.id, m.account, m.name, got.tag_id, got.tag_name, got.color, got.assigned_at
                from\s""" + DirectorySql.members() + """
                 m
                left join lateral (
                    select lt.tag_id, t.name as tag_name, t.color, lt.assigned_at
                    from live_member_tag lt join tag t on t.id = lt.tag_id
                    where lt.member_id = m.id and lt.tag_id = any(cast(:carried as bigint[]))
                    order by lt.assigned_at desc, lt.tag_id limit 1) got on true""";
    }

    private static SegmentMember member(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp("assigned_at");
        return new SegmentMember(
                rs.getLong("id"),
                rs.getString("account"),
                rs.getString("name"),
                (Long) rs.getObject("tag_id"),
                rs.getString("tag_name"),
                rs.getString("color"),
                at == null ? null : at.toInstant());
    }
}
