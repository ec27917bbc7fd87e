package dev.tagdesk.rule;

import dev.tagdesk.directory.MemberStatus;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Rule conditions and actions as JSON: {@code {"all":[{"inactiveDays":7},{"lacksTag":12}]}} and
 * {@code {"add":[12],"remove":[13],"shelfLifeDays":null}}. Reading is strict: anything else is
 * refused with {@code RULE_CONDITION_INVALID} / {@code RULE_ACTION_INVALID} naming where it went wrong.
 */
final class RuleJson {

    static final int MAX_DAYS = 3650;
    static final int MAX_AT_LEAST = 10_000;
    private static final int MAX_WHERE = 10;
    private static final int MAX_TEXT = 500;
    private static final int MAX_DEPTH = 5;
    private static final int MAX_CLAUSES = 50;

    private RuleJson() {}

    static RuleCondition condition(JsonNode node) {
        if (node == null || node.isNull()) {
            throw conditionInvalid("condition");
        }
        return condition(node, "condition", 0);
    }

    private static RuleCondition condition(JsonNode node, String path, int depth) {
        if (!node.isObject() || node.size() != 1 && !node.has("carriedTag") && !node.has("departmentId")) {
            throw conditionInvalid(path);
        }
        if (node.has("all") || node.has("any")) {
            String key = node.has("all") ? "all" : "any";
            JsonNode list = node.get(key);
            if (depth >= MAX_DEPTH || !list.isArray() || list.isEmpty() || list.size() > MAX_CLAUSES) {
                throw conditionInvalid(path + "." + key);
            }
            List<RuleCondition> clauses = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                clauses.add(condition(list.get(i), path + "." + key + "[" + i + "]", depth + 1));
            }
            return key.equals("all") ? new RuleCondition.All(clauses) : new RuleCondition.Any(clauses);
        }
        if (node.has("inactiveDays")) {
            return new RuleCondition.InactiveDays(days(node.get("inactiveDays"), path + ".inactiveDays"));
        }
        if (node.has("hasTag")) {
            return new RuleCondition.HasTag(id(node.get("hasTag"), path + ".hasTag"));
        }
        if (node.has("lacksTag")) {
            return new RuleCondition.LacksTag(id(node.get("lacksTag"), path + ".lacksTag"));
        }
        if (node.has("carriedTag")) {
            only(node, path, "carriedTag", "days");
            return new RuleCondition.CarriedTag(
                    id(node.get("carriedTag"), path + ".carriedTag"), days(node.get("days"), path + ".days"));
        }
        if (node.has("departmentId")) {
            only(node, path, "departmentId", "includeSubDepartments");
            JsonNode sub = node.get("includeSubDepartments");
            if (sub != null && !sub.isBoolean()) {
                throw conditionInvalid(path + ".includeSubDepartments");
            }
            return new RuleCondition.InDepartment(
                    id(node.get("departmentId"), path + ".departmentId"), sub != null && sub.booleanValue());
        }
        if (node.has("events")) {
            return events(node.get("events"), path + ".events");
        }
        if (node.has("status")) {
            JsonNode status = node.get("status");
            // UPPER_CASE like every enumeration of the API; the lower-case spelling means the same.
            String value = status.isString() ? status.stringValue().toUpperCase(java.util.Locale.ROOT) : null;
            if (value == null || !isStatus(value)) {
                throw conditionInvalid(path + ".status");
            }
            return new RuleCondition.HasStatus(value);
        }
        throw conditionInvalid(path);
    }

    /** {@code {"type":"consult","atLeast":2,"withinDays":90,"sameValueOf":"product","where":{"channel":"app"}}}. */
    private static RuleCondition events(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw conditionInvalid(path);
        }
        only(node, path, "type", "atLeast", "withinDays", "sameValueOf", "where");
        String type = text(node.get("type"), path + ".type");
        JsonNode atLeast = node.get("atLeast");
        if (atLeast == null
                || !atLeast.isIntegralNumber()
                || !atLeast.canConvertToInt()
                || atLeast.intValue() < 1
                || atLeast.intValue() > MAX_AT_LEAST) {
            throw conditionInvalid(path + ".atLeast");
        }
        int withinDays = days(node.get("withinDays"), path + ".withinDays");
        JsonNode same = node.get("sameValueOf");
        String sameValueOf = same == null || same.isNull() ? null : text(same, path + ".sameValueOf");
        Map<String, String> where = new LinkedHashMap<>();
        JsonNode whereNode = node.get("where");
        if (whereNode != null && !whereNode.isNull()) {
            if (!whereNode.isObject() || whereNode.isEmpty() || whereNode.size() > MAX_WHERE) {
                throw conditionInvalid(path + ".where");
            }
            for (var property : whereNode.properties()) {
                JsonNode value = property.getValue();
                String at = path + ".where." + property.getKey();
                if (!(value.isString() || value.isNumber() || value.isBoolean())
                        || property.getKey().isBlank()
                        || property.getKey().length() > 64) {
                    throw conditionInvalid(path + ".where");
                }
                where.put(property.getKey(), value.isString() ? text(value, at) : value.asString());
            }
        }
        return new RuleCondition.Events(type, atLeast.intValue(), withinDays, sameValueOf, where);
    }

    /** A non-blank string of at most 500 characters. */
    private static String text(JsonNode node, String path) {
        if (node == null
                || !node.isString()
                || node.asString().isBlank()
                || node.asString().length() > MAX_TEXT) {
            throw conditionInvalid(path);
        }
        return node.asString();
    }

    static RuleAction action(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw actionInvalid("action");
        }
        for (String name : node.propertyNames()) {
            if (!List.of("add", "remove", "shelfLifeDays").contains(name)) {
                throw actionInvalid("action." + name);
            }
        }
        JsonNode shelfLife = node.get("shelfLifeDays");
        Integer days = shelfLife == null || shelfLife.isNull() ? null : days(shelfLife, "action.shelfLifeDays");
        return new RuleAction(ids(node.get("add"), "action.add"), ids(node.get("remove"), "action.remove"), days);
    }

    /** The condition as plain maps and lists, ready for a JSON writer. */
    static Object write(RuleCondition condition) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (condition instanceof RuleCondition.All all) {
            json.put("all", all.clauses().stream().map(RuleJson::write).toList());
        } else if (condition instanceof RuleCondition.Any any) {
            json.put("any", any.clauses().stream().map(RuleJson::write).toList());
        } else if (condition instanceof RuleCondition.InactiveDays inactive) {
            json.put("inactiveDays", inactive.days());
        } else if (condition instanceof RuleCondition.HasTag has) {
            json.put("hasTag", has.tagId());
        } else if (condition instanceof RuleCondition.LacksTag lacks) {
            json.put("lacksTag", lacks.tagId());
        } else if (condition instanceof RuleCondition.CarriedTag carried) {
            json.put("carriedTag", carried.tagId());
            json.put("days", carried.days());
        } else if (condition instanceof RuleCondition.InDepartment department) {
            json.put("departmentId", department.departmentId());
            json.put("includeSubDepartments", department.includeSubDepartments());
        } else if (condition instanceof RuleCondition.HasStatus status) {
            json.put("status", status.status());
        } else if (condition instanceof RuleCondition.Events events) {
            Map<String, Object> clause = new LinkedHashMap<>();
            clause.put("type", events.type());
            clause.put("atLeast", events.atLeast());
            clause.put("withinDays", events.withinDays());
            if (events.sameValueOf() != null) {
                clause.put("sameValueOf", events.sameValueOf());
            }
            if (!events.where().isEmpty()) {
                clause.put("where", events.where());
            }
            json.put("events", clause);
        }
        return json;
    }

    static Map<String, Object> write(RuleAction action) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("add", action.add());
        json.put("remove", action.remove());
        json.put("shelfLifeDays", action.shelfLifeDays());
        return json;
    }

    static boolean isStatus(String status) {
        for (MemberStatus s : MemberStatus.values()) {
            if (s.name().equals(status)) {
                return true;
            }
        }
        return false;
    }

    private static void only(JsonNode node, String path, String... names) {
        for (String name : node.propertyNames()) {
            if (!List.of(names).contains(name)) {
                throw conditionInvalid(path + "." + name);
            }
        }
    }

    private static int days(JsonNode node, String path) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(path);
        }
        int days = node.intValue();
        if (days < 1 || days > MAX_DAYS) {
            throw invalid(path);
        }
        return days;
    }

    private static long id(JsonNode node, String path) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw invalid(path);
        }
        return node.longValue();
    }

    private static List<Long> ids(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_CLAUSES) {
            throw actionInvalid(path);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            ids.add(id(node.get(i), path + "[" + i + "]"));
        }
        return ids;
    }

    private static RefusedException invalid(String path) {
        return path.startsWith("action") ? actionInvalid(path) : conditionInvalid(path);
    }

    private static RefusedException conditionInvalid(String path) {
        return RefusedException.invalid("condition", "RULE_CONDITION_INVALID", path);
    }

    private static RefusedException actionInvalid(String path) {
        return RefusedException.invalid("action", "RULE_ACTION_INVALID", path);
    }
}
