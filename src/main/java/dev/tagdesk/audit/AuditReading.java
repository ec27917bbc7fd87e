package dev.tagdesk.audit;

import dev.tagdesk.audit.AuditTrail.AuditEntry;
import dev.tagdesk.shared.LocalTimes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An audit entry as a person reads it: the thing it is about by name (from the entry's own before and
 * after states, so a deleted thing keeps its last name) with a link to it, and what changed, field by
 * field, with times in the configured zone. Plain rules over the entry; the page translates the codes.
 */
final class AuditReading {

    /** One field that an entry changed (or set, or cleared). */
    record Change(String field, String before, String after) {}

    /** An entry for the audit log page. */
    record Line(AuditEntry entry, String targetName, String targetLink, List<Change> changes) {}

    /** Where each kind of target has its page; the others have none (a login name, a route, an export). */
    private static final Map<String, String> PAGES = Map.of(
            "tag", "/tags/",
            "department", "/departments/",
            "member", "/members/",
            "rule", "/rules/",
            "segment", "/segments/",
            "import", "/imports/",
            "tag_group", "/tag-groups",
            "tag_policy", "/settings/tags",
            "event_type", "/event-types/");

    private final JsonMapper json;
    private final LocalTimes times;

    AuditReading(JsonMapper json, LocalTimes times) {
        this.json = json;
        this.times = times;
    }

    Line read(AuditEntry entry) {
        Map<String, JsonNode> before = fields(entry.before());
        Map<String, JsonNode> after = fields(entry.after());
        return new Line(entry, name(entry, before, after), link(entry), changes(before, after));
    }

    private static String name(AuditEntry entry, Map<String, JsonNode> before, Map<String, JsonNode> after) {
        for (Map<String, JsonNode> state : List.of(after, before)) {
            JsonNode name = state.get("name");
            if (name != null && name.isString() && !"member".equals(entry.targetType())) {
                return name.asString();
            }
        }
        return entry.targetId();
    }

    private static String link(AuditEntry entry) {
        String page = PAGES.get(entry.targetType());
        if (page == null || entry.targetId() == null) {
            return null;
        }
        return page.endsWith("/") ? page + entry.targetId() : page;
    }

    /** Every field whose value differs, in the order the states list them (after's first). */
    private List<Change> changes(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        Set<String> fields = new LinkedHashSet<>(after.keySet());
        fields.addAll(before.keySet());
        List<Change> changes = new ArrayList<>();
        for (String field : fields) {
            String was = shown(before.get(field));
            String is = shown(after.get(field));
            if (!Objects.equals(was, is)) {
                changes.add(new Change(field, was, is));
            }
        }
        return changes;
    }

    private Map<String, JsonNode> fields(String state) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (state == null || state.isBlank()) {
            return fields;
        }
        JsonNode node = json.readTree(state);
        if (node.isObject()) {
            node.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
        }
        return fields;
    }

    /** A value as text: times in the configured zone, lists joined, nested objects as compact JSON. */
    private String shown(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return time(value.asString());
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isValueNode() ? shown(item) : item.toString()));
            return String.join("、", items);
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    private String time(String text) {
        if (text.length() >= 20 && text.charAt(4) == '-' && text.endsWith("Z")) {
            try {
                return times.second(Instant.parse(text));
            } catch (DateTimeParseException notATime) {
                return text;
            }
        }
        return text;
    }
}
