package dev.tagdesk.event;

import tools.jackson.databind.JsonNode;

/** The type of a property an event carries: what an event's value must be. */
public enum PropertyType {
    STRING,
    NUMBER,
    BOOLEAN;

    /** Whether a JSON value is of this type (null is never: leave the property out instead). */
    boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING -> value.isString();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
        };
    }

    /** The type a spelling names (UPPER_CASE, or lower-case as the API accepts), or null. */
    static PropertyType of(String spelling) {
        if (spelling == null) {
            return null;
        }
        for (PropertyType type : values()) {
            if (type.name().equalsIgnoreCase(spelling.strip())) {
                return type;
            }
        }
        return null;
    }
}
