package dev.tagdesk.rule;

import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rule form's fields: a name, the condition as the builder shows it (all-of / any-of over clauses
 * and groups of clauses, one level deep), the tags to add and remove, and the departments with their
 * include-sub-departments switches. A condition that nests deeper (written through the API) is shown,
 * not edited.
 *
 * <p>The builder's buttons post the form with {@code edit} set ({@code add}, {@code add-group},
 * {@code add:2}, {@code remove:1}, {@code remove:1.0}): the page comes back with the change made and
 * nothing saved, so the builder works without JavaScript too (htmx only swaps the builder in place).
 */
public class RuleForm {

    /** Most clauses in one all-of / any-of, as the API allows. */
    static final int MAX_ITEMS = 50;

    private String name = "";
    private boolean enabled = true;
    private String match = "all";
    private List<RuleClauseForm> clauses = new ArrayList<>();
    private List<Long> addTagIds = new ArrayList<>();
    private List<Long> removeTagIds = new ArrayList<>();
    private Integer shelfLifeDays;
    private List<Long> departmentIds = new ArrayList<>();
    private List<Long> includeSubIds = new ArrayList<>();
    private Long version;
    private String edit;
    private boolean advanced;
    private String conditionJson;

    /** A new rule: one empty clause to start with. */
    public static RuleForm blank() {
        RuleForm form = new RuleForm();
        form.clauses.add(RuleClauseForm.blank());
        return form;
    }

    static RuleForm of(RuleViews.RuleView rule, String conditionJson) {
        RuleForm form = new RuleForm();
        form.name = rule.name();
        form.enabled = rule.enabled();
        form.version = rule.version();
        form.addTagIds = new ArrayList<>(rule.action().add());
        form.removeTagIds = new ArrayList<>(rule.action().remove());
        form.shelfLifeDays = rule.action().shelfLifeDays();
        rule.departments().forEach(d -> {
            form.departmentIds.add(d.departmentId());
            if (d.includeSubDepartments()) {
                form.includeSubIds.add(d.departmentId());
            }
        });
        RuleCondition condition = rule.condition();
        List<RuleCondition> items = condition instanceof RuleCondition.All all
                ? all.clauses()
                : condition instanceof RuleCondition.Any any ? any.clauses() : List.of(condition);
        form.match = condition instanceof RuleCondition.Any ? "any" : "all";
        for (RuleCondition item : items) {
            RuleClauseForm clause = RuleClauseForm.of(item, true);
            if (clause == null) {
                form.advanced = true;
                form.conditionJson = conditionJson;
                form.clauses.clear();
                break;
            }
            form.clauses.add(clause);
        }
        return form;
    }

    /** Whether the form was posted by one of the builder's buttons rather than to save or dry-run. */
    boolean isEdit() {
        return edit != null && !edit.isEmpty();
    }

    /**
     * Makes the builder change the button asked for; an edit that names nothing there changes
     * nothing. Answers where the user goes on: the path of the clause added (its type is focused), or
     * {@code add} (the "add a condition" button) after a removal.
     */
    String applyEdit() {
        String[] parts = edit.split(":", 2);
        List<Integer> at = parts.length < 2 ? List.of() : positions(parts[1]);
        edit = null;
        switch (parts[0]) {
            case "add" -> {
                if (at.isEmpty() && clauses.size() < MAX_ITEMS) {
                    clauses.add(RuleClauseForm.blank());
                    return "clauses[" + (clauses.size() - 1) + "]";
                }
                RuleClauseForm group = at.size() == 1 ? group(at.get(0)) : null;
                if (group != null && group.getClauses().size() < MAX_ITEMS) {
                    group.getClauses().add(RuleClauseForm.blank());
                    return "clauses[" + at.get(0) + "].clauses["
                            + (group.getClauses().size() - 1) + "]";
                }
                return null;
            }
            case "add-group" -> {
                if (clauses.size() < MAX_ITEMS) {
                    clauses.add(RuleClauseForm.newGroup());
                    return "clauses[" + (clauses.size() - 1) + "].clauses[0]";
                }
                return null;
            }
            case "remove" -> {
                remove(at);
                return "add";
            }
            default -> {
                return null;
            }
        }
    }

    /** On a saved rule whose condition the builder cannot show, the form keeps showing it as stored. */
    void keepCondition(RuleForm stored) {
        if (stored.advanced) {
            advanced = true;
            conditionJson = stored.conditionJson;
            clauses.clear();
        }
    }

    private void remove(List<Integer> at) {
        if (at.size() == 1 && at.get(0) < clauses.size()) {
            clauses.remove((int) at.get(0));
        } else if (at.size() == 2 && group(at.get(0)) != null) {
            List<RuleClauseForm> inner = group(at.get(0)).getClauses();
            if (at.get(1) < inner.size()) {
                inner.remove((int) at.get(1));
            }
        }
    }

    private RuleClauseForm group(int index) {
        return index < clauses.size() && clauses.get(index).isGroup() ? clauses.get(index) : null;
    }

    private static List<Integer> positions(String text) {
        List<Integer> positions = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            if (!part.matches("\\d{1,3}")) {
                return List.of();
            }
            positions.add(Integer.parseInt(part));
        }
        return positions.size() <= 2 ? positions : List.of();
    }

    /**
     * The rule the form describes. Every clause that is incomplete is refused at once, each at the
     * path of its field ({@code clauses[1].clauses[0].days}), so the page can say it beside the clause.
     */
    RuleDefinition definition(RuleCondition keptCondition) {
        RuleCondition condition = keptCondition == null ? condition() : keptCondition;
        List<RuleDefinition.Department> departments = new ArrayList<>();
        for (Long id : new LinkedHashSet<>(departmentIds)) {
            if (id != null) {
                departments.add(new RuleDefinition.Department(id, includeSubIds.contains(id)));
            }
        }
        return new RuleDefinition(
                name, enabled, condition, new RuleAction(addTagIds, removeTagIds, shelfLifeDays), departments);
    }

    private RuleCondition condition() {
        List<Refusal> problems = new ArrayList<>();
        List<RuleCondition> chosen = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            if (!clauses.get(i).isBlank()) {
                chosen.add(clauses.get(i).condition("clauses[" + i + "]", problems));
            }
        }
        RuleCondition condition =
                RuleClauseForm.combined(match, chosen, "clauses", "RULE_CONDITION_EMPTY", problems, 0);
        if (condition == null) {
            throw new RefusedException(400, problems);
        }
        return condition;
    }

    /** The builder's items with where they are and what is wrong with each, for the page. */
    List<RuleClauseRow> rows(List<Refusal> refusals) {
        List<RuleClauseRow> rows = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            rows.add(RuleClauseRow.top(i, clauses.get(i), refusals));
        }
        return rows;
    }

    /** The departments the clauses name, for their trees to open to. */
    List<Long> clauseDepartments() {
        List<Long> ids = new ArrayList<>();
        for (RuleClauseForm clause : clauses) {
            ids.add(clause.getDepartmentId());
            clause.getClauses().forEach(c -> ids.add(c.getDepartmentId()));
        }
        ids.removeIf(java.util.Objects::isNull);
        return ids;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        this.match = "any".equals(match) ? "any" : "all";
    }

    public List<RuleClauseForm> getClauses() {
        return clauses;
    }

    public void setClauses(List<RuleClauseForm> clauses) {
        this.clauses = clauses == null ? new ArrayList<>() : clauses;
    }

    public List<Long> getAddTagIds() {
        return addTagIds;
    }

    public void setAddTagIds(List<Long> addTagIds) {
        this.addTagIds = addTagIds == null ? new ArrayList<>() : addTagIds;
    }

    public List<Long> getRemoveTagIds() {
        return removeTagIds;
    }

    public void setRemoveTagIds(List<Long> removeTagIds) {
        this.removeTagIds = removeTagIds == null ? new ArrayList<>() : removeTagIds;
    }

    public Integer getShelfLifeDays() {
        return shelfLifeDays;
    }

    public void setShelfLifeDays(Integer shelfLifeDays) {
        this.shelfLifeDays = shelfLifeDays;
    }

    public List<Long> getDepartmentIds() {
        return departmentIds;
    }

    public void setDepartmentIds(List<Long> departmentIds) {
        this.departmentIds = departmentIds == null ? new ArrayList<>() : departmentIds;
    }

    public List<Long> getIncludeSubIds() {
        return includeSubIds;
    }

    public void setIncludeSubIds(List<Long> includeSubIds) {
        this.includeSubIds = includeSubIds == null ? new ArrayList<>() : includeSubIds;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    public String getEdit() {
        return edit;
    }

    public void setEdit(String edit) {
        this.edit = edit;
    }

    public boolean isAdvanced() {
        return advanced;
    }

    public String getConditionJson() {
        return conditionJson;
    }
}
