package dev.tagdesk.event;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event types admins declare (事件类型). Everyone reads them; only admins create and change them.
 * A type's name and its properties' types are what integrations and rules rely on, so a saved name
 * never changes and a declared property is never removed or retyped; new properties may be added,
 * and the display name and retention changed.
 */
@Service
public class EventTypes {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    static final Pattern PROPERTY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    static final int DISPLAY_NAME_MAX = 64;
    static final int MAX_PROPERTIES = 20;
    static final int MAX_RETENTION_DAYS = 3650;

    /** What an admin sends: property types as spelled ({@code "string"} or {@code "STRING"}). */
    public record Draft(String name, String displayName, Map<String, String> properties, Integer retentionDays) {

        public Draft {
            name = name == null ? "" : name.strip();
            displayName = displayName == null ? "" : displayName.strip();
            properties = properties == null ? Map.of() : new LinkedHashMap<>(properties);
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    EventTypes(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    public boolean mayEdit(Scope scope) {
        return scope.may(Action.MANAGE_EVENT_TYPES);
    }

    /** Every event type, by name. A short list: pages and the API page it whole. */
    @Transactional(readOnly = true)
    public List<EventType> all() {
        return jdbc.sql("select * from event_type order by name")
                .query(this::row)
                .list();
    }

    @Transactional(readOnly = true)
    public EventType get(long id) {
        return jdbc.sql("select * from event_type where id = ?")
                .param(id)
                .query(this::row)
                .optional()
                .orElseThrow(() -> new NotFoundException("event_type", id));
    }

    @Transactional(readOnly = true)
    public Optional<EventType> named(String name) {
        return jdbc.sql("select * from event_type where name = ?")
                .param(name)
                .query(this::row)
                .optional();
    }

    @Transactional
    public EventType create(Scope scope, Draft draft) {
        requireAdmin(scope);
        Map<String, PropertyType> properties = check(draft);
        if (named(draft.name()).isPresent()) {
            throw RefusedException.conflict("name", "EVENT_TYPE_NAME_TAKEN", draft.name());
        }
        long id = jdbc.sql("""
                        insert into event_type (name, display_name, properties, retention_days, created_by)
                        values (?, ?, cast(? as jsonb), ?, ?) returning id""")
                .params(
                        draft.name(),
                        draft.displayName(),
                        json.writeValueAsString(properties),
                        draft.retentionDays(),
                        scope.username())
                .query(Long.class)
                .single();
        EventType created = get(id);
        events.publishEvent(AuditRecord.of("EVENT_TYPE_CREATED", "event_type", id, null, state(created)));
        return created;
    }

    @Transactional
    public EventType update(Scope scope, long id, Draft draft, long version) {
        requireAdmin(scope);
        EventType before = get(id);
        Map<String, PropertyType> properties = check(draft);
        List<Refusal> refusals = new ArrayList<>();
        if (!before.name().equals(draft.name())) {
            refusals.add(new Refusal("name", "EVENT_TYPE_NAME_FIXED", before.name()));
        }
        before.properties().forEach((name, type) -> {
            if (properties.get(name) != type) {
                refusals.add(new Refusal("properties." + name, "EVENT_TYPE_PROPERTY_FIXED", name, type.name()));
            }
        });
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        int updated = jdbc.sql("""
                        update event_type set display_name = ?, properties = cast(? as jsonb), retention_days = ?,
                            updated_at = now(), version = version + 1
                        where id = ? and version = ?""")
                .params(draft.displayName(), json.writeValueAsString(properties), draft.retentionDays(), id, version)
                .update();
        if (updated == 0) {
            throw RefusedException.conflict("version", "VERSION_STALE");
        }
        EventType after = get(id);
        events.publishEvent(AuditRecord.of("EVENT_TYPE_UPDATED", "event_type", id, state(before), state(after)));
        return after;
    }

    /** The draft's own rules, all reported together; answers its properties with their types. */
    private static Map<String, PropertyType> check(Draft draft) {
        List<Refusal> refusals = new ArrayList<>();
        if (!NAME.matcher(draft.name()).matches()) {
            refusals.add(new Refusal("name", "EVENT_TYPE_NAME_INVALID"));
        }
        if (draft.displayName().isEmpty()) {
            refusals.add(new Refusal("displayName", "EVENT_TYPE_DISPLAY_NAME_REQUIRED"));
        } else if (draft.displayName().length() > DISPLAY_NAME_MAX) {
            refusals.add(new Refusal("displayName", "EVENT_TYPE_DISPLAY_NAME_TOO_LONG", DISPLAY_NAME_MAX));
        }
        DisplayNames.invisibleCharacter("displayName", draft.displayName()).ifPresent(refusals::add);
        Integer retention = draft.retentionDays();
        if (retention == null || retention < 1 || retention > MAX_RETENTION_DAYS) {
            refusals.add(new Refusal("retentionDays", "EVENT_TYPE_RETENTION_INVALID", MAX_RETENTION_DAYS));
        }
        if (draft.properties().size() > MAX_PROPERTIES) {
            refusals.add(new Refusal("properties", "EVENT_TYPE_PROPERTIES_TOO_MANY", MAX_PROPERTIES));
        }
        Map<String, PropertyType> properties = new TreeMap<>();
        draft.properties().forEach((name, spelling) -> {
            String key = name == null ? "" : name;
            if (!PROPERTY.matcher(key).matches()) {
                refusals.add(new Refusal("properties", "EVENT_TYPE_PROPERTY_NAME_INVALID", shown(key)));
                return;
            }
            PropertyType type = PropertyType.of(spelling);
            if (type == null) {
                refusals.add(new Refusal("properties." + key, "EVENT_TYPE_PROPERTY_TYPE_INVALID", key));
                return;
            }
            properties.put(key, type);
        });
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        return properties;
    }

    /** A refused property name as a message may show it: at most 40 characters. */
    private static String shown(String name) {
        String visible = DisplayNames.withoutInvisible(name);
        return visible.length() > 40 ? visible.substring(0, 40) + "…" : visible;
    }

    private static Map<String, Object> state(EventType type) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", type.name());
        state.put("displayName", type.displayName());
        state.put("properties", new TreeMap<>(type.properties()));
        state.put("retentionDays", type.retentionDays());
        return state;
    }

    private EventType row(ResultSet rs, int i) throws SQLException {
        Map<String, PropertyType> properties = new TreeMap<>();
        JsonNode declared = json.readTree(rs.getString("properties"));
        declared.properties()
                .forEach(p -> properties.put(
                        p.getKey(), PropertyType.valueOf(p.getValue().asString())));
        return new EventType(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("display_name"),
                properties,
                rs.getInt("retention_days"),
                rs.getLong("version"),
                rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static void requireAdmin(Scope scope) {
        scope.require(Action.MANAGE_EVENT_TYPES);
    }
}
