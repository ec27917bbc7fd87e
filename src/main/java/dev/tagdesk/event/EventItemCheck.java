package dev.tagdesk.event;

import dev.tagdesk.shared.TextInput;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The rules for one event of a batch, without the database: its shape, its type, its time. A plain
 * class, so the rules are tested with tables of cases; {@link EventIngestion} looks the members up.
 * An event breaks at most one rule in the answer: the first, in the order the fields are listed.
 */
final class EventItemCheck {

    static final Set<String> FIELDS = Set.of("eventId", "account", "type", "occurredAt", "properties");
    static final int EVENT_ID_MAX = 128;
    static final int ACCOUNT_MAX = 64;
    static final int VALUE_MAX = 500;

    /** No control characters in an event id (they are keys people search and logs print). */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    /** An event that passed: what is stored, before its member is looked up. */
    record Checked(
            int index, String eventId, String account, EventType type, Instant occurredAt, JsonNode properties) {}

    /** Why an event was not stored: a code ({@code MEMBER_UNKNOWN}, …) and the field it concerns. */
    record Rejection(int index, String code, String field) {}

    /** Either a checked event or a rejection. */
    record Outcome(Checked checked, Rejection rejection) {}

    private final Map<String, EventType> types;
    private final Instant now;
    private final Duration futureTolerance;

    EventItemCheck(Map<String, EventType> types, Instant now, Duration futureTolerance) {
        this.types = types;
        this.now = now;
        this.futureTolerance = futureTolerance;
    }

    Outcome check(int index, JsonNode item) {
        if (item == null || !item.isObject()) {
            return rejected(index, "EVENT_INVALID", "events[" + index + "]");
        }
        for (String name : item.propertyNames()) {
            if (!FIELDS.contains(name)) {
                return rejected(index, "EVENT_INVALID", shown(name));
            }
        }
        String eventId = text(item.get("eventId"), EVENT_ID_MAX);
        if (eventId == null || CONTROL.matcher(eventId).find()) {
            return rejected(index, "EVENT_INVALID", "eventId");
        }
        String account = text(item.get("account"), ACCOUNT_MAX);
        if (account == null) {
            return rejected(index, "EVENT_INVALID", "account");
        }
        JsonNode typeName = item.get("type");
        if (typeName == null || !typeName.isString() || typeName.asString().isBlank()) {
            return rejected(index, "EVENT_INVALID", "type");
        }
        Instant occurredAt = instant(item.get("occurredAt"));
        if (occurredAt == null) {
            return rejected(index, "EVENT_INVALID", "occurredAt");
        }
        JsonNode properties = item.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            return rejected(index, "EVENT_INVALID", "properties");
        }
        EventType type = types.get(typeName.asString());
        if (type == null) {
            return rejected(index, "EVENT_TYPE_UNKNOWN", "type");
        }
        if (properties != null && properties.isObject()) {
            for (var property : properties.properties()) {
                PropertyType declared = type.properties().get(property.getKey());
                if (declared == null || !fits(declared, property.getValue())) {
                    return rejected(index, "EVENT_INVALID", "properties." + shown(property.getKey()));
                }
            }
        }
        if (occurredAt.isBefore(now.minus(Duration.ofDays(type.retentionDays())))) {
            return rejected(index, "EVENT_TOO_OLD", "occurredAt");
        }
        if (occurredAt.isAfter(now.plus(futureTolerance))) {
            return rejected(index, "EVENT_IN_FUTURE", "occurredAt");
        }
        JsonNode stored = properties == null || properties.isNull() ? null : properties;
        return new Outcome(new Checked(index, eventId, account, type, occurredAt, stored), null);
    }

    private static boolean fits(PropertyType declared, JsonNode value) {
        if (!declared.accepts(value)) {
            return false;
        }
        if (value.isString()) {
            String text = value.asString();
            return text.length() <= VALUE_MAX && TextInput.refusedCharacter(text) == null;
        }
        return !value.isNumber() || Double.isFinite(value.asDouble());
    }

    /** A non-blank string of at most {@code max} characters that PostgreSQL can store, or null. */
    private static String text(JsonNode node, int max) {
        if (node == null || !node.isString()) {
            return null;
        }
        String text = node.asString();
        if (text.isBlank() || text.length() > max || TextInput.refusedCharacter(text) != null) {
            return null;
        }
        return text;
    }

    /** ISO-8601 with an offset ({@code 2026-12-01T10:03:00+08:00}), years 1 to 9999; else null. */
    private static Instant instant(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(node.asString());
            return time.getYear() < 1 || time.getYear() > 9999 ? null : time.toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A field name a client sent, as the answer may repeat it: its safe characters, at most 40. */
    static String shown(String name) {
        String safe = name.replaceAll("[^\\p{L}\\p{N}_.\\-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }

    private static Outcome rejected(int index, String code, String field) {
        return new Outcome(null, new Rejection(index, code, field));
    }
}
