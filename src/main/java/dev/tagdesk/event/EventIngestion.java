package dev.tagdesk.event;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.event.EventItemCheck.Checked;
import dev.tagdesk.event.EventItemCheck.Outcome;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
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
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Stores a batch of behaviour events (行为事件) in one transaction, set-based: every event is checked
 * on its own ({@link EventItemCheck}); one statement finds the batch's members in the caller's scope
 * and records the ids of their events that were never received; the events with new ids go in by
 * {@code COPY}, the floor's own path. A bad event never fails the rest; an event sent again (same
 * {@code eventId}, in this batch or an earlier one) is counted as a duplicate and stored once.
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

    /**
     * The batch's members the caller may post events for, and the receipts of their events' ids: an
     * id already received (or being received by another batch right now, which this one waits for on
     * the primary key) is not written again. Answers each member found ({@code account}, {@code id})
     * and each id received now ({@code event_id}).
     */
    private static final String MEMBERS_AND_RECEIPTS =
            """
            with input as (
                select * from jsonb_to_recordset(cast(:events as jsonb)) as i(event_id varchar, account varchar)),
            known as (
                select m.account, m.id from\s""" + DirectorySql.members() + """
             m
                where m.account in (select account from input) and (:seesAll or\s""" + DirectorySql.memberInSubtree("m.id", ":pattern") + """
            )),
            receipts as (
                insert into event_receipt (event_id, received_at)
                select i.event_id, :receivedAt from input i join known k on k.account = i.account
                on conflict (event_id) do nothing
                returning event_id)
            select account, id, null as event_id from known
            union all select null, null, event_id from receipts""";

    /** The events themselves, as CSV on the transaction's connection. */
    private static final String COPY = """
            copy member_event (member_id, type_id, occurred_at, received_at, event_id, properties)
            from stdin (format csv)""";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EventTypes types;
    private final EventProperties properties;
    private final Clock clock;

    EventIngestion(
            DataSource dataSource,
            JdbcClient jdbc,
            JsonMapper json,
            EventTypes types,
            EventProperties properties,
            Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.json = json;
        this.types = types;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Receipt ingest(Scope scope, List<JsonNode> events) {
        scope.require(Action.WRITE_EVENTS);
        Instant now = clock.instant();
        Map<String, EventType> known = new HashMap<>();
        types.all().forEach(t -> known.put(t.name(), t));
        EventItemCheck check = new EventItemCheck(known, now, properties.futureTolerance());

        List<Rejected> rejected = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Outcome outcome = check.check(i, events.get(i));
            if (outcome.rejection() != null) {
                rejected.add(new Rejected(
                        i, outcome.rejection().code(), outcome.rejection().field()));
            } else {
                checked.add(outcome.checked());
            }
        }
        Map<String, Long> members = new HashMap<>();
        Set<String> fresh = new HashSet<>();
        if (!checked.isEmpty()) {
            membersAndReceipts(scope, checked, now, members, fresh);
        }
        List<Checked> stored = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (Checked event : checked) {
            if (!members.containsKey(event.account())) {
                rejected.add(new Rejected(event.index(), "MEMBER_UNKNOWN", "account"));
            } else if (seen.add(event.eventId()) && fresh.contains(event.eventId())) {
                stored.add(event);
            } else {
                duplicates++;
            }
        }
        copy(stored, members, now);
        rejected.sort(Comparator.comparingInt(Rejected::index));
        return new Receipt(stored.size(), duplicates, rejected);
    }

    private void membersAndReceipts(
            Scope scope, List<Checked> checked, Instant now, Map<String, Long> members, Set<String> fresh) {
        ArrayNode input = json.createArrayNode();
        Set<String> ids = new HashSet<>();
        for (Checked event : checked) {
            // An id met again in the batch is a duplicate of its first event, whatever it carries.
            if (ids.add(event.eventId())) {
                input.addObject().put("event_id", event.eventId()).put("account", event.account());
            }
        }
        jdbc.sql(MEMBERS_AND_RECEIPTS)
                .param("events", json.writeValueAsString(input))
                .param("seesAll", scope.isWholeCompany())
                .param("pattern", scope.pathPattern())
                .param("receivedAt", Timestamp.from(now))
                .query(rs -> {
                    String eventId = rs.getString("event_id");
                    if (eventId != null) {
                        fresh.add(eventId);
                    } else {
                        members.put(rs.getString("account"), rs.getLong("id"));
                    }
                });
    }

    private void copy(List<Checked> stored, Map<String, Long> members, Instant now) {
        if (stored.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder(stored.size() * 160);
        String received = now.toString();
        for (Checked event : stored) {
            csv.append(members.get(event.account()))
                    .append(',')
                    .append(event.type().id())
                    .append(',');
            csv.append(event.occurredAt()).append(',').append(received).append(',');
            quoted(csv, event.eventId()).append(',');
            quoted(csv, event.properties() == null ? "{}" : json.writeValueAsString(event.properties()))
                    .append('\n');
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(csv.toString()));
        } catch (SQLException | IOException e) {
            throw new DataAccessResourceFailureException("Storing the events failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        return csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
