package dev.tagdesk.rule;

import dev.tagdesk.event.EventType;
import dev.tagdesk.event.EventTypes;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The event clauses of a rule against the declared event types: the type exists, the properties the
 * clause names are its own, and the window is no longer than its events are kept (a longer one would
 * silently count fewer events than it says).
 */
@Component
class RuleEventChecks {

    private final EventTypes eventTypes;

    RuleEventChecks(EventTypes eventTypes) {
        this.eventTypes = eventTypes;
    }

    void check(RuleCondition condition) {
        List<RuleCondition.Events> clauses = condition.eventClauses();
        if (clauses.isEmpty()) {
            return;
        }
        Map<String, EventType> types =
                eventTypes.all().stream().collect(Collectors.toMap(EventType::name, Function.identity()));
        List<Refusal> refusals = new ArrayList<>();
        for (RuleCondition.Events clause : clauses) {
            EventType type = types.get(clause.type());
            if (type == null) {
                refusals.add(new Refusal("condition", "RULE_EVENT_TYPE_UNKNOWN", clause.type()));
                continue;
            }
            for (String property : clause.properties()) {
                if (!type.properties().containsKey(property)) {
                    refusals.add(new Refusal("condition", "RULE_EVENT_PROPERTY_UNKNOWN", property, type.displayName()));
                }
            }
            if (clause.withinDays() > type.retentionDays()) {
                refusals.add(new Refusal(
                        "condition",
                        "RULE_EVENTS_BEYOND_RETENTION",
                        clause.withinDays(),
                        type.displayName(),
                        type.retentionDays()));
            }
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
    }

    /** The declared event types, for the builder's event clause. */
    List<EventType> eventTypes() {
        return eventTypes.all();
    }

    /** Each event type's display name by its name, for descriptions. */
    Map<String, String> displayNames() {
        return eventTypes.all().stream().collect(Collectors.toMap(EventType::name, EventType::displayName));
    }
}
