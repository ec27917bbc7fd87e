package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
import dev.tagdesk.tag.segment.SegmentViews.NamedTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which tags make each department's follow-up list: admins choose them, auditors read them. A tag
 * must be live and visible to the department (its own people must be able to see it), else the
 * setting is refused naming it ({@code FOLLOW_UP_TAG_NOT_VISIBLE}). No tags: the department has no list
 * of its own (its people then get the nearest department's above it, if any). Every change is audited.
 */
@Service
public class FollowUpSettings {

    /** A department's follow-up tags (one in the recycle bin shows as such and puts nobody on the list). */
    public record FollowUpSetting(long departmentId, String departmentName, List<NamedTag> tags) {

        public List<Long> tagIds() {
            return tags.stream().map(NamedTag::id).toList();
        }
    }

    static final int TAGS_MAX = 20;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    FollowUpSettings(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Admins change the settings (as they do the other tag settings) and auditors read them: the
     * company-wide roles; operations staff, who would see other departments' names and tags, neither.
     */
    public boolean mayRead(Scope scope) {
        return scope.isWholeCompany() && scope.may(Action.READ_TAGS);
    }

    public boolean mayChange(Scope scope) {
        return scope.may(Action.MANAGE_TAG_GROUPS);
    }

    /** The departments that have follow-up tags, by their place in the tree, paged. */
    @Transactional(readOnly = true)
    public Page<FollowUpSetting> list(Scope scope, int page, int size) {
        requireReader(scope);
        List<Long> departments = jdbc.sql("select d.id from " + DirectorySql.departments() + " d"
                        + " where exists (select 1 from follow_up_tag f where f.department_id = d.id) order by d.path")
                .query(Long.class)
                .list();
        Page<Long> shown = Page.of(departments, page, size);
        return new Page<>(settings(shown.items()), shown.page(), shown.size(), shown.total());
    }

    /** One department's setting (no tags when it has none); empty when the department does not exist. */
    @Transactional(readOnly = true)
    public Optional<FollowUpSetting> of(Scope scope, long departmentId) {
        requireReader(scope);
        List<FollowUpSetting> found = settings(List.of(departmentId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Sets a department's follow-up tags (none: its list is switched off). */
    @Transactional
    public FollowUpSetting save(Scope scope, Long departmentId, List<Long> tagIds) {
        scope.require(Action.MANAGE_TAG_GROUPS);
        if (departmentId == null) {
            throw RefusedException.invalid("departmentId", "FOLLOW_UP_DEPARTMENT_REQUIRED");
        }
        Map<String, Object> department = jdbc
                .sql("select d.id, d.name, d.path from " + DirectorySql.departments() + " d where d.id = :id")
                .param("id", departmentId)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElseThrow(() -> RefusedException.invalid("departmentId", "FOLLOW_UP_DEPARTMENT_UNKNOWN"));
        List<Long> wanted = new ArrayList<>(new LinkedHashSet<>(tagIds == null ? List.of() : tagIds));
        wanted.removeIf(Objects::isNull);
        if (wanted.size() > TAGS_MAX) {
            throw RefusedException.invalid("tagIds", "FOLLOW_UP_TAGS_TOO_MANY", TAGS_MAX);
        }
        checkTags(departmentId, (String) department.get("name"), (String) department.get("path"), wanted);
        FollowUpSetting before = settings(List.of(departmentId)).get(0);
        jdbc.sql("delete from follow_up_tag where department_id = :id")
                .param("id", departmentId)
                .update();
        jdbc.sql("""
                        insert into follow_up_tag (department_id, tag_id)
                        select :id, t from unnest(cast(:tags as bigint[])) as t""")
                .param("id", departmentId)
                .param("tags", SqlArrays.ids(wanted))
                .update();
        FollowUpSetting after = settings(List.of(departmentId)).get(0);
        if (!before.tagIds().equals(after.tagIds())) {
            events.publishEvent(
                    AuditRecord.of("FOLLOW_UP_LIST_UPDATED", "department", departmentId, state(before), state(after)));
        }
        return after;
    }

    /** Every tag is live and seen by the department's own people (the scope of an OPS user of it). */
    private void checkTags(long departmentId, String name, String path, List<Long> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        Scope department = Scope.of("follow-up", Role.OPS, departmentId, path);
        Map<Long, String> live = new LinkedHashMap<>();
        Map<Long, Boolean> seen = new LinkedHashMap<>();
        jdbc.sql("select t.id, t.name, " + TagVisibility.CONDITION + " as seen from tag t"
                        + " where t.id = any(cast(:ids as bigint[])) and t.deleted_at is null")
                .params(TagVisibility.parameters(department))
                .param("ids", SqlArrays.ids(wanted))
                .query(rs -> {
                    live.put(rs.getLong("id"), rs.getString("name"));
                    seen.put(rs.getLong("id"), rs.getBoolean("seen"));
                });
        for (Long id : wanted) {
            if (!live.containsKey(id)) {
                throw RefusedException.invalid("tagIds", "FOLLOW_UP_TAG_UNKNOWN", id);
            }
            if (!seen.get(id)) {
                throw RefusedException.invalid("tagIds", "FOLLOW_UP_TAG_NOT_VISIBLE", live.get(id), name);
            }
        }
    }

    private List<FollowUpSetting> settings(List<Long> departmentIds) {
        Map<Long, FollowUpSetting> settings = new LinkedHashMap<>();
        jdbc.sql("select d.id, d.name from " + DirectorySql.departments()
                        + " d where d.id = any(cast(:ids as bigint[])) order by d.path")
                .param("ids", SqlArrays.ids(departmentIds))
                .query(rs -> {
                    settings.put(
                            rs.getLong("id"),
                            new FollowUpSetting(rs.getLong("id"), rs.getString("name"), new ArrayList<>()));
                });
        jdbc.sql("""
                        select f.department_id, t.id, t.name, t.color, t.deleted_at is not null as deleted
                        from follow_up_tag f join tag t on t.id = f.tag_id
                        where f.department_id = any(cast(:ids as bigint[])) order by t.normalized_name""").param("ids", SqlArrays.ids(departmentIds)).query(rs -> {
            FollowUpSetting setting = settings.get(rs.getLong("department_id"));
            if (setting != null) {
                setting.tags()
                        .add(new NamedTag(
                                rs.getLong("id"),
                                rs.getString("name"),
                                rs.getString("color"),
                                rs.getBoolean("deleted")));
            }
        });
        return new ArrayList<>(settings.values());
    }

    private static Map<String, Object> state(FollowUpSetting setting) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", setting.departmentName());
        state.put("followUpTags", setting.tags().stream().map(NamedTag::name).toList());
        return state;
    }

    private void requireReader(Scope scope) {
        if (!mayRead(scope)) {
            throw new AccessDeniedException("Admins and auditors read the follow-up settings");
        }
    }
}
