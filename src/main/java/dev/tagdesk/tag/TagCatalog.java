package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about tags, always answered within the caller's scope. */
@Service
public class TagCatalog {

    public record TagCounts(long groups, long tags) {}

    /**
     * A tag that something else names (an auto-tag rule): its name (the last one, if deleted), whether
     * it is in the recycle bin, and whether the caller may see it (else its name must not be shown).
     */
    public record NamedTag(long id, String name, boolean deleted, boolean readable) {}

    private final JdbcClient jdbc;

    TagCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public TagCounts counts(Scope scope) {
        long groups =
                jdbc.sql("select count(*) from tag_group").query(Long.class).single();
        long tags = jdbc.sql("select count(*) from tag t where " + TagVisibility.CONDITION)
                .params(TagVisibility.parameters(scope))
                .query(Long.class)
                .single();
        return new TagCounts(groups, tags);
    }

    /**
     * The tags among these ids that exist, live or in the recycle bin, each readable or not in the
     * scope (all readable without one: TagDesk itself asks); an id that was purged (or never was) is
     * absent. In one statement.
     */
    @Transactional(readOnly = true)
    public Map<Long, NamedTag> named(Scope scope, Collection<Long> ids) {
        if (scope == null) {
            return named(ids, "true", Map.of(), "");
        }
        return named(ids, "(" + TagVisibility.LIVE_OR_IN_RECYCLE_BIN + ")", TagVisibility.parameters(scope), "");
    }

    /**
     * The same for TagDesk itself (every tag readable), each row locked until the caller's transaction
     * ends: a tag found live stays live until a rule naming it is saved or has run, because a deletion
     * waits for the lock (and one that came first is seen as deleted).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, NamedTag> lockNamed(Collection<Long> ids) {
        return named(ids, "true", Map.of(), " order by t.id for share of t");
    }

    private Map<Long, NamedTag> named(
            Collection<Long> ids, String readable, Map<String, Object> params, String orderAndLock) {
        Map<Long, NamedTag> named = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return named;
        }
        jdbc.sql("select t.id, t.name, t.deleted_at is not null as deleted, " + readable + " as readable"
                        + " from tag t where t.id = any(cast(:ids as bigint[]))" + orderAndLock)
                .param("ids", TagVisibility.idArray(ids))
                .params(params)
                .query(rs -> {
                    named.put(
                            rs.getLong("id"),
                            new NamedTag(
                                    rs.getLong("id"),
                                    rs.getString("name"),
                                    rs.getBoolean("deleted"),
                                    rs.getBoolean("readable")));
                });
        return named;
    }
}
