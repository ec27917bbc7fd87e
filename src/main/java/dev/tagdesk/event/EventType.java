package dev.tagdesk.event;

import java.time.Instant;
import java.util.Map;

/**
 * An event type as admins declare it: the name integrations send ({@code consult}), the name people
 * read (咨询), the properties its events carry with their types, and how many days its events are kept.
 */
public record EventType(
        long id,
        String name,
        String displayName,
        Map<String, PropertyType> properties,
        int retentionDays,
        long version,
        String createdBy,
        Instant updatedAt) {

    public EventType {
        properties = Map.copyOf(properties);
    }

    /** The properties in name order, for pages. */
    public java.util.List<Map.Entry<String, PropertyType>> propertyList() {
        return properties.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }
}
