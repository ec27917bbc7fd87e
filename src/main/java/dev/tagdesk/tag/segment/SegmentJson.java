package dev.tagdesk.tag.segment;

import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Segment expressions as JSON: {@code {"all":[{"hasTag":12},{"lacksTag":13},
 * {"taggedWithinDays":{"tag":14,"days":1}}]}}, with {@code any} and {@code none} beside {@code all},
 * nested, and department clauses as in rules ({@code {"departmentId":5,"includeSubDepartments":true}}).
 * Reading is strict: anything else is refused with {@code SEGMENT_EXPRESSION_INVALID}, whose field
 * and message name the path of the bad clause ({@code expression.all[2].taggedWithinDays.days}).
 */
final class SegmentJson {

    static final int MAX_DAYS = 3650;
    static final int MAX_DEPTH = 5;
    static final int MAX_CLAUSES = 50;
    static final String ROOT = "expression";

    /** The most clauses one expression holds, groups included: a bound on the SQL it compiles to. */
    static final int MAX_TOTAL = 200;

    private SegmentJson() {}

    static SegmentExpression read(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw invalid(ROOT);
        }
        SegmentExpression expression = read(node, ROOT, 0);
        if (size(expression) > MAX_TOTAL) {
            throw RefusedException.invalid(ROOT, "SEGMENT_EXPRESSION_TOO_LARGE", MAX_TOTAL);
        }
        return expression;
    }

    /** How many clauses and groups the expression holds. */
    static int size(SegmentExpression expression) {
        return 1 + expression.children().stream().mapToInt(SegmentJson::size).sum();
    }

    private static SegmentExpression read(JsonNode node, String path, int depth) {
        if (!node.isObject() || node.isEmpty()) {
            throw invalid(path);
        }
        for (String group : List.of("all", "any", "none")) {
            if (node.has(group)) {
                only(node, path, group);
                return group(node.get(group), path + "." + group, depth, group);
            }
        }
        if (node.has("hasTag")) {
            only(node, path, "hasTag");
            return new SegmentExpression.HasTag(id(node.get("hasTag"), path + ".hasTag"));
        }
        if (node.has("lacksTag")) {
            only(node, path, "lacksTag");
            return new SegmentExpression.LacksTag(id(node.get("lacksTag"), path + ".lacksTag"));
        }
        if (node.has("taggedWithinDays")) {
            only(node, path, "taggedWithinDays");
            String at = path + ".taggedWithinDays";
            JsonNode within = node.get("taggedWithinDays");
            if (!within.isObject()) {
                throw invalid(at);
            }
            only(within, at, "tag", "days");
            return new SegmentExpression.TaggedWithinDays(
                    id(within.get("tag"), at + ".tag"), days(within.get("days"), at + ".days"));
        }
        if (node.has("departmentId")) {
            only(node, path, "departmentId", "includeSubDepartments");
            JsonNode sub = node.get("includeSubDepartments");
            if (sub != null && !sub.isBoolean()) {
                throw invalid(path + ".includeSubDepartments");
            }
            return new SegmentExpression.InDepartment(
                    id(node.get("departmentId"), path + ".departmentId"), sub != null && sub.booleanValue());
        }
        throw invalid(path + "." + node.propertyNames().iterator().next());
    }

    private static SegmentExpression group(JsonNode list, String path, int depth, String kind) {
        if (depth >= MAX_DEPTH || !list.isArray() || list.isEmpty() || list.size() > MAX_CLAUSES) {
            throw invalid(path);
        }
        List<SegmentExpression> clauses = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            clauses.add(read(list.get(i), path + "[" + i + "]", depth + 1));
        }
        return switch (kind) {
            case "all" -> new SegmentExpression.All(clauses);
            case "any" -> new SegmentExpression.Any(clauses);
            default -> new SegmentExpression.None(clauses);
        };
    }

    /** The expression as plain maps and lists, ready for a JSON writer. */
    static Object write(SegmentExpression expression) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (expression instanceof SegmentExpression.All all) {
            json.put("all", all.clauses().stream().map(SegmentJson::write).toList());
        } else if (expression instanceof SegmentExpression.Any any) {
            json.put("any", any.clauses().stream().map(SegmentJson::write).toList());
        } else if (expression instanceof SegmentExpression.None none) {
            json.put("none", none.clauses().stream().map(SegmentJson::write).toList());
        } else if (expression instanceof SegmentExpression.HasTag has) {
            json.put("hasTag", has.tagId());
        } else if (expression instanceof SegmentExpression.LacksTag lacks) {
            json.put("lacksTag", lacks.tagId());
        } else if (expression instanceof SegmentExpression.TaggedWithinDays within) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("tag", within.tagId());
            inner.put("days", within.days());
            json.put("taggedWithinDays", inner);
        } else if (expression instanceof SegmentExpression.InDepartment department) {
            json.put("departmentId", department.departmentId());
            json.put("includeSubDepartments", department.includeSubDepartments());
        } else {
            // The follow-up list's "since the last nightly run" is computed, never stored.
            throw new IllegalArgumentException("Not a stored clause: " + expression);
        }
        return json;
    }

    /**
     * The clauses that name a tag or a department, each under the path of the field that names it
     * ({@code expression.all[1].taggedWithinDays.tag}), in the order they are written: where a
     * refusal of what it names points to.
     */
    static Map<String, SegmentExpression> namingClauses(SegmentExpression expression) {
        Map<String, SegmentExpression> clauses = new LinkedHashMap<>();
        namingClauses(expression, ROOT, clauses);
        return clauses;
    }

    private static void namingClauses(SegmentExpression e, String path, Map<String, SegmentExpression> clauses) {
        String group = e instanceof SegmentExpression.All
                ? "all"
                : e instanceof SegmentExpression.Any ? "any" : e instanceof SegmentExpression.None ? "none" : null;
        if (group != null) {
            List<SegmentExpression> children = e.children();
            for (int i = 0; i < children.size(); i++) {
                namingClauses(children.get(i), path + "." + group + "[" + i + "]", clauses);
            }
        } else if (e instanceof SegmentExpression.HasTag) {
            clauses.put(path + ".hasTag", e);
        } else if (e instanceof SegmentExpression.LacksTag) {
            clauses.put(path + ".lacksTag", e);
        } else if (e instanceof SegmentExpression.TaggedWithinDays) {
            clauses.put(path + ".taggedWithinDays.tag", e);
        } else if (e instanceof SegmentExpression.InDepartment) {
            clauses.put(path + ".departmentId", e);
        }
    }

    /** The tag a clause names, if it names one. */
    static Long tagOf(SegmentExpression clause) {
        if (clause instanceof SegmentExpression.HasTag has) {
            return has.tagId();
        }
        if (clause instanceof SegmentExpression.LacksTag lacks) {
            return lacks.tagId();
        }
        if (clause instanceof SegmentExpression.TaggedWithinDays within) {
            return within.tagId();
        }
        if (clause instanceof SegmentExpression.TaggedSince since) {
            return since.tagId();
        }
        return null;
    }

    private static void only(JsonNode node, String path, String... names) {
        for (String name : node.propertyNames()) {
            if (!List.of(names).contains(name)) {
                throw invalid(path + "." + name);
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

    static RefusedException invalid(String path) {
        return RefusedException.invalid(path, "SEGMENT_EXPRESSION_INVALID", path);
    }
}
