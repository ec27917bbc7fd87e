package dev.tagdesk.event;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.event.EventItemCheck.Checked;
import dev.tagdesk.event.EventItemCheck.Outcome;
import dev.tagdesk.event.EventItemCheck.Rejection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores a batch of behaviour events (行为事件) in one transaction, set-based: every event is checked
 * on its own ({@link EventItemCheck}), the members are looked up in one statement, and the events
 * whose ids were never received are written in one more. A bad event never fails the rest; an event
 * sent again (same {@code eventId}, in this batch or an earlier one) is counted as a duplicate and
 * stored once.
 *
 * <p>Who may post: admins for any member, operations staff for the members of their subtree. A
 * member outside the caller's scope is rejected as {@code MEMBER_UNKNOWN}, exactly like one that does
 * not exist. Auditors change nothing. (Access tokens with the scope {@code events:write} resolve to a
 * {@link Scope} like any caller.)
 */
@Service
public class EventIngestion {

    /** What became of a batch. */
    public record Receipt(int accepted, int duplicates, List<Rejected> rejected) {}

    /** One event not stored: its index in the batch, why, and the field concerned. */
    public record Rejected(int index, String code, String field) {}

    /** The members of the batch that the caller may post events for, by account. */
    private static final String MEMBERS = """
            select m.account, m.id from member m
            join (select distinct value as account from jsonb_array_elements_text(cast(:accounts as jsonb))) a
              on a.account = m.account
            where :seesAll or exists (
                select 1 from member_department md join department d on d.id = md.department_id
                where md.member_id = m.id and d.path like :pattern)""";

    /**
     * Receipts first: an id already received (or being received by another batch right now, which
     * this one waits for) is not inserted again, and only the events whose receipt this statement wrote
     * are stored.
     */
    private static final String STORE = """
            with input as (
                select * from jsonb_to_recordset(cast(:events as jsonb))
                    as i(event_id varchar, member_id bigint, type_id bigint, occurred_at timestamptz, properties jsonb)),
            receipts as (
                insert into event_receipt (event_id, received_at)
                select event_id, :receivedAt from input
                on conflict (event_id) do nothing
                returning event_id),
            stored as (
                insert into member_event (member_id, type_id, occurred_at, received_at, event_id, properties)
                select i.member_id, i.type_id, i.occurred_at, :receivedAt, i.event_id, coalesce(i.properties, '{}')
                from input i join receipts r on r.event_id = i.event_id
                returning 1)
            select count(*) from stored""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EventTypes types;
    private final EventProperties properties;
    private final Clock clock;

    EventIngestion(JdbcClient jdbc, JsonMapper json, EventTypes types, EventProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.types = types;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Receipt ingest(Scope scope, List<JsonNode> events) {
        if (scope.role() != Role.ADMIN && scope.role() != Role.OPS) {
            throw new AccessDeniedException("Only admins and operations staff post events");
        }
        Instant now = clock.instant();
        Map<String, EventType> known = new HashMap<>();
        types.all().forEach(t -> known.put(t.name(), t));
        EventItemCheck check = new EventItemCheck(known, now, properties.futureTolerance());

        List<Rejected> rejected = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Outcome outcome = check.check(i, events.get(i));
            if (outcome.rejection() != null) {
                rejected.add(rejected(outcome.rejection()));
            } else {
                checked.add(outcome.checked());
            }
        }
        Map<String, Long> members = members(scope, checked);
        Set<String> ids = new HashSet<>();
        ArrayNode rows = json.createArrayNode();
        int duplicates = 0;
        for (Checked event : checked) {
            Long memberId = members.get(event.account());
            if (memberId == null) {
                rejected.add(new Rejected(event.index(), "MEMBER_UNKNOWN", "account"));
            } else if (!ids.add(event.eventId())) {
                duplicates++;
            } else {
                rows.add(row(event, memberId));
            }
        }
        int accepted = rows.isEmpty() ? 0 : store(rows, now);
        duplicates += rows.size() - accepted;
        rejected.sort(Comparator.comparingInt(Rejected::index));
        return new Receipt(accepted, duplicates, rejected);
    }

    private Map<String, Long> members(Scope scope, List<Checked> checked) {
        Map<String, Long> members = new HashMap<>();
        if (checked.isEmpty()) {
            return members;
        }
        ArrayNode accounts = json.createArrayNode();
        checked.stream().map(Checked::account).distinct().forEach(accounts::add);
        jdbc.sql(MEMBERS)
                .param("accounts", json.writeValueAsString(accounts))
                .param("seesAll", scope.isWholeCompany())
                .param("pattern", scope.pathPattern())
                .query(rs -> {
                    members.put(rs.getString("account"), rs.getLong("id"));
                });
        return members;
    }

    private ObjectNode row(Checked event, long memberId) {
        ObjectNode row = json.createObjectNode();
        row.put("event_id", event.eventId());
        row.put("member_id", memberId);
        row.put("type_id", event.type().id());
        row.put("occurred_at", event.occurredAt().toString());
        if (event.properties() != null) {
            row.set("properties", event.properties());
        }
        return row;
    }

    private int store(ArrayNode rows, Instant now) {
        return jdbc.sql(STORE)
                .param("events", json.writeValueAsString(rows))
                .param("receivedAt", Timestamp.from(now))
                .query(Long.class)
                .single()
                .intValue();
    }

    private static Rejected rejected(Rejection rejection) {
        return new Rejected(rejection.index(), rejection.code(), rejection.field());
    }
}
