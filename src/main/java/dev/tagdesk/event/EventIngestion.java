package dev.tagdesk.event;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.event.EventItemCheck.Checked;
import dev.tagdesk.event.EventItemCheck.Outcome;
import dev.tagdesk.event.EventItemCheck.Rejection;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Stores a batch of behaviour events (行为事件) in one transaction, set-based: every event is checked
 * on its own ({@link EventItemCheck}), the members are looked up in one statement, the event ids
 * in one more, and the events whose ids were new go in by {@code COPY}. A bad event never fails the rest; an event
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
     * this one waits for on the primary key) is not written again; the ids this statement wrote are
     * the events to store.
     */
    private static final String RECEIPTS = """
            insert into event_receipt (event_id, received_at)
            select value, :receivedAt from jsonb_array_elements_text(cast(:ids as jsonb))
            on conflict (event_id) do nothing
            returning event_id""";

    /** The events themselves go in by COPY on the transaction's connection: the floor's own path. */
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
        Map<String, Row> rows = new LinkedHashMap<>();
        int duplicates = 0;
        for (Checked event : checked) {
            Long memberId = members.get(event.account());
            if (memberId == null) {
                rejected.add(new Rejected(event.index(), "MEMBER_UNKNOWN", "account"));
            } else if (rows.putIfAbsent(event.eventId(), new Row(event, memberId)) != null) {
                duplicates++;
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

    /** An event to store: checked, its member found. */
    private record Row(Checked event, long memberId) {}

    /** Writes the receipts, then the events whose receipt was new; answers how many were stored. */
    private int store(Map<String, Row> rows, Instant now) {
        ArrayNode ids = json.createArrayNode();
        rows.keySet().forEach(ids::add);
        List<String> fresh = jdbc.sql(RECEIPTS)
                .param("ids", json.writeValueAsString(ids))
                .param("receivedAt", Timestamp.from(now))
                .query(String.class)
                .list();
        if (fresh.isEmpty()) {
            return 0;
        }
        StringBuilder csv = new StringBuilder(fresh.size() * 160);
        String received = now.toString();
        for (String id : fresh) {
            Row row = rows.get(id);
            JsonNode properties = row.event().properties();
            csv.append(row.memberId())
                    .append(',')
                    .append(row.event().type().id())
                    .append(',');
            csv.append(row.event().occurredAt()).append(',').append(received).append(',');
            quoted(csv, id).append(',');
            quoted(csv, properties == null ? "{}" : json.writeValueAsString(properties))
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
        return fresh.size();
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        return csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static Rejected rejected(Rejection rejection) {
        return new Rejected(rejection.index(), rejection.code(), rejection.field());
    }
}
