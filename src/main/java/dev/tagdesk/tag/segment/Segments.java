package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.UserSql;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
import dev.tagdesk.tag.segment.SegmentViews.SegmentView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saved segments (人群): list, read, create, change, share and delete, each audited. Admins and
 * operations staff make segments; an auditor reads them. Who reads a segment: its owner, admins and
 * auditors, and the operations staff of a department it is shared with (or of one of its
 * sub-departments). Whoever reads it must also see every tag it names and have every department it
 * names in their scope: a segment naming anything else answers 404, exactly like a missing one.
 */
@Service
public class Segments {

    /**
     * The one SQL condition for "segment {@code s} is readable in this scope" (with {@link #parameters}):
     * its owner, a company-wide role, or a share with the home department or one of its ancestors;
     * and nothing it names outside the scope (a tag in the recycle bin counts as named as it was; a tag
     * purged or a department deleted since names nothing).
     */
    static final String READABLE =
            """
            ((:seesAll or s.owner_id = (select me.id from\s""" + UserSql.users() + """
             me where me.username = :me)
                 or exists (select 1 from segment_share sh where sh.segment_id = s.id
                            and sh.department_id = any(cast(:ancestors as bigint[]))))
             and not exists (select 1 from unnest(s.tag_ids) as named(id) join tag t on t.id = named.id
                             where not (""" + TagVisibility.CONDITION + " or " + TagVisibility.IN_RECYCLE_BIN + """
                            ))
             and not exists (select 1 from unnest(s.department_ids) as named_d(id)
                             join\s"""
                    + DirectorySql.departments() + " nd on nd.id = named_d.id where nd.path not like :scopePattern))";

    private static final String SELECT = """
            select s.id, s.name, s.expression::text as expression, u.username as owner, s.owner_id,
                   s.created_at, s.updated_at, s.version,
                   (:manages and (:admin or s.owner_id = (select me.id from\s""" + UserSql.users() + """
             me where me.username = :me))) as may_edit,
                   array(select sh.department_id from segment_share sh join\s""" + DirectorySql.departments() + """
             shd on shd.id = sh.department_id
                         where sh.segment_id = s.id and shd.path like :scopePattern order by shd.path) as shared_with
            from segment s join\s"""
            + UserSql.users() + " u on u.id = s.owner_id";

    /** A segment as it is saved: its name, its expression and, if given, whom it is shared with. */
    public record SegmentDefinition(String name, SegmentExpression expression, List<Long> sharedWith) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SegmentChecks checks;
    private final ApplicationEventPublisher events;

    Segments(JdbcClient jdbc, JsonMapper json, SegmentChecks checks, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.checks = checks;
        this.events = events;
    }

    /** Admins and operations staff make segments; auditors read them. */
    public boolean mayCreate(Scope scope) {
        return scope.may(Action.MANAGE_SEGMENTS);
    }

    /** The segments the caller may read, by name, paged. */
    @Transactional(readOnly = true)
    public Page<SegmentView> list(Scope scope, int page, int size) {
        scope.require(Action.READ_SEGMENTS);
        int from = Page.number(page);
        int shown = Page.size(size);
        List<SegmentView> rows = jdbc.sql(
                        SELECT + " where " + READABLE + " order by lower(s.name), s.id limit :limit offset :offset")
                .params(parameters(scope))
                .param("limit", shown)
                .param("offset", (long) from * shown)
                .query(this::view)
                .list();
        long total = jdbc.sql("select count(*) from segment s where " + READABLE)
                .params(parameters(scope))
                .query(Long.class)
                .single();
        return new Page<>(rows, from, shown, total);
    }

    /** A segment the caller may read; one they may not is as missing as one that does not exist. */
    @Transactional(readOnly = true)
    public SegmentView get(Scope scope, long id) {
        scope.require(Action.READ_SEGMENTS);
        return find(scope, id).orElseThrow(() -> new NotFoundException("segment", id));
    }

    private Optional<SegmentView> find(Scope scope, long id) {
        return jdbc.sql(SELECT + " where s.id = :id and " + READABLE)
                .params(parameters(scope))
                .param("id", id)
                .query(this::view)
                .optional();
    }

    @Transactional
    public SegmentView create(Scope scope, SegmentDefinition segment) {
        scope.require(Action.MANAGE_SEGMENTS);
        String name = checked(scope, segment);
        long owner = checks.userId(scope);
        checks.nameFree(owner, name, null);
        List<Long> shares = shares(scope, segment, List.of());
        long id = jdbc.sql("""
                        insert into segment (name, expression, tag_ids, department_ids, owner_id)
                        values (:name, cast(:expression as jsonb), cast(:tags as bigint[]), cast(:departments as bigint[]), :owner)
                        returning id""")
                .params(columns(name, segment.expression()))
                .param("owner", owner)
                .query(Long.class)
                .single();
        writeShares(scope, id, shares);
        events.publishEvent(AuditRecord.of("SEGMENT_CREATED", "segment", id, null, state(name, segment.expression())));
        if (!shares.isEmpty()) {
            events.publishEvent(
                    AuditRecord.of("SEGMENT_SHARED", "segment", id, shared(name, List.of()), shared(name, shares)));
        }
        return get(scope, id);
    }

    /**
     * Changes the name and expression (and, when {@code sharedWith} is given, the shares) of a segment
     * the caller may edit; 409 {@code VERSION_STALE} unless {@code version} is the one they read.
     */
    @Transactional
    public SegmentView update(Scope scope, long id, SegmentDefinition segment, long version) {
        SegmentView before = editable(scope, id);
        String name = checked(scope, segment);
        checks.nameFree(ownerOf(id), name, id);
        List<Long> shares = shares(scope, segment, before.sharedWith());
        int updated = jdbc.sql("""
                        update segment set name = :name, expression = cast(:expression as jsonb),
                               tag_ids = cast(:tags as bigint[]), department_ids = cast(:departments as bigint[]),
                               updated_at = now(), version = version + 1
                        where id = :id and version = :version""")
                .params(columns(name, segment.expression()))
                .param("id", id)
                .param("version", version)
                .update();
        if (updated == 0) {
            throw RefusedException.conflict("version", "VERSION_STALE");
        }
        events.publishEvent(AuditRecord.of(
                "SEGMENT_UPDATED",
                "segment",
                id,
                state(before.name(), before.expression()),
                state(name, segment.expression())));
        if (segment.sharedWith() != null) {
            reshare(scope, id, name, before.sharedWith(), shares);
        }
        return get(scope, id);
    }

    /** Shares a segment the caller may edit with exactly these departments (none: shared with nobody). */
    @Transactional
    public SegmentView share(Scope scope, long id, List<Long> departmentIds) {
        SegmentView before = editable(scope, id);
        List<Long> shares = checks.shares(scope, before.expression(), departmentIds);
        jdbc.sql("update segment set updated_at = now(), version = version + 1 where id = :id")
                .param("id", id)
                .update();
        reshare(scope, id, before.name(), before.sharedWith(), shares);
        return get(scope, id);
    }

    @Transactional
    public void delete(Scope scope, long id) {
        SegmentView before = editable(scope, id);
        jdbc.sql("delete from segment where id = :id").param("id", id).update();
        Map<String, Object> state = state(before.name(), before.expression());
        state.put("sharedWith", before.sharedWith());
        events.publishEvent(AuditRecord.of("SEGMENT_DELETED", "segment", id, state, null));
    }

    /** A segment the caller may change: its owner, or an admin. Readers get 403, others 404. */
    private SegmentView editable(Scope scope, long id) {
        SegmentView segment = get(scope, id);
        scope.require(Action.MANAGE_SEGMENTS);
        if (!segment.mayEdit()) {
            throw new AccessDeniedException("Only the owner or an admin changes a segment");
        }
        return segment;
    }

    /** The name, trimmed, once the name and the expression's references pass (all refusals of the name at once). */
    private String checked(Scope scope, SegmentDefinition segment) {
        String name = segment.name() == null ? "" : segment.name().strip();
        List<Refusal> refusals = SegmentChecks.name(name);
        if (segment.expression() == null) {
            refusals.add(new Refusal(SegmentJson.ROOT, "SEGMENT_EXPRESSION_INVALID", SegmentJson.ROOT));
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        checks.references(scope, segment.expression());
        return name;
    }

    /** The shares to write: the ones asked for, or (none asked) the ones the segment has, checked again for its new expression. */
    private List<Long> shares(Scope scope, SegmentDefinition segment, List<Long> current) {
        return checks.shares(
                scope, segment.expression(), segment.sharedWith() == null ? current : segment.sharedWith());
    }

    private void reshare(Scope scope, long id, String name, List<Long> before, List<Long> after) {
        if (new java.util.HashSet<>(before).equals(new java.util.HashSet<>(after))) {
            return;
        }
        writeShares(scope, id, after);
        events.publishEvent(AuditRecord.of("SEGMENT_SHARED", "segment", id, shared(name, before), shared(name, after)));
    }

    /** The shares within the caller's scope become these; shares an admin made beyond it stay. */
    private void writeShares(Scope scope, long id, List<Long> departmentIds) {
        jdbc.sql("delete from segment_share where segment_id = :id" + " and department_id in ("
                        + DirectorySql.departmentsIn(":scope") + ")")
                .param("id", id)
                .param("scope", scope.pathPattern())
                .update();
        jdbc.sql("""
                        insert into segment_share (segment_id, department_id)
                        select :id, d from unnest(cast(:departments as bigint[])) as d""")
                .param("id", id)
                .param("departments", SqlArrays.ids(departmentIds))
                .update();
    }

    private long ownerOf(long id) {
        return jdbc.sql("select owner_id from segment where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private Map<String, Object> columns(String name, SegmentExpression expression) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("name", name);
        columns.put("expression", json.writeValueAsString(SegmentJson.write(expression)));
        columns.put("tags", SqlArrays.ids(expression.tagIds()));
        columns.put("departments", SqlArrays.ids(expression.departmentIds()));
        return columns;
    }

    private static Map<String, Object> state(String name, SegmentExpression expression) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", name);
        state.put("expression", SegmentJson.write(expression));
        return state;
    }

    private static Map<String, Object> shared(String name, List<Long> departmentIds) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", name);
        state.put("sharedWith", departmentIds);
        return state;
    }

    /** The parameters of {@link #READABLE} and of the segment columns for this caller. */
    static Map<String, Object> parameters(Scope scope) {
        Map<String, Object> params = new HashMap<>(TagVisibility.parameters(scope));
        params.put("me", scope.username());
        params.put("admin", scope.role() == Role.ADMIN);
        params.put("manages", scope.may(Action.MANAGE_SEGMENTS));
        return params;
    }

    private SegmentView view(ResultSet rs, int row) throws SQLException {
        Long[] shared = (Long[]) rs.getArray("shared_with").getArray();
        return new SegmentView(
                rs.getLong("id"),
                rs.getString("name"),
                SegmentJson.read(json.readTree(rs.getString("expression"))),
                rs.getString("owner"),
                new ArrayList<>(Arrays.asList(shared)),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"),
                rs.getBoolean("may_edit"));
    }
}
