package dev.tagdesk.bench;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The benchmark organisation, generated set-based on top of the demo data: 10,049 departments,
 * 200,320 members, 2,031 tags, about 1,000,000 assignments, and an OPS user {@code ops.bench}.
 */
public final class ScaleData {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    public ScaleData(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    /** Set-based SQL: the generation itself takes seconds, not minutes. */
    public void generate() {
        jdbc.sql("""
                insert into department (name, code, parent_id, path, depth)
                select '事业部' || n, 'DIV-' || n, hq.id, '/tmp-div-' || n || '/', 1
                from generate_series(1, 40) n, (select id from department where code = 'HQ') hq""").update();
        fixPaths();
        jdbc.sql("""
                insert into department (name, code, parent_id, path, depth)
                select d.name || '_部' || n, d.code || '-' || n, d.id, '/tmp-' || d.code || '-' || n || '/', 2
                from department d, generate_series(1, 25) n where d.code like 'DIV-%'""").update();
        fixPaths();
        jdbc.sql("""
                insert into department (name, code, parent_id, path, depth)
                select d.name || '_组' || n, 'T' || d.code || '-' || n, d.id, '/tmp-T' || d.code || '-' || n || '/', 3
                from department d, generate_series(1, 9) n where d.code like 'DIV-%-%'""").update();
        fixPaths();

        jdbc.sql("""
                insert into member (account, name, status, last_active_at)
                select 'bench.' || n, '成员' || n, 'ACTIVE', now() - (n % 30) * interval '1 day'
                from generate_series(1, 200000) n""").update();
        jdbc.sql("""
                with teams as (select id, row_number() over (order by id) - 1 as i from department where code like 'TDIV-%'),
                     team_count as (select count(*) as c from teams)
                insert into member_department (member_id, department_id)
                select m.id, t.id from member m cross join team_count tc
                join teams t on t.i = (m.id % tc.c)
                where m.account like 'bench.%'""").update();

        jdbc.sql("""
                insert into tag (group_id, name, normalized_name, color, whole_company, created_by)
                select (select id from tag_group order by id limit 1 offset (n % 4)),
                       'BENCH_' || n || '_标签', 'bench_' || n || '_标签',
                       '#' || upper(lpad(to_hex((n * 2654435761 % 16777216)::int), 6, '0')),
                       n % 10 = 0, (select id from app_user where username = 'admin')
                from generate_series(1, 2000) n""").update();
        // Each department-scoped tag is visible to one division (with sub-departments) and one team.
        jdbc.sql("""
                with divs as (select id, row_number() over (order by id) - 1 as i from department where code ~ '^DIV-[0-9]+$'),
                     teams as (select id, row_number() over (order by id) - 1 as i from department where code like 'TDIV-%')
                insert into tag_visibility (tag_id, department_id, include_sub_departments)
                select t.id, d.id, true from tag t join divs d on d.i = t.id % 40
                where t.name like 'BENCH_%' and not t.whole_company
                union all
                select t.id, tm.id, false from tag t join teams tm on tm.i = (t.id * 7) % 9000
                where t.name like 'BENCH_%' and not t.whole_company""").update();

        jdbc.sql("""
                insert into member_tag (member_id, tag_id, source, assigned_by)
                select m.id, bt.ids[1 + ((m.id * k * 7919) % array_length(bt.ids, 1))], 'IMPORT', 'bench'
                from member m, generate_series(1, 5) k,
                     (select array_agg(id order by id) as ids from tag where name like 'BENCH_%') bt
                where m.account like 'bench.%'
                on conflict do nothing""").update();

        long home = jdbc.sql("select id from department where code = 'DIV-1-1'").query(Long.class).single();
        jdbc.sql("insert into app_user (username, password_hash, role, department_id) values ('ops.bench', ?, 'OPS', ?)")
                .params(passwords.encode("tagdesk-demo"), home)
                .update();
        // As autovacuum would have by now: visibility maps let counts use index-only scans. Right after
        // the bulk load an autovacuum analyze may hold an older snapshot, so try again until it took.
        for (int attempt = 0; attempt < 15; attempt++) {
            jdbc.sql("vacuum (freeze, analyze)").update();
            boolean allVisible = jdbc.sql("select relallvisible >= relpages * 0.99 from pg_class where relname = 'member_tag'")
                    .query(Boolean.class)
                    .single();
            if (allVisible) {
                break;
            }
            sleep(2000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fixPaths() {
        jdbc.sql("""
                update department d set path = p.path || d.id || '/'
                from department p where d.parent_id = p.id and d.path like '/tmp-%'""").update();
    }

}
