package dev.tagdesk.tag.internal;

/**
 * The SQL every writer of assignments shares (a person, the API, an import, a rule), so that they all
 * follow one rule: re-assigning a tag refreshes its expiry, and an expired assignment that the nightly
 * job has not removed yet is replaced as if it were new. The writers are the tag module's own
 * ({@code MemberTagging}, {@code BulkAssignments}); other modules write through them.
 */
public final class Assignments {

    /** The conflict clause for {@code insert into member_tag (…, expires_at, rule_id) …}. */
    public static final String ON_REASSIGN = """
             on conflict (member_id, tag_id) do update set
                source = case when member_tag.expires_at <= now() then excluded.source else member_tag.source end,
                assigned_by = case when member_tag.expires_at <= now() then excluded.assigned_by else member_tag.assigned_by end,
                assigned_at = case when member_tag.expires_at <= now() then excluded.assigned_at else member_tag.assigned_at end,
                rule_id = case when member_tag.expires_at <= now() then excluded.rule_id else member_tag.rule_id end,
                expires_at = excluded.expires_at
            where member_tag.expires_at <= now()
               or (excluded.expires_at is not null and excluded.expires_at is distinct from member_tag.expires_at)""";

    /** When an assignment of tag {@code t} made now expires under the tag's shelf life (an SQL expression). */
    public static final String SHELF_LIFE_EXPIRY =
            "case when t.shelf_life_days is null then null else now() + t.shelf_life_days * interval '1 day' end";

    /**
     * Taken first by every bulk writer of assignments (an import's apply, a rule's step), until its
     * transaction ends: of two bulk writes over the same members, the second waits for the first to
     * commit, then reads and writes against its result, so they end as if made one after the other.
     * Without it a replace could take off the rows a concurrent writer refreshed yet keep the rows it
     * inserted beside them: a mix no order of the two gives. (The key is "tdimprt" in ASCII.)
     */
    public static final String TAKE_BULK_WRITE_LOCK = "select pg_advisory_xact_lock(32761501268865652)";

    private Assignments() {}
}
