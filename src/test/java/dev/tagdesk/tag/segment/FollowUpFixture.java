package dev.tagdesk.tag.segment;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a follow-up list needs, made for a test: the two 客户意向 tags (visible to 销售部 and its
 * regions, as the demo will have them), 销售部's follow-up setting, nightly runs, and assignments at
 * chosen times. Tests must not rely on the demo having the tags.
 */
public final class FollowUpFixture {

    public static final String HIGH_POTENTIAL = "意向_高潜力培育对象";
    public static final String STRONG_INTEREST = "意向_产品意向强烈";

    private final JdbcClient jdbc;

    public FollowUpFixture(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The 客户意向 group and its two tags, visible to 销售部 with its sub-departments only; 销售部's list is
     * made of them. The demo has them already (company-wide): they are narrowed here, so the tests do not
     * depend on how the demo shows them.
     */
    public FollowUpFixture intentTags() {
        long group = jdbc.sql("select id from tag_group where name = '客户意向'")
                .query(Long.class)
                .optional()
                .orElseGet(() -> jdbc.sql("insert into tag_group (name, kind, sort_order) values ('客户意向', 'DYNAMIC', 5)"
                                + " returning id")
                        .query(Long.class)
                        .single());
        tag(group, HIGH_POTENTIAL, "#E76F51");
        tag(group, STRONG_INTEREST, "#F4A261");
        jdbc.sql("delete from follow_up_tag where department_id = (select id from department where code = 'SALES')")
                .update();
        jdbc.sql("""
                        insert into follow_up_tag (department_id, tag_id)
                        select d.id, t.id from department d, tag t where d.code = 'SALES' and t.name in (?, ?)""").params(HIGH_POTENTIAL, STRONG_INTEREST).update();
        return this;
    }

    private void tag(long group, String name, String color) {
        java.util.Optional<Long> existing = jdbc.sql("select id from tag where name = ? and deleted_at is null")
                .param(name)
                .query(Long.class)
                .optional();
        if (existing.isPresent()) {
            jdbc.sql("update tag set whole_company = false where id = ?")
                    .param(existing.get())
                    .update();
            jdbc.sql("delete from tag_visibility where tag_id = ?")
                    .param(existing.get())
                    .update();
            jdbc.sql("""
                            insert into tag_visibility (tag_id, department_id, include_sub_departments)
                            select ?, id, true from department where code = 'SALES'""").param(existing.get()).update();
            return;
        }
        long id =
                jdbc.sql("""
                        insert into tag (group_id, name, normalized_name, color, whole_company)
                        values (?, ?, ?, ?, false) returning id""").params(group, name, name, color).query(Long.class).single();
        jdbc.sql("""
                        insert into tag_visibility (tag_id, department_id, include_sub_departments)
                        select ?, id, true from department where code = 'SALES'""").param(id).update();
    }

    /** A nightly run of this night that finished; returns when its window opened (23:00 China time). */
    public Instant nightlyRunFinished(LocalDate night) {
        jdbc.sql("""
                        insert into rule_run (trigger, night, started_by, started_at, finished_at, status)
                        values ('NIGHTLY', ?, 'system', ?, ?, 'DONE')""")
                .params(
                        night,
                        Timestamp.from(opens(night)),
                        Timestamp.from(opens(night).plusSeconds(3600)))
                .update();
        return opens(night);
    }

    public static Instant opens(LocalDate night) {
        return night.atTime(23, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    /** Gives the member the tag at that time (as a person would have), replacing any assignment of it. */
    public void tagged(String account, String tag, Instant at) {
        jdbc.sql("""
                        insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)
                        select m.id, t.id, 'MANUAL', 'test', ? from member m, tag t where m.account = ? and t.name = ?
                        on conflict (member_id, tag_id) do update set assigned_at = excluded.assigned_at""").params(Timestamp.from(at), account, tag).update();
    }

    /** A member of exactly this department whom the demo has not given any of these tags. */
    public String memberOf(String code, int rank) {
        return jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id
                        where d.code = ? and (select count(*) from member_department x where x.member_id = m.id) = 1
                        order by m.account offset ? limit 1""").params(code, rank).query(String.class).single();
    }
}
