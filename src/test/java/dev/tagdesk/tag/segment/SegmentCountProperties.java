package dev.tagdesk.tag.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.WebTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A segment's count (and its members, walked by keyset) equals a brute-force count on generated data:
 * members in random departments of the demo tree with random assignments of six tags, got at random
 * times, some expired; random expressions of all-of, any-of and none-of over "has", "lacks", "got
 * within N days" and "belongs to a department (with or without its sub-departments)", nested; and a
 * company-wide or departmental scope. The brute force is plain Java over the same data.
 *
 * <p>QuickTheories, like the project's other properties: a failure prints the smallest world and
 * expression it shrank to and the seed ({@code -DQT_SEED=…} runs it again).
 */
@WebTest
class SegmentCountProperties {

    static final int TAGS = 6;

    /** Times are whole hours ago plus half an hour, so no assignment sits on a day boundary. */
    record Assigned(int tag, int hoursAgo, String expiry) {}

    record GeneratedMember(List<Integer> departments, List<Assigned> assignments) {}

    record Department(long id, String path) {}

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate jdbcTemplate;

    @Autowired
    SegmentMembers members;

    List<Long> tags = new ArrayList<>();
    List<Department> departments = new ArrayList<>();
    List<Scope> scopes = new ArrayList<>();

    @BeforeEach
    void emptyOrganisationWithSixTags() {
        reset.toDemoData();
        jdbc.sql("delete from member").update();
        long group = jdbc.sql("select min(id) from tag_group").query(Long.class).single();
        for (int i = 0; i < TAGS; i++) {
            tags.add(jdbc.sql("""
                            insert into tag (group_id, name, normalized_name, color, whole_company)
                            values (?, ?, ?, '#1E6FD9', true) returning id""")
                    .params(group, "性质_" + i, "性质_" + i)
                    .query(Long.class)
                    .single());
        }
        jdbc.sql("select id, path from department order by code").query(rs -> {
            departments.add(new Department(rs.getLong(1), rs.getString(2)));
        });
        scopes.add(Scope.of("admin", Role.ADMIN, null, Scope.WHOLE_COMPANY));
        for (String code : List.of("SALES", "SALES-E", "PUR")) {
            jdbc.sql("select id, path from department where code = ?")
                    .param(code)
                    .query(rs -> {
                        scopes.add(Scope.of("ops", Role.OPS, rs.getLong(1), rs.getString(2)));
                    });
        }
    }

    @AfterEach
    void demoDataAgain() {
        reset.toDemoData();
    }

    @Test
    void aSegmentsCountAndItsMembersEqualABruteForceCount() {
        qt().withExamples(200)
                .forAll(worlds(), expressions(3), Generate.range(0, 3))
                .checkAssert((world, expression, scopeIndex) -> {
                    Instant now = Instant.now();
                    List<String> accounts = store(world, now);
                    Scope scope = scopes.get(scopeIndex);
                    Set<String> expected = new LinkedHashSet<>();
                    for (int i = 0; i < world.size(); i++) {
                        GeneratedMember member = world.get(i);
                        if (inScope(member, scope) && holds(expression, member, now)) {
                            expected.add(accounts.get(i));
                        }
                    }
                    SegmentSql sql = SegmentSql.of(expression, scope, now);
                    assertThat(members.count(sql)).as("count of " + expression).isEqualTo(expected.size());
                    assertThat(walked(sql, expression))
                            .as("members of " + expression)
                            .isEqualTo(expected);
                });
    }

    /** Every member read by keyset, four at a time; none twice. */
    private Set<String> walked(SegmentSql sql, SegmentExpression expression) {
        Set<String> walked = new HashSet<>();
        MemberCursor cursor = MemberCursor.START;
        while (true) {
            List<SegmentViews.SegmentMember> page = members.after(sql, expression.carriedTagIds(), cursor, 4);
            for (SegmentViews.SegmentMember member : page.subList(0, Math.min(4, page.size()))) {
                assertThat(walked.add(member.account()))
                        .as("read once: " + member.account())
                        .isTrue();
            }
            if (page.size() <= 4) {
                return walked;
            }
            cursor = new MemberCursor(page.get(3).id());
        }
    }

    // --- the brute force ----------------------------------------------------------------------

    private boolean inScope(GeneratedMember member, Scope scope) {
        return member.departments().stream()
                .anyMatch(d -> scope.covers(departments.get(d).path()));
    }

    private boolean holds(SegmentExpression e, GeneratedMember member, Instant now) {
        if (e instanceof SegmentExpression.All all) {
            return all.clauses().stream().allMatch(c -> holds(c, member, now));
        }
        if (e instanceof SegmentExpression.Any any) {
            return any.clauses().stream().anyMatch(c -> holds(c, member, now));
        }
        if (e instanceof SegmentExpression.None none) {
            return none.clauses().stream().noneMatch(c -> holds(c, member, now));
        }
        if (e instanceof SegmentExpression.HasTag has) {
            return carried(member, has.tagId(), now) != null;
        }
        if (e instanceof SegmentExpression.LacksTag lacks) {
            return carried(member, lacks.tagId(), now) == null;
        }
        if (e instanceof SegmentExpression.TaggedWithinDays within) {
            Instant got = carried(member, within.tagId(), now);
            return got != null && got.isAfter(now.minus(Duration.ofDays(within.days())));
        }
        SegmentExpression.InDepartment in = (SegmentExpression.InDepartment) e;
        String path = departments.stream()
                .filter(d -> d.id() == in.departmentId())
                .map(Department::path)
                .findFirst()
                .orElse(null);
        return member.departments().stream()
                .map(departments::get)
                .anyMatch(d -> d.id() == in.departmentId()
                        || in.includeSubDepartments()
                                && path != null
                                && d.path().startsWith(path));
    }

    /** When the member got the tag, if they carry it (an expired assignment is not carried). */
    private Instant carried(GeneratedMember member, long tagId, Instant now) {
        for (Assigned a : unique(member.assignments())) {
            if (tags.get(a.tag()) == tagId && !a.expiry().equals("PAST")) {
                return at(a, now);
            }
        }
        return null;
    }

    private static Instant at(Assigned a, Instant now) {
        return now.minus(Duration.ofHours(a.hoursAgo())).minus(Duration.ofMinutes(30));
    }

    /** A member carries a tag once: the first assignment of each tag counts. */
    private static List<Assigned> unique(List<Assigned> assignments) {
        Map<Integer, Assigned> first = new LinkedHashMap<>();
        assignments.forEach(a -> first.putIfAbsent(a.tag(), a));
        return new ArrayList<>(first.values());
    }

    // --- the data -----------------------------------------------------------------------------

    /** Replaces the members with the world's; returns their accounts, in order. */
    private List<String> store(List<GeneratedMember> world, Instant now) {
        jdbc.sql("delete from member").update();
        List<String> accounts = new ArrayList<>();
        List<Object[]> memberships = new ArrayList<>();
        List<Object[]> assignments = new ArrayList<>();
        for (int i = 0; i < world.size(); i++) {
            String account = "prop." + i;
            accounts.add(account);
            long id = jdbc.sql("insert into member (account, name) values (?, ?) returning id")
                    .params(account, "属性" + i)
                    .query(Long.class)
                    .single();
            new LinkedHashSet<>(world.get(i).departments())
                    .forEach(d ->
                            memberships.add(new Object[] {id, departments.get(d).id()}));
            for (Assigned a : unique(world.get(i).assignments())) {
                Timestamp expires =
                        switch (a.expiry()) {
                            case "PAST" -> Timestamp.from(now.minus(Duration.ofMinutes(10)));
                            case "FUTURE" -> Timestamp.from(now.plus(Duration.ofDays(10)));
                            default -> null;
                        };
                assignments.add(new Object[] {id, tags.get(a.tag()), Timestamp.from(at(a, now)), expires});
            }
        }
        jdbcTemplate.batchUpdate("insert into member_department (member_id, department_id) values (?, ?)", memberships);
        jdbcTemplate.batchUpdate(
                "insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)"
                        + " values (?, ?, 'MANUAL', 'property', ?, ?)",
                assignments);
        return accounts;
    }

    private Gen<List<GeneratedMember>> worlds() {
        Gen<Integer> department = Generate.range(0, 8);
        Gen<Assigned> assigned = Generate.range(0, TAGS - 1)
                .zip(
                        Generate.range(0, 24 * 12),
                        Generate.pick(List.of("NONE", "NONE", "FUTURE", "PAST")),
                        Assigned::new);
        Gen<GeneratedMember> member = lists().of(department)
                .ofSizeBetween(1, 2)
                .zip(lists().of(assigned).ofSizeBetween(0, 4), GeneratedMember::new);
        return lists().of(member).ofSizeBetween(0, 30);
    }

    private Gen<SegmentExpression> expressions(int depth) {
        Gen<Integer> tag = Generate.range(0, TAGS - 1);
        Gen<SegmentExpression> has = tag.map(t -> new SegmentExpression.HasTag(tags.get(t)));
        Gen<SegmentExpression> lacks = tag.map(t -> new SegmentExpression.LacksTag(tags.get(t)));
        Gen<SegmentExpression> within =
                tag.zip(Generate.range(1, 12), (t, d) -> new SegmentExpression.TaggedWithinDays(tags.get(t), d));
        // a department of the tree, or one that no longer exists
        Gen<SegmentExpression> in = Generate.range(0, departments.size())
                .zip(
                        Generate.booleans(),
                        (d, sub) -> new SegmentExpression.InDepartment(
                                d < departments.size() ? departments.get(d).id() : 987654321L, sub));
        Gen<SegmentExpression> leaf = Generate.oneOf(has, lacks, within, in);
        if (depth == 0) {
            return leaf;
        }
        // The shapes a count takes short cuts for: any-of carried tags (counted from the tag index),
        // and lacks / none-of carried tags (every member but their carriers).
        Gen<SegmentExpression> carried = Generate.oneOf(has, within);
        Gen<SegmentExpression> anyCarried =
                lists().of(carried).ofSizeBetween(1, 3).map(SegmentExpression.Any::new);
        Gen<SegmentExpression> noneCarried =
                lists().of(carried).ofSizeBetween(1, 3).map(SegmentExpression.None::new);
        Gen<SegmentExpression> allLacking = lists().of(Generate.oneOf(lacks, noneCarried))
                .ofSizeBetween(1, 3)
                .map(SegmentExpression.All::new);
        Gen<SegmentExpression> group = lists().of(expressions(depth - 1))
                .ofSizeBetween(1, 3)
                .zip(Generate.pick(List.of("all", "any", "none")), (clauses, kind) -> switch (kind) {
                    case "all" -> new SegmentExpression.All(clauses);
                    case "any" -> new SegmentExpression.Any(clauses);
                    default -> new SegmentExpression.None(clauses);
                });
        return Generate.frequency(
                org.quicktheories.api.Pair.of(2, leaf),
                org.quicktheories.api.Pair.of(4, group),
                org.quicktheories.api.Pair.of(1, anyCarried),
                org.quicktheories.api.Pair.of(1, noneCarried),
                org.quicktheories.api.Pair.of(1, allLacking));
    }
}
