package dev.tagdesk.transfer;

/**
 * The set-based SQL of an import, over the cells staged for one job ({@code :job}). Every query
 * resolves accounts only among members in the importer's scope ({@code :scope}) and tags only among
 * the live tags the importer may see ({@code TagVisibility.CONDITION}).
 */
final class ImportQueries {

    private ImportQueries() {}

    /** Each staged account resolved to a member in scope, or to nothing; one check per account. */
    static final String MEMBERS = """
            members as materialized (
                select a.account, m.id as member_id, m.name as member_name
                from (select distinct account from import_cell where job_id = :job) a
                left join member m on m.account = a.account and exists (
                    select 1 from member_department md join department d on d.id = md.department_id
                    where md.member_id = m.id and d.path like :scope))""";

    /** Each staged tag key resolved to a visible live tag, or to nothing; one check per key. */
    static final String TAGS = """
            tags as materialized (
                select k.tag_key, t.id as tag_id, t.name as tag_name, t.group_id
                from (select distinct tag_key from import_cell where job_id = :job and tag_key is not null) k
                left join tag t on t.normalized_name = k.tag_key and\s""" + dev.tagdesk.tag.TagVisibility.CONDITION + """
                )""";

    /** The (member, tag) pairs the file asks for, once each. */
    static final String PAIRS = """
            pairs as materialized (
                select distinct mb.member_id, tg.tag_id, tg.group_id
                from import_cell c
                join members mb on mb.account = c.account and mb.member_id is not null
                join tags tg on tg.tag_key = c.tag_key and tg.tag_id is not null
                where c.job_id = :job)""";

    /** Members asked to carry two or more tags of one exclusive group: found once, as a set. */
    static final String CONFLICTS = """
            conflicts as (
                select p.member_id, p.group_id from pairs p join tag_group g on g.id = p.group_id and g.exclusive
                group by p.member_id, p.group_id having count(*) > 1)""";

    static final String WITH = "with " + MEMBERS + ", " + TAGS + ", " + PAIRS + ", " + CONFLICTS + " ";

    /** Writes the problems the checks find for the job, in one pass over its cells. */
    static final String FIND_PROBLEMS =
            WITH + """
            insert into import_problem (job_id, line, col, code, value)
            select :job, line, col, code, left(value, 400) from (
                select distinct c.line, 2 as col, 'ACCOUNT_UNKNOWN' as code, c.account as value
                from import_cell c join members mb on mb.account = c.account
                where c.job_id = :job and mb.member_id is null and c.account <> ''
              union all
                select distinct c.line, 2, 'ACCOUNT_EMPTY', c.name
                from import_cell c where c.job_id = :job and c.account = ''
              union all
                select distinct c.line, 1, 'NAME_MISMATCH', c.name
                from import_cell c join members mb on mb.account = c.account
                where c.job_id = :job and mb.member_id is not null and c.name <> '' and c.name <> mb.member_name
              union all
                select c.line, c.col, 'TAG_UNKNOWN', c.tag_text
                from import_cell c join tags tg on tg.tag_key = c.tag_key
                where c.job_id = :job and tg.tag_id is null
              union all
                select c.line, c.col, 'TAG_NORMALISED', c.tag_text || ' → ' || tg.tag_name
                from import_cell c join tags tg on tg.tag_key = c.tag_key
                where c.job_id = :job and tg.tag_id is not null and c.tag_text <> tg.tag_name
              union all
                select c.line, c.col, 'TAG_NOT_AVAILABLE', c.tag_text
                from import_cell c
                join members mb on mb.account = c.account and mb.member_id is not null
                join tags tg on tg.tag_key = c.tag_key and tg.tag_id is not null
                join tag t on t.id = tg.tag_id
                where c.job_id = :job and not\s""" + dev.tagdesk.tag.TagVisibility.availableToMember("mb.member_id") + """

              union all
                select c.line, c.col, 'TAG_EXCLUSIVE_CONFLICT', c.tag_text
                from import_cell c
                join members mb on mb.account = c.account and mb.member_id is not null
                join tags tg on tg.tag_key = c.tag_key and tg.tag_id is not null
                join conflicts x on x.member_id = mb.member_id and x.group_id = tg.group_id
                where c.job_id = :job
              union all
                select line, 2, 'ACCOUNT_REPEATED', account from (
                    select c.line, c.account, min(c.line) over (partition by c.account) as first_line
                    from (select distinct line, account from import_cell where job_id = :job and account <> '') c) repeated
                where line > first_line
            ) problems""";

    /** The first problems, by line; a file of a million bad cells never becomes a million objects. */
    static final String PROBLEMS = """
            select line, col, code, value from import_problem where job_id = :job order by line, col, code limit :limit""";

    /** How many problems there are of each kind, however many are listed. */
    static final String PROBLEM_COUNTS = """
            select count(*) filter (where code not in (:warnings)) as errors,
                   count(*) filter (where code in (:warnings)) as warnings
            from import_problem where job_id = :job""";

    /** Assignments that would be removed: replace mode's unlisted tags and exclusive groups' old tags. */
    static final String REMOVALS = """
            removals as (
                select mt.member_id, mt.tag_id from live_member_tag mt join tag t on t.id = mt.tag_id
                where mt.member_id in (select member_id from members where member_id is not null)
                  and not exists (select 1 from pairs p where p.member_id = mt.member_id and p.tag_id = mt.tag_id)
                  and\s""" + dev.tagdesk.tag.TagVisibility.CONDITION + """

                  and (:replace or exists (
                        select 1 from pairs p join tag_group g on g.id = p.group_id
                        where g.exclusive and p.member_id = mt.member_id and p.group_id = t.group_id)))""";

    static final String COUNTS = WITH + ", " + REMOVALS + """

            select (select count(distinct member_id) from members where member_id is not null) as members,
                   (select count(*) from pairs p where not exists (
                        select 1 from live_member_tag mt where mt.member_id = p.member_id and mt.tag_id = p.tag_id)) as to_add,
                   (select count(*) from pairs p where exists (
                        select 1 from live_member_tag mt where mt.member_id = p.member_id and mt.tag_id = p.tag_id)) as unchanged,
                   (select count(*) from removals) as to_remove""";

    /** Whether the file names any tag of an exclusive group (only then can merge mode remove one). */
    static final String NAMES_EXCLUSIVE_TAGS = """
            select exists (
                select 1 from (select distinct tag_key from import_cell where job_id = :job and tag_key is not null) k
                join tag t on t.normalized_name = k.tag_key and t.deleted_at is null
                join tag_group g on g.id = t.group_id and g.exclusive)""";

    static final String APPLY_REMOVALS = WITH + ", " + REMOVALS + """

            delete from member_tag mt using removals r where mt.member_id = r.member_id and mt.tag_id = r.tag_id""";

    /**
     * Adds the listed pairs; re-listing a tag refreshes its expiry. Counts only the new assignments (an
     * assignment made now), not the refreshed ones.
     */
    static final String APPLY_ADDITIONS = WITH + """
            , applied as (
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
                select p.member_id, p.tag_id, 'IMPORT', :user, now(), """ + dev.tagdesk.tag.Assignments.SHELF_LIFE_EXPIRY + """

                from pairs p join tag t on t.id = p.tag_id
                order by p.member_id, p.tag_id"""
            + dev.tagdesk.tag.Assignments.ON_REASSIGN + """

                returning assigned_at = now() as added)
            select count(*) filter (where added) from applied""";
}
