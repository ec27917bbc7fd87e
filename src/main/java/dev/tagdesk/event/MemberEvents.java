package dev.tagdesk.event;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A member's behaviour events, newest first (by the time they occurred), for the member's page and the
 * API. A member outside the caller's scope is as missing as one that does not exist. Events past their
 * type's retention are not shown, even before their month's partition is dropped.
 */
@Service
public class MemberEvents {

    /** One event as people and the API read it. */
    public record EventView(
            String eventId,
            String type,
            String typeDisplayName,
            Instant occurredAt,
            Instant receivedAt,
            JsonNode properties) {

        /** The properties in words: {@code product: 理财A, channel: app}. */
        public String propertiesText() {
            if (properties == null || properties.isEmpty()) {
                return "";
            }
            return properties.properties().stream()
                    .map(p -> p.getKey() + ": "
                            + (p.getValue().isString() ? p.getValue().asString() : p.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    private static final String LIVE = """
            from member_event e join event_type t on t.id = e.type_id
            where e.member_id = :member and (cast(:type as varchar) is null or t.name = cast(:type as varchar))
              and e.received_at > now() - t.retention_days * interval '1 day'""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MemberEvents(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One page of the member's events, of one type or all ({@code type} null or blank). */
    @Transactional(readOnly = true)
    public Page<EventView> of(Scope scope, String account, String type, int page, int size) {
        long member = member(scope, account);
        int number = Page.number(page);
        int shown = Page.size(size);
        String chosen = type == null || type.isBlank() ? null : type.strip();
        long total = jdbc.sql("select count(*) " + LIVE)
                .param("member", member)
                .param("type", chosen)
                .query(Long.class)
                .single();
        List<EventView> items = jdbc.sql("select e.event_id, t.name, t.display_name, e.occurred_at, e.received_at,"
                        + " e.properties::text as properties " + LIVE
                        + " order by e.occurred_at desc, e.event_id limit :limit offset :offset")
                .param("member", member)
                .param("type", chosen)
                .param("limit", shown)
                .param("offset", (long) number * shown)
                .query(this::view)
                .list();
        return new Page<>(items, number, shown, total);
    }

    private long member(Scope scope, String account) {
        return jdbc.sql("""
                        select m.id from\s""" + DirectorySql.members() + " m where m.account = :account and (:seesAll or "
                        + DirectorySql.memberInSubtree("m.id", ":pattern") + ")")
                .params(Map.of("account", account, "seesAll", scope.isWholeCompany(), "pattern", scope.pathPattern()))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("member", account));
    }

    private EventView view(ResultSet rs, int i) throws SQLException {
        return new EventView(
                rs.getString("event_id"),
                rs.getString("name"),
                rs.getString("display_name"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("received_at").toInstant(),
                json.readTree(rs.getString("properties")));
    }
}
