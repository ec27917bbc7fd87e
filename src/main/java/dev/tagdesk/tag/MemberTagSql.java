package dev.tagdesk.tag;

/**
 * The tag module's assignments as conditions in other modules' statements, where a question must be
 * answered inside one set-based statement (an auto-tag rule selecting its members by the tags they
 * carry). Only live assignments count: an expired one that the nightly job has not removed yet is as
 * good as gone. Each method returns SQL over this module's tables, built from the caller's SQL
 * expressions; nothing here writes (only {@link BulkAssignments} and {@link MemberTagging} do), and
 * nothing here decides visibility (that never leaves this module).
 */
public final class MemberTagSql {

    private MemberTagSql() {}

    /** A condition: member {@code member} carries tag {@code tag} (both SQL expressions). */
    public static String carries(String member, String tag) {
        return "exists (select 1 from live_member_tag c where c.member_id = " + member + " and c.tag_id = " + tag + ")";
    }

    /** A condition: member {@code member} has carried tag {@code tag} since {@code since} or earlier. */
    public static String carriesSince(String member, String tag, String since) {
        return "exists (select 1 from live_member_tag c where c.member_id = " + member + " and c.tag_id = " + tag
                + " and c.assigned_at <= " + since + ")";
    }
}
