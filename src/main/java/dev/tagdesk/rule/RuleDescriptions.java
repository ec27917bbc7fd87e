package dev.tagdesk.rule;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** A rule in words, for the rules list: "7 天以上未活跃 且 状态为在职" → "添加「待激活」". */
@Component
class RuleDescriptions {

    private final MessageSource messages;
    private final Map<Long, String> departmentNames;
    private final Map<String, String> eventTypeNames;

    @org.springframework.beans.factory.annotation.Autowired
    RuleDescriptions(MessageSource messages) {
        this(messages, Map.of(), Map.of());
    }

    private RuleDescriptions(
            MessageSource messages, Map<Long, String> departmentNames, Map<String, String> eventTypeNames) {
        this.messages = messages;
        this.departmentNames = departmentNames;
        this.eventTypeNames = eventTypeNames;
    }

    /** The same, able to name the departments that conditions mention. */
    RuleDescriptions naming(Map<Long, String> departments) {
        return new RuleDescriptions(messages, departments, eventTypeNames);
    }

    /** The same, able to name event types by their display names (咨询 rather than consult). */
    RuleDescriptions namingEventTypes(Map<String, String> eventTypes) {
        return new RuleDescriptions(messages, departmentNames, eventTypes);
    }

    public String condition(RuleViews.RuleView rule) {
        return condition(rule.condition(), rule, true);
    }

    public String action(RuleViews.RuleView rule) {
        String add = rule.action().add().stream()
                .map(id -> text("rule.describe.add", tag(rule, id)))
                .collect(Collectors.joining("，"));
        String remove = rule.action().remove().stream()
                .map(id -> text("rule.describe.remove", tag(rule, id)))
                .collect(Collectors.joining("，"));
        String both = add.isEmpty() ? remove : remove.isEmpty() ? add : add + "，" + remove;
        Integer shelfLife = rule.action().shelfLifeDays();
        return shelfLife == null ? both : both + " " + text("rule.describe.shelfLife", shelfLife);
    }

    public String departments(RuleViews.RuleView rule) {
        return rule.departments().stream()
                .map(d -> d.includeSubDepartments() ? text("rule.describe.departmentSub", d.name()) : d.name())
                .collect(Collectors.joining("、"));
    }

    private String condition(RuleCondition condition, RuleViews.RuleView rule, boolean top) {
        if (condition instanceof RuleCondition.All all) {
            String joined = all.clauses().stream()
                    .map(c -> condition(c, rule, false))
                    .collect(Collectors.joining(text("rule.describe.and")));
            return top || all.clauses().size() == 1 ? joined : "(" + joined + ")";
        }
        if (condition instanceof RuleCondition.Any any) {
            String joined = any.clauses().stream()
                    .map(c -> condition(c, rule, false))
                    .collect(Collectors.joining(text("rule.describe.or")));
            return top || any.clauses().size() == 1 ? joined : "(" + joined + ")";
        }
        if (condition instanceof RuleCondition.InactiveDays inactive) {
            return text("rule.describe.inactiveDays", inactive.days());
        }
        if (condition instanceof RuleCondition.HasTag has) {
            return text("rule.describe.hasTag", tag(rule, has.tagId()));
        }
        if (condition instanceof RuleCondition.LacksTag lacks) {
            return text("rule.describe.lacksTag", tag(rule, lacks.tagId()));
        }
        if (condition instanceof RuleCondition.CarriedTag carried) {
            return text("rule.describe.carriedTag", tag(rule, carried.tagId()), carried.days());
        }
        if (condition instanceof RuleCondition.InDepartment department) {
            String name = departmentNames.getOrDefault(department.departmentId(), "#" + department.departmentId());
            return text(
                    department.includeSubDepartments() ? "rule.describe.departmentSub" : "rule.describe.department",
                    name);
        }
        if (condition instanceof RuleCondition.Events events) {
            return events(events);
        }
        RuleCondition.HasStatus status = (RuleCondition.HasStatus) condition;
        return text("rule.describe.status", text("member.status." + status.status()));
    }

    /** "90 天内至少 2 次「咨询」事件，product 相同" and "…，link 为 product-manual". */
    private String events(RuleCondition.Events events) {
        StringBuilder described = new StringBuilder(text(
                "rule.describe.events",
                events.withinDays(),
                events.atLeast(),
                eventTypeNames.getOrDefault(events.type(), events.type())));
        if (events.sameValueOf() != null) {
            described.append(text("rule.describe.events.same", events.sameValueOf()));
        }
        events.where()
                .forEach((property, value) -> described.append(text("rule.describe.events.where", property, value)));
        return described.toString();
    }

    /** A tag as the description names it: 「待激活」, or 已删除的标签「待激活」 once it is deleted. */
    private String tag(RuleViews.RuleView rule, long tagId) {
        return rule.deletedTags().stream()
                .filter(d -> d.id() == tagId)
                .findFirst()
                .map(d -> text("rule.tag.deleted", d.label()))
                .orElseGet(() -> text("rule.describe.tag", rule.tagName(tagId)));
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
