package dev.tagdesk.support;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.transfer.ImportRunner;
import dev.tagdesk.transfer.MemberTagImports;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hostile text in every place a user, an import or a directory sync can put text: markup, attribute
 * breakers, a {@code javascript:} URL and template-injection probes as the names of tags (and their
 * descriptions), tag groups, departments, members, auto-tag rules, rule runs, import files and rows, audit
 * entries, forbidden name prefixes and the names rows record of who did something. Written with SQL straight into the
 * demo data, as a sync or legacy data would, past the naming rules the forms apply.
 *
 * <p>Departments: {@code D1} (payload 0) under 总公司, the others under it, so the OPS user whose home is
 * {@code D1} sees them all and admins see them within the pickers' three levels.
 */
@Component
public class HostileData {

    public static final String SCRIPT = "<script>alert(1)</script>";
    public static final String IMG = "\"><img src=x onerror=alert(1)>";
    public static final String ATTRIBUTE = "' onmouseover='alert(1)";
    public static final String JAVASCRIPT_URL = "javascript:alert(1)";
    public static final String TEXTAREA = "</textarea><svg onload=alert(1)>";
    public static final String MUSTACHE = "{{7*7}}";
    public static final String THYMELEAF_INLINE = "[[${7*7}]]";
    public static final String THYMELEAF_UNESCAPED_INLINE = "[(${7*7})]";
    public static final String THYMELEAF_PREPROCESSING = "__${7*7}__";

    /** Every payload; each is at most 32 characters, the longest name a tag group may have. */
    public static final List<String> PAYLOADS = List.of(
            SCRIPT,
            IMG,
            ATTRIBUTE,
            JAVASCRIPT_URL,
            TEXTAREA,
            MUSTACHE,
            THYMELEAF_INLINE,
            THYMELEAF_UNESCAPED_INLINE,
            THYMELEAF_PREPROCESSING);

    /**
     * The OPS user whose home is the first hostile department. A user name cannot be hostile (the
     * database keeps names to a-z, 0-9 and . _ -), so this one is plain.
     */
    public static final String OPS_USER = "ops.xss";

    /**
     * A hostile name where rows record who did something as text (who assigned a tag, wrote a rule,
     * started a run): written by a sync or kept from before user names were restricted.
     */
    public static final String HOSTILE_ACTOR = "ops" + IMG;

    /** Members whose accounts are hostile: the API refuses such accounts, a sync might not. */
    public static final List<String> HOSTILE_ACCOUNTS = List.of(JAVASCRIPT_URL, "xss" + IMG);

    /** What was seeded, by payload index. */
    public record Seeded(
            List<Long> tagIds,
            List<Long> recycledTagIds,
            List<Long> groupIds,
            List<Long> departmentIds,
            List<String> accounts,
            List<Long> ruleIds,
            List<Long> importIds) {

        /** The account of the member in every hostile department who carries every hostile tag. */
        public String everything() {
            return "xss.all";
        }
    }

    private final JdbcClient jdbc;
    private final DemoUsers users;
    private final CurrentScope scopes;
    private final ImportRunner imports;

    HostileData(JdbcClient jdbc, DemoUsers users, CurrentScope scopes, ImportRunner imports) {
        this.jdbc = jdbc;
        this.users = users;
        this.scopes = scopes;
        this.imports = imports;
    }

    public Seeded seed() {
        long admin = users.user("admin").id();
        List<Long> departments = departments();
        jdbc.sql("""
                        insert into app_user (username, password_hash, role, department_id)
                        select ?, password_hash, 'OPS', ? from app_user where username = 'ops.sales'""").params(OPS_USER, departments.get(0)).update();
        List<Long> groups = new ArrayList<>();
        List<Long> tags = new ArrayList<>();
        List<Long> recycled = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String payload = PAYLOADS.get(i);
            long group = insert(
                    "insert into tag_group (name, kind, sort_order) values (?, 'STATIC', ?) returning id",
                    payload,
                    100 + i);
            groups.add(group);
            String color = String.format(Locale.ROOT, "#%02X%02X%02X", 20 + 25 * i, 200 - 15 * i, 90 + 10 * i);
            tags.add(insert("""
                    insert into tag (group_id, name, normalized_name, color, description, whole_company, created_by)
                    values (?, ?, ?, ?, ?, true, ?) returning id""", group, payload, payload.toLowerCase(Locale.ROOT), color, payload, admin));
            // The same name in the recycle bin: a deleted tag keeps its name.
            recycled.add(insert("""
                    insert into tag (group_id, name, normalized_name, color, description, whole_company, created_by,
                                     deleted_at, deleted_by)
                    values (?, ?, ?, ?, ?, true, ?, now(), ?) returning id""", group, payload, payload.toLowerCase(Locale.ROOT), color, payload, admin, admin));
        }
        List<String> accounts = members(departments, tags);
        List<Long> rules = rules(departments, tags);
        ruleRun(rules);
        auditEvents();
        jdbc.sql("update tag_policy set name_forbidden_prefixes = ?")
                .param("# @ " + String.join(" ", PAYLOADS))
                .update();
        List<Long> importIds = imports(accounts);
        return new Seeded(tags, recycled, groups, departments, accounts, rules, importIds);
    }

    private List<Long> departments() {
        long hq = jdbc.sql("select id from department where code = 'HQ'")
                .query(Long.class)
                .single();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            long parent = i == 0 ? hq : ids.get(0);
            long id = insert("""
                    insert into department (name, code, parent_id, path, depth)
                    select ?, ?, p.id, p.path || 'pending-' || ? || '/', p.depth + 1 from department p where p.id = ?
                    returning id""", PAYLOADS.get(i), "XSS-" + (i + 1), i, parent);
            jdbc.sql(
                            "update department set path = (select p.path from department p where p.id = ?) || id || '/' where id = ?")
                    .params(parent, id)
                    .update();
            ids.add(id);
        }
        return ids;
    }

    /** Member i is named payload i and carries tag i; xss.all is in every hostile department with every tag. */
    private List<String> members(List<Long> departments, List<Long> tags) {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String account = "xss." + (i + 1);
            long member = member(account, PAYLOADS.get(i), departments.get(i));
            jdbc.sql("insert into member_tag (member_id, tag_id, source, assigned_by) values (?, ?, 'MANUAL', ?)")
                    .params(member, tags.get(i), HOSTILE_ACTOR)
                    .update();
            accounts.add(account);
        }
        long everything = member("xss.all", "全部恶意数据", departments.get(0));
        for (int i = 1; i < departments.size(); i++) {
            jdbc.sql("insert into member_department (member_id, department_id) values (?, ?)")
                    .params(everything, departments.get(i))
                    .update();
        }
        for (long tag : tags) {
            jdbc.sql("insert into member_tag (member_id, tag_id, source, assigned_by) values (?, ?, 'MANUAL', ?)")
                    .params(everything, tag, HOSTILE_ACTOR)
                    .update();
        }
        for (String account : HOSTILE_ACCOUNTS) {
            member(account, "账号异常", departments.get(0));
            accounts.add(account);
        }
        return accounts;
    }

    private long member(String account, String name, long department) {
        long id = insert(
                "insert into member (account, name, status, last_active_at) values (?, ?, 'ACTIVE', now()) returning id",
                account,
                name);
        jdbc.sql("insert into member_department (member_id, department_id) values (?, ?)")
                .params(id, department)
                .update();
        return id;
    }

    /** Rule i is named payload i: "has tag i, in department i" adds tag i+1, for D1 and below. */
    private List<Long> rules(List<Long> departments, List<Long> tags) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            long has = tags.get(i);
            long add = tags.get((i + 1) % tags.size());
            long id = insert(
                    """
                    insert into tag_rule (name, enabled, condition, action, tag_ids, created_by)
                    values (?, false, cast(? as jsonb), cast(? as jsonb), cast(? as bigint[]), ?) returning id""",
                    PAYLOADS.get(i),
                    "{\"all\":[{\"hasTag\":" + has + "},{\"departmentId\":" + departments.get(i)
                            + ",\"includeSubDepartments\":true}]}",
                    "{\"add\":[" + add + "],\"remove\":[],\"shelfLifeDays\":null}",
                    "{" + has + "," + add + "}",
                    HOSTILE_ACTOR);
            jdbc.sql(
                            "insert into tag_rule_department (rule_id, department_id, include_sub_departments) values (?, ?, true)")
                    .params(id, departments.get(0))
                    .update();
            ids.add(id);
        }
        // xss.all got each tag from rule i.
        jdbc.sql("""
                        update member_tag mt set source = 'RULE', rule_id = r.id
                        from tag_rule r, member m
                        where m.account = 'xss.all' and mt.member_id = m.id and mt.tag_id = r.tag_ids[1]
                          and r.id = any(cast(? as bigint[]))""").param(ids.toArray(Long[]::new)).update();
        return ids;
    }

    /** A failed run whose steps name every hostile rule and whose reason names hostile tags. */
    private void ruleRun(List<Long> rules) {
        long run = insert("""
                insert into rule_run (trigger, started_by, finished_at, status, reason, reason_args)
                values ('MANUAL', ?, now(), 'FAILED', 'CHANGED_TWICE', ?) returning id""", HOSTILE_ACTOR, String.join("\u001f", SCRIPT, "xss.1", IMG));
        for (int i = 0; i < rules.size(); i++) {
            jdbc.sql("""
                            insert into rule_run_step (run_id, rule_id, rule_name, pass, position, added, status)
                            values (?, ?, ?, 1, ?, 1, 'DONE')""").params(run, rules.get(i), PAYLOADS.get(i), i).update();
        }
    }

    private void auditEvents() {
        for (String payload : PAYLOADS) {
            jdbc.sql("""
                            insert into audit_event (actor, action, target_type, target_id, before_state, after_state)
                            values (?, 'TAG_UPDATED', 'tag', ?, jsonb_build_object('name', cast(? as text)),
                                    jsonb_build_object('name', cast(? as text), 'description', cast(? as text)))""")
                    .params(HOSTILE_ACTOR, payload, payload, payload, payload)
                    .update();
        }
    }

    /**
     * One import per payload, uploaded by the OPS user, its file named by the payload; every row
     * names a hostile account and an unknown tag made of a payload, so the report lists each payload.
     */
    private List<Long> imports(List<String> accounts) {
        StringBuilder file = new StringBuilder("\uFEFF姓名,账号,标签1\r\n");
        for (String payload : PAYLOADS) {
            file.append("某人,")
                    .append(CsvWriter.cell(payload))
                    .append(',')
                    .append(CsvWriter.cell("未知:" + payload))
                    .append("\r\n");
        }
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        var scope = scopes.of(users.user(OPS_USER));
        List<Long> ids = new ArrayList<>();
        for (String payload : PAYLOADS) {
            try {
                ids.add(imports.preview(
                                scope,
                                payload + ".csv",
                                new ByteArrayInputStream(bytes),
                                bytes.length,
                                MemberTagImports.Mode.MERGE,
                                false)
                        .id());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private long insert(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
