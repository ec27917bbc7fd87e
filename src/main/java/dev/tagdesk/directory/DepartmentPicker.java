package dev.tagdesk.directory;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.NotFoundException;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The department tree a form offers for choosing departments (a tag's visibility, the departments a
 * rule applies to, a rule's "member of department" clause), at any depth. A picker opens with the top
 * of the caller's scope and its first level, plus the way down to every department already chosen;
 * the rest is loaded a level at a time as the user opens a department, so a tree of thousands stays a
 * small page. Nothing outside the caller's scope is ever shown, and asking for the children of a
 * department outside it answers "not found".
 */
@Service
public class DepartmentPicker {

    /**
     * A department in a picker. {@code children} is {@code null} while they are not loaded (the user
     * opens the department to load them); {@code hasChildren} says whether there are any.
     */
    public record Node(long id, String name, boolean hasChildren, List<Node> children) {

        public boolean expanded() {
            return children != null;
        }
    }

    /**
     * What a picker posts: the name of the chosen departments, of the include-sub-departments switches
     * (none for a single choice, which has one switch of its own beside the tree), and the prefix of
     * its element ids, with what is chosen now. Names and prefixes come back from the browser when a
     * department is opened, so they are held to a plain shape.
     */
    public record Fields(
            String name, String sub, String prefix, boolean single, Set<Long> chosen, Set<Long> chosenSub) {

        private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\[\\]]{0,99}");
        private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,59}");

        public Fields {
            sub = sub == null || sub.isEmpty() || single ? null : sub;
            chosen = chosen == null ? Set.of() : Set.copyOf(chosen);
            chosenSub = chosenSub == null ? Set.of() : Set.copyOf(chosenSub);
        }

        /** A picker of several departments, each with its own include-sub-departments switch. */
        public static Fields many(
                String name, String sub, String prefix, Collection<Long> chosen, Collection<Long> chosenSub) {
            return new Fields(name, sub, prefix, false, nonNull(chosen), nonNull(chosenSub));
        }

        /** A picker of one department. */
        public static Fields one(String name, String prefix, Long chosen) {
            return new Fields(name, null, prefix, true, chosen == null ? Set.of() : Set.of(chosen), Set.of());
        }

        /** Whether names and prefix have the shape this picker writes (anything else is a forged request). */
        public boolean wellFormed() {
            return name != null
                    && NAME.matcher(name).matches()
                    && (sub == null || NAME.matcher(sub).matches())
                    && prefix != null
                    && PREFIX.matcher(prefix).matches();
        }

        private static Set<Long> nonNull(Collection<Long> ids) {
            Set<Long> set = new HashSet<>();
            if (ids != null) {
                ids.stream().filter(java.util.Objects::nonNull).forEach(set::add);
            }
            return set;
        }
    }

    /** Siblings in the order a Chinese reader expects (by pinyin), as on the department page. */
    private static final Comparator<Node> BY_NAME =
            Comparator.comparing(Node::name, Collator.getInstance(Locale.CHINA));

    private final JdbcClient jdbc;

    DepartmentPicker(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The tree a picker opens with: the top of the caller's scope, its first level, and every
     * department on the way down to a chosen one opened. Two statements whatever the tree's size.
     */
    @Transactional(readOnly = true)
    public List<Node> opening(Scope scope, Collection<Long> chosen) {
        Set<Long> opened = ancestorsOf(scope, chosen);
        int topDepth = topDepth(scope);
        List<Row> rows = jdbc.sql("""
                        select d.id, d.name, d.parent_id, d.depth,
                               exists (select 1 from department c where c.parent_id = d.id) as has_children
                        from department d
                        where d.path like :scope and (d.depth <= :firstLevel or d.parent_id in (:opened))""")
                .param("scope", scope.pathPattern())
                .param("firstLevel", topDepth + 1)
                .param("opened", opened.isEmpty() ? List.of(-1L) : opened)
                .query((rs, i) -> new Row(
                        rs.getLong("id"),
                        rs.getString("name"),
                        (Long) rs.getObject("parent_id"),
                        rs.getInt("depth"),
                        rs.getBoolean("has_children")))
                .list();
        Map<Long, List<Row>> childrenOf = new LinkedHashMap<>();
        List<Row> top = new ArrayList<>();
        for (Row row : rows) {
            if (row.depth() == topDepth) {
                top.add(row);
            } else {
                childrenOf
                        .computeIfAbsent(row.parentId(), k -> new ArrayList<>())
                        .add(row);
            }
        }
        return nodes(top, childrenOf, opened, topDepth);
    }

    /** The children of a department in the caller's scope; one outside it is "not found", like a missing one. */
    @Transactional(readOnly = true)
    public List<Node> children(Scope scope, long parentId) {
        boolean inScope = jdbc.sql("select count(*) from department where id = :id and path like :scope")
                        .param("id", parentId)
                        .param("scope", scope.pathPattern())
                        .query(Long.class)
                        .single()
                > 0;
        if (!inScope) {
            throw new NotFoundException("department", parentId);
        }
        return jdbc
                .sql("""
                        select d.id, d.name,
                               exists (select 1 from department c where c.parent_id = d.id) as has_children
                        from department d where d.parent_id = :id and d.path like :scope""")
                .param("id", parentId)
                .param("scope", scope.pathPattern())
                .query((rs, i) -> new Node(rs.getLong("id"), rs.getString("name"), rs.getBoolean("has_children"), null))
                .list()
                .stream()
                .sorted(BY_NAME)
                .toList();
    }

    /** The names of these departments that lie in the caller's scope, by id, in one statement. */
    @Transactional(readOnly = true)
    public Map<Long, String> names(Scope scope, Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.sql("select id, name from department where id in (:ids) and path like :scope")
                .param("ids", List.copyOf(new HashSet<>(ids)))
                .param("scope", scope.pathPattern())
                .query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return names;
    }

    private record Row(long id, String name, Long parentId, int depth, boolean hasChildren) {}

    /** The departments above the chosen ones (inside the scope), which the picker opens to show them. */
    private Set<Long> ancestorsOf(Scope scope, Collection<Long> chosen) {
        Set<Long> ids = new HashSet<>();
        List<Long> wanted = chosen == null
                ? List.of()
                : chosen.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (wanted.isEmpty()) {
            return ids;
        }
        List<String> paths = jdbc.sql("select path from department where id in (:ids) and path like :scope")
                .param("ids", wanted)
                .param("scope", scope.pathPattern())
                .query(String.class)
                .list();
        for (String path : paths) {
            String[] parts = path.split("/");
            // "/1/4/9/" → 1 and 4 (the department itself is not opened)
            for (int i = 1; i < parts.length - 1; i++) {
                ids.add(Long.parseLong(parts[i]));
            }
        }
        return ids;
    }

    /** The depth of the scope's top: 0 for company-wide roles, the home department's for the others. */
    private static int topDepth(Scope scope) {
        return scope.isWholeCompany()
                ? 0
                : (int) scope.subtreePath().chars().filter(c -> c == '/').count() - 2;
    }

    private static List<Node> nodes(List<Row> level, Map<Long, List<Row>> childrenOf, Set<Long> opened, int topDepth) {
        List<Node> nodes = new ArrayList<>();
        for (Row row : level) {
            boolean open = row.depth() == topDepth || opened.contains(row.id());
            List<Node> children = open && row.hasChildren()
                    ? nodes(childrenOf.getOrDefault(row.id(), List.of()), childrenOf, opened, topDepth)
                    : open ? List.of() : null;
            nodes.add(new Node(row.id(), row.name(), row.hasChildren(), children));
        }
        nodes.sort(BY_NAME);
        return nodes;
    }
}
