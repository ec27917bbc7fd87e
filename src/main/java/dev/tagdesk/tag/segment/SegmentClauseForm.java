package dev.tagdesk.tag.segment;

import dev.tagdesk.shared.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * One item of the segment builder as the browser posts it: a clause, whose fields count according to
 * its type, or (type {@code group}) an all-of / any-of / none-of group of clauses one level deep.
 */
public class SegmentClauseForm {

    static final String GROUP = "group";

    /** Clause types in the order the builder offers them. */
    static final List<String> TYPES = List.of("hasTag", "lacksTag", "taggedWithinDays", "department");

    private String type = "";
    private Long tagId;
    private Integer days;
    private Long departmentId;
    private boolean includeSub;
    private String match = "all";
    private List<SegmentClauseForm> clauses = new ArrayList<>();

    static SegmentClauseForm blank() {
        return new SegmentClauseForm();
    }

    static SegmentClauseForm newGroup() {
        SegmentClauseForm group = new SegmentClauseForm();
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
     * The expression this item stands for, or {@code null} with what is missing added to
     * {@code problems}, each at the path of the field it concerns ({@code clauses[1].clauses[0].days}).
     */
    SegmentExpression expression(String path, List<Refusal> problems) {
        return switch (type) {
            case "hasTag" -> tag(path, problems) ? new SegmentExpression.HasTag(tagId) : null;
            case "lacksTag" -> tag(path, problems) ? new SegmentExpression.LacksTag(tagId) : null;
            case "taggedWithinDays" ->
                tag(path, problems) & days(path, problems) ? new SegmentExpression.TaggedWithinDays(tagId, days) : null;
            case "department" -> {
                if (departmentId == null) {
                    problems.add(new Refusal(path + ".departmentId", "SEGMENT_CLAUSE_DEPARTMENT"));
                    yield null;
                }
                yield new SegmentExpression.InDepartment(departmentId, includeSub);
            }
            case GROUP -> group(path, problems);
            default -> {
                problems.add(new Refusal(path + ".type", "SEGMENT_CLAUSE_TYPE"));
                yield null;
            }
        };
    }

    private SegmentExpression group(String path, List<Refusal> problems) {
        List<SegmentExpression> chosen = new ArrayList<>();
        int before = problems.size();
        for (int i = 0; i < clauses.size(); i++) {
            SegmentClauseForm clause = clauses.get(i);
            if (clause.isGroup()) {
                // The builder nests one level; a deeper group is forged, not built.
                problems.add(new Refusal(path + ".clauses[" + i + "].type", "SEGMENT_CLAUSE_TYPE"));
            } else if (!clause.isBlank()) {
                chosen.add(clause.expression(path + ".clauses[" + i + "]", problems));
            }
        }
        return combined(match, chosen, path, "SEGMENT_GROUP_EMPTY", problems, before);
    }

    /**
     * The chosen clauses as one all/any/none expression, or null with a refusal at {@code path} when
     * there are none ({@code emptyCode}, unless a clause was refused already) or too many. The top level
     * and a group share this rule.
     */
    static SegmentExpression combined(
            String match,
            List<SegmentExpression> chosen,
            String path,
            String emptyCode,
            List<Refusal> problems,
            int before) {
        if (chosen.isEmpty() && problems.size() == before) {
            problems.add(new Refusal(path, emptyCode));
        }
        if (chosen.size() > SegmentJson.MAX_CLAUSES) {
            problems.add(new Refusal(path, "SEGMENT_CLAUSES_TOO_MANY", SegmentJson.MAX_CLAUSES));
        }
        if (problems.size() > before) {
            return null;
        }
        return switch (match) {
            case "any" -> new SegmentExpression.Any(chosen);
            case "none" -> new SegmentExpression.None(chosen);
            default -> new SegmentExpression.All(chosen);
        };
    }

    private boolean days(String path, List<Refusal> problems) {
        if (days == null || days < 1 || days > SegmentJson.MAX_DAYS) {
            problems.add(new Refusal(path + ".days", "SEGMENT_CLAUSE_DAYS", SegmentJson.MAX_DAYS));
            return false;
        }
        return true;
    }

    private boolean tag(String path, List<Refusal> problems) {
        if (tagId == null) {
            problems.add(new Refusal(path + ".tagId", "SEGMENT_CLAUSE_TAG"));
            return false;
        }
        return true;
    }

    /** The form item for a stored expression, or {@code null} when it nests deeper than the builder shows. */
    static SegmentClauseForm of(SegmentExpression expression, boolean mayBeGroup) {
        SegmentClauseForm form = new SegmentClauseForm();
        if (expression.isGroup()) {
            if (!mayBeGroup) {
                return null;
            }
            form.type = GROUP;
            form.match = SegmentForm.matchOf(expression);
            for (SegmentExpression child : expression.children()) {
                SegmentClauseForm clause = of(child, false);
                if (clause == null) {
                    return null;
                }
                form.clauses.add(clause);
            }
        } else if (expression instanceof SegmentExpression.HasTag has) {
            form.type = "hasTag";
            form.tagId = has.tagId();
        } else if (expression instanceof SegmentExpression.LacksTag lacks) {
            form.type = "lacksTag";
            form.tagId = lacks.tagId();
        } else if (expression instanceof SegmentExpression.TaggedWithinDays within) {
            form.type = "taggedWithinDays";
            form.tagId = within.tagId();
            form.days = within.days();
        } else if (expression instanceof SegmentExpression.InDepartment department) {
            form.type = "department";
            form.departmentId = department.departmentId();
            form.includeSub = department.includeSubDepartments();
        } else {
            return null;
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

    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        this.match = SegmentForm.match(match);
    }

    public List<SegmentClauseForm> getClauses() {
        return clauses;
    }

    public void setClauses(List<SegmentClauseForm> clauses) {
        this.clauses = clauses == null ? new ArrayList<>() : clauses;
    }
}
