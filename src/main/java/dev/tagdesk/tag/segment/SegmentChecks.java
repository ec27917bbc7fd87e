package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.UserSql;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a segment may name and where it may be shared. A segment names only live tags the caller sees
 * and departments inside the caller's scope; any other id is refused exactly like one that does not
 * exist ({@code SEGMENT_TAG_UNKNOWN}, {@code SEGMENT_DEPARTMENT_UNKNOWN}, naming the path of the clause),
 * so a refusal confirms nothing outside the scope. A share goes to departments inside the sharer's
 * scope, and only where the department's own people could open it: they see every tag it names and
 * every department it names lies in their subtree ({@code SEGMENT_SHARE_NOT_READABLE} otherwise).
 */
@Component
class SegmentChecks {

    static final int NAME_MAX = 64;
    static final int SHARES_MAX = 50;

    private final JdbcClient jdbc;

    SegmentChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The refusals of a name: required, at most 64 characters, no invisible characters. */
    static List<Refusal> name(String name) {
        List<Refusal> refusals = new ArrayList<>();
        if (name == null || name.isBlank()) {
            refusals.add(new Refusal("name", "SEGMENT_NAME_REQUIRED"));
        } else if (name.length() > NAME_MAX) {
            refusals.add(new Refusal("name", "SEGMENT_NAME_TOO_LONG", NAME_MAX));
        }
        DisplayNames.invisibleCharacter("name", name).ifPresent(refusals::add);
        return refusals;
    }

    /** Every tag and department the expression names is one the caller may name, else the first that is not is refused. */
    void references(Scope scope, SegmentExpression expression) {
        if (SegmentJson.size(expression) > SegmentJson.MAX_TOTAL) {
            // the builder's form can hold more than the JSON may (50 groups of 50)
            throw RefusedException.invalid(SegmentJson.ROOT, "SEGMENT_EXPRESSION_TOO_LARGE", SegmentJson.MAX_TOTAL);
        }
        Set<Long> tags = visibleLiveTags(scope, expression.tagIds());
        Set<Long> departments = departmentsInScope(scope, expression.departmentIds());
        for (var clause : SegmentJson.namingClauses(expression).entrySet()) {
            Long tag = SegmentJson.tagOf(clause.getValue());
            if (tag != null && !tags.contains(tag)) {
                throw RefusedException.invalid(clause.getKey(), "SEGMENT_TAG_UNKNOWN", tag);
            }
            if (clause.getValue() instanceof SegmentExpression.InDepartment d
                    && !departments.contains(d.departmentId())) {
                throw RefusedException.invalid(clause.getKey(), "SEGMENT_DEPARTMENT_UNKNOWN", d.departmentId());
            }
        }
    }

    /**
     * The departments to share with, each inside the sharer's scope (else "unknown", like a missing
     * one) and each able to read the segment; none of them twice.
     */
    List<Long> shares(Scope scope, SegmentExpression expression, Collection<Long> departmentIds) {
        List<Long> wanted = new ArrayList<>(new LinkedHashSet<>(departmentIds));
        wanted.removeIf(java.util.Objects::isNull);
        if (wanted.size() > SHARES_MAX) {
            throw RefusedException.invalid("sharedWith", "SEGMENT_SHARES_TOO_MANY", SHARES_MAX);
        }
        Map<Long, String[]> targets = new java.util.HashMap<>();
        jdbc.sql("select d.id, d.name, d.path from " + DirectorySql.departments()
                        + " d where d.id = any(cast(:ids as bigint[])) and d.path like :scope")
                .param("ids", SqlArrays.ids(wanted))
                .param("scope", scope.pathPattern())
                .query(rs -> {
                    targets.put(rs.getLong("id"), new String[] {rs.getString("name"), rs.getString("path")});
                });
        for (Long id : wanted) {
            String[] target = targets.get(id);
            if (target == null) {
                throw RefusedException.invalid("sharedWith", "SEGMENT_DEPARTMENT_UNKNOWN", id);
            }
            unreadableFor(expression, Scope.of("share", Role.OPS, id, target[1]))
                    .ifPresent(what -> {
                        throw RefusedException.invalid("sharedWith", "SEGMENT_SHARE_NOT_READABLE", target[0], what);
                    });
        }
        return wanted;
    }

    /** The first tag (「name」) or department the people of a department could not see, if any. */
    private java.util.Optional<String> unreadableFor(SegmentExpression expression, Scope target) {
        List<String> tags = jdbc.sql("select t.name from tag t where t.id = any(cast(:ids as bigint[])) and not ("
                        + TagVisibility.CONDITION + " or " + TagVisibility.IN_RECYCLE_BIN
                        + ") order by t.normalized_name")
                .params(TagVisibility.parameters(target))
                .param("ids", SqlArrays.ids(expression.tagIds()))
                .query(String.class)
                .list();
        if (!tags.isEmpty()) {
            return java.util.Optional.of("「" + tags.get(0) + "」");
        }
        return jdbc
                .sql("select d.name from " + DirectorySql.departments() + " d where d.id = any(cast(:ids as bigint[]))"
                        + " and d.path not like :path order by d.path")
                .param("ids", SqlArrays.ids(expression.departmentIds()))
                .param("path", target.pathPattern())
                .query(String.class)
                .list()
                .stream()
                .findFirst();
    }

    /** Refused (409) when the owner already has another segment of this name, whatever its case. */
    void nameFree(long ownerId, String name, Long except) {
        long taken = jdbc.sql("select count(*) from segment where owner_id = :owner and lower(name) = lower(:name)"
                        + " and (cast(:except as bigint) is null or id <> :except)")
                .param("owner", ownerId)
                .param("name", name)
                .param("except", except)
                .query(Long.class)
                .single();
        if (taken > 0) {
            throw RefusedException.conflict("name", "SEGMENT_NAME_TAKEN", name);
        }
    }

    /** The logged-in user's id, for ownership. */
    long userId(Scope scope) {
        return jdbc.sql("select u.id from " + UserSql.users() + " u where u.username = :name")
                .param("name", scope.username())
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("user", scope.username()));
    }

    private Set<Long> visibleLiveTags(Scope scope, Set<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select t.id from tag t where t.id = any(cast(:ids as bigint[])) and "
                        + TagVisibility.CONDITION)
                .params(TagVisibility.parameters(scope))
                .param("ids", SqlArrays.ids(ids))
                .query(Long.class)
                .list());
    }

    private Set<Long> departmentsInScope(Scope scope, Set<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select d.id from " + DirectorySql.departments()
                        + " d where d.id = any(cast(:ids as bigint[])) and d.path like :scope")
                .param("ids", SqlArrays.ids(ids))
                .param("scope", scope.pathPattern())
                .query(Long.class)
                .list());
    }
}
