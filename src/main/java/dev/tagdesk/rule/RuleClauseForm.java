package dev.tagdesk.rule;

import dev.tagdesk.shared.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One item of the condition builder as the browser posts it: a clause, whose fields count according
 * to its type, or (type {@code group}) an all-of / any-of group of clauses one level deep.
 */
public class RuleClauseForm {

    static final String GROUP = "group";

    private String type = "";
    private Long tagId;
    private Integer days;
    private Long departmentId;
    private boolean includeSub;
    private String status = "";
    private String match = "all";
    private List<RuleClauseForm> clauses = new ArrayList<>();
    private String eventType = "";
    private Integer atLeast;
    private String sameValueOf = "";
    private String whereProperty = "";
    private String whereValue = "";

    /** An empty clause, for the user to fill in. */
    static RuleClauseForm blank() {
        return new RuleClauseForm();
    }

    /** A new group with one empty clause in it. */
    static RuleClauseForm newGroup() {
        RuleClauseForm group = new RuleClauseForm();
        group.type = GROUP;
        group.clauses.add(blank());
        return group;
    }

    boolean isGroup() {
        return GROUP.equals(type);
    }

    boolean isBlank() {
        return type.isEmpty();
    }

    /**
     * The condition this item stands for, or {@code null} with what is missing added to
     * {@code problems}, each at the path of the field it concerns.
     */
    RuleCondition condition(String path, List<Refusal> problems) {
        return switch (type) {
            case "inactiveDays" -> days(path, problems) ? new RuleCondition.InactiveDays(days) : null;
            case "hasTag" -> tag(path, problems) ? new RuleCondition.HasTag(tagId) : null;
            case "lacksTag" -> tag(path, problems) ? new RuleCondition.LacksTag(tagId) : null;
            case "carriedTag" ->
                tag(path, problems) & days(path, problems) ? new RuleCondition.CarriedTag(tagId, days) : null;
            case "department" -> {
                if (departmentId == null) {
                    problems.add(new Refusal(path + ".departmentId", "RULE_CLAUSE_DEPARTMENT"));
                    yield null;
                }
                yield new RuleCondition.InDepartment(departmentId, includeSub);
            }
            case "status" -> {
                if (!RuleJson.isStatus(status)) {
                    problems.add(new Refusal(path + ".status", "RULE_CLAUSE_STATUS"));
                    yield null;
                }
                yield new RuleCondition.HasStatus(status);
            }
            case "events" -> events(path, problems);
            case GROUP -> group(path, problems);
            default -> {
                problems.add(new Refusal(path + ".type", "RULE_CLAUSE_TYPE"));
                yield null;
            }
        };
    }

    /** "At least N events of a type within D days", optionally about one value, or one property's value. */
    private RuleCondition events(String path, List<Refusal> problems) {
        int before = problems.size();
        if (eventType.isBlank()) {
            problems.add(new Refusal(path + ".eventType", "RULE_CLAUSE_EVENT_TYPE"));
        }
        if (atLeast == null || atLeast < 1 || atLeast > RuleJson.MAX_AT_LEAST) {
            problems.add(new Refusal(path + ".atLeast", "RULE_CLAUSE_AT_LEAST", RuleJson.MAX_AT_LEAST));
        }
        days(path, problems);
        if (whereProperty.isBlank() != whereValue.isBlank()) {
            problems.add(new Refusal(path + ".whereValue", "RULE_CLAUSE_WHERE"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new RuleCondition.Events(
                eventType.strip(),
                atLeast,
                days,
                sameValueOf.isBlank() ? null : sameValueOf.strip(),
                whereProperty.isBlank() ? Map.of() : Map.of(whereProperty.strip(), whereValue.strip()));
    }

    private RuleCondition group(String path, List<Refusal> problems) {
        List<RuleCondition> chosen = new ArrayList<>();
        int before = problems.size();
        for (int i = 0; i < clauses.size(); i++) {
            RuleClauseForm clause = clauses.get(i);
            if (clause.isGroup()) {
                // The builder nests one level only; a deeper group is forged, not built.
                problems.add(new Refusal(path + ".clauses[" + i + "].type", "RULE_CLAUSE_TYPE"));
            } else if (!clause.isBlank()) {
                chosen.add(clause.condition(path + ".clauses[" + i + "]", problems));
            }
        }
        return combined(match, chosen, path, "RULE_GROUP_EMPTY", problems, before);
    }

    /**
     * The chosen clauses as one all/any condition, or null with a refusal at {@code path} when there
     * are none ({@code emptyCode}, unless a clause was refused already) or too many; {@code before}: the
     * refusals there were before these clauses were read. The top level and a group share this rule.
     */
    static RuleCondition combined(
            String match,
            List<RuleCondition> chosen,
            String path,
            String emptyCode,
            List<Refusal> problems,
            int before) {
        if (chosen.isEmpty() && problems.size() == before) {
            problems.add(new Refusal(path, emptyCode));
        }
        if (chosen.size() > RuleForm.MAX_ITEMS) {
            problems.add(new Refusal(path, "RULE_CLAUSES_TOO_MANY", RuleForm.MAX_ITEMS));
        }
        if (problems.size() > before) {
            return null;
        }
        return "any".equals(match) ? new RuleCondition.Any(chosen) : new RuleCondition.All(chosen);
    }

    private boolean days(String path, List<Refusal> problems) {
        if (days == null || days < 1 || days > RuleJson.MAX_DAYS) {
            problems.add(new Refusal(path + ".days", "RULE_CLAUSE_DAYS", RuleJson.MAX_DAYS));
            return false;
        }
        return true;
    }

    private boolean tag(String path, List<Refusal> problems) {
        if (tagId == null) {
            problems.add(new Refusal(path + ".tagId", "RULE_CLAUSE_TAG"));
            return false;
        }
        return true;
    }

    /**
     * The form item for a stored condition, or {@code null} when it nests deeper than the builder
     * shows (a group inside a group).
     */
    static RuleClauseForm of(RuleCondition condition, boolean mayBeGroup) {
        RuleClauseForm form = new RuleClauseForm();
        if (condition instanceof RuleCondition.All || condition instanceof RuleCondition.Any) {
            if (!mayBeGroup) {
                return null;
            }
            form.type = GROUP;
            form.match = condition instanceof RuleCondition.Any ? "any" : "all";
            List<RuleCondition> inner = condition instanceof RuleCondition.All all
                    ? all.clauses()
                    : ((RuleCondition.Any) condition).clauses();
            for (RuleCondition c : inner) {
                RuleClauseForm clause = of(c, false);
                if (clause == null) {
                    return null;
                }
                form.clauses.add(clause);
            }
        } else if (condition instanceof RuleCondition.InactiveDays inactive) {
            form.type = "inactiveDays";
            form.days = inactive.days();
        } else if (condition instanceof RuleCondition.HasTag has) {
            form.type = "hasTag";
            form.tagId = has.tagId();
        } else if (condition instanceof RuleCondition.LacksTag lacks) {
            form.type = "lacksTag";
            form.tagId = lacks.tagId();
        } else if (condition instanceof RuleCondition.CarriedTag carried) {
            form.type = "carriedTag";
            form.tagId = carried.tagId();
            form.days = carried.days();
        } else if (condition instanceof RuleCondition.InDepartment department) {
            form.type = "department";
            form.departmentId = department.departmentId();
            form.includeSub = department.includeSubDepartments();
        } else if (condition instanceof RuleCondition.HasStatus status) {
            form.type = "status";
            form.status = status.status();
        } else if (condition instanceof RuleCondition.Events events) {
            if (events.where().size() > 1) {
                return null; // the builder shows one property's value; more are kept as written
            }
            form.type = "events";
            form.eventType = events.type();
            form.atLeast = events.atLeast();
            form.days = events.withinDays();
            form.sameValueOf = events.sameValueOf() == null ? "" : events.sameValueOf();
            events.where().forEach((property, value) -> {
                form.whereProperty = property;
                form.whereValue = value;
            });
        }
        return form;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type == null ? "" : type;
    }

    public Long getTagId() {
        return tagId;
    }

    public void setTagId(Long tagId) {
        this.tagId = tagId;
    }

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }

    public Long getDepartmentId() {
        return departmentId;
    }

    public void setDepartmentId(Long departmentId) {
        this.departmentId = departmentId;
    }

    public boolean isIncludeSub() {
        return includeSub;
    }

    public void setIncludeSub(boolean includeSub) {
        this.includeSub = includeSub;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status == null ? "" : status;
    }

    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        this.match = "any".equals(match) ? "any" : "all";
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType == null ? "" : eventType;
    }

    public Integer getAtLeast() {
        return atLeast;
    }

    public void setAtLeast(Integer atLeast) {
        this.atLeast = atLeast;
    }

    public String getSameValueOf() {
        return sameValueOf;
    }

    public void setSameValueOf(String sameValueOf) {
        this.sameValueOf = sameValueOf == null ? "" : sameValueOf;
    }

    public String getWhereProperty() {
        return whereProperty;
    }

    public void setWhereProperty(String whereProperty) {
        this.whereProperty = whereProperty == null ? "" : whereProperty;
    }

    public String getWhereValue() {
        return whereValue;
    }

    public void setWhereValue(String whereValue) {
        this.whereValue = whereValue == null ? "" : whereValue;
    }

    public List<RuleClauseForm> getClauses() {
        return clauses;
    }

    public void setClauses(List<RuleClauseForm> clauses) {
        this.clauses = clauses == null ? new ArrayList<>() : clauses;
    }
}
