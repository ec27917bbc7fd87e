package dev.tagdesk.event;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The members with at least N events of a type, as one SQL subquery over {@code member_event}, for the
 * auto-tag rules' event clauses; the event module owns the table, so it writes the SQL that reads it.
 * Set-based: one pass over the type's events in the window, grouped by member (and by the value of a
 * property), never a query per member. Only events received before the watermark count, by the time
 * they occurred.
 */
public final class EventCounts {

    private EventCounts() {}

    /**
     * {@code select member_id …}: the members whose events match. Every value goes through
     * {@code bind}, which answers the placeholder of a bound parameter ({@code :c3}).
     */
    public static String membersWith(
            String type,
            int atLeast,
            int withinDays,
            String sameValueOf,
            Map<String, String> where,
            Instant now,
            Instant watermark,
            Function<Object, String> bind) {
        StringBuilder sql = new StringBuilder("select e.member_id from member_event e where e.type_id = ")
                .append("(select et.id from event_type et where et.name = ")
                .append(bind.apply(type))
                .append(") and e.occurred_at > ")
                .append(bind.apply(Timestamp.from(now.minus(Duration.ofDays(withinDays)))))
                .append(" and e.received_at <= ")
                .append(bind.apply(Timestamp.from(watermark)));
        where.forEach((property, value) -> sql.append(" and e.properties ->> ")
                .append(bind.apply(property))
                .append(" = ")
                .append(bind.apply(value)));
        if (sameValueOf != null) {
            String property = bind.apply(sameValueOf);
            sql.append(" and e.properties ->> ").append(property).append(" is not null");
            sql.append(" group by e.member_id, e.properties ->> ").append(property);
        } else {
            sql.append(" group by e.member_id");
        }
        return sql.append(" having count(*) >= ").append(bind.apply(atLeast)).toString();
    }
}
