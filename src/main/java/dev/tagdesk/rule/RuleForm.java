package dev.tagdesk.rule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rule form's fields: a name, all-of / any-of over a few clause rows, the tags to add and remove,
 * and the departments with their include-sub-departments switches. A condition that nests groups
 * (written through the API) is shown, not edited.
 */
public class RuleForm {

    static final int CLAUSE_ROWS = 4;

    /** One clause row; which fields count depends on its type. */
    public static class ClauseForm {
        private String type = "";
        private Long tagId;
        private Integer days;
        private Long departmentId;
        private boolean includeSub;
        private String status = "";

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

        RuleCondition condition(int row) {
            String at = "clauses[" + row + "]";
            return switch (type) {
                case "inactiveDays" -> new RuleCondition.InactiveDays(days(at));
                case "hasTag" -> new RuleCondition.HasTag(tag(at));
                case "lacksTag" -> new RuleCondition.LacksTag(tag(at));
                case "carriedTag" -> new RuleCondition.CarriedTag(tag(at), days(at));
                case "department" -> {
                    if (departmentId == null) {
                        throw invalid(at + ".departmentId");
                    }
                    yield new RuleCondition.InDepartment(departmentId, includeSub);
                }
                case "status" -> {
                    if (!RuleJson.isStatus(status)) {
                        throw invalid(at + ".status");
                    }
                    yield new RuleCondition.HasStatus(status);
                }
                default -> throw invalid(at + ".type");
            };
        }

        private int days(String at) {
            if (days == null || days < 1 || days > RuleJson.MAX_DAYS) {
                throw invalid(at + ".days");
            }
            return days;
        }

        private long tag(String at) {
            if (tagId == null) {
                throw invalid(at + ".tagId");
            }
            return tagId;
        }

        static ClauseForm of(RuleCondition condition) {
            ClauseForm form = new ClauseForm();
            if (condition instanceof RuleCondition.InactiveDays inactive) {
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
            }
            return form;
        }
    }

    private String name = "";
    private boolean enabled = true;
    private String match = "all";
    private List<ClauseForm> clauses = new ArrayList<>();
    private List<Long> addTagIds = new ArrayList<>();
    private List<Long> removeTagIds = new ArrayList<>();
    private Integer shelfLifeDays;
    private List<Long> departmentIds = new ArrayList<>();
    private List<Long> includeSubIds = new ArrayList<>();
    private Long version;
    private boolean advanced;
    private String conditionJson;
    private RuleCondition advancedCondition;

    public static RuleForm blank() {
        RuleForm form = new RuleForm();
        form.padClauses();
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
        List<RuleCondition> clauses = rule.condition() instanceof RuleCondition.All all
                ? all.clauses()
                : rule.condition() instanceof RuleCondition.Any any ? any.clauses() : List.of(rule.condition());
        form.match = rule.condition() instanceof RuleCondition.Any ? "any" : "all";
        if (clauses.stream().anyMatch(c -> c instanceof RuleCondition.All || c instanceof RuleCondition.Any)) {
            form.advanced = true;
            form.conditionJson = conditionJson;
            form.advancedCondition = rule.condition();
        } else {
            clauses.forEach(c -> form.clauses.add(ClauseForm.of(c)));
        }
        form.padClauses();
        return form;
    }

    void padClauses() {
        while (clauses.size() < CLAUSE_ROWS) {
            clauses.add(new ClauseForm());
        }
    }

    /** The rule the form describes; an incomplete clause row is refused with where it is. */
    RuleDefinition definition(RuleCondition keptCondition) {
        RuleCondition condition = keptCondition;
        if (condition == null) {
            List<RuleCondition> chosen = new ArrayList<>();
            for (int i = 0; i < clauses.size(); i++) {
                if (!clauses.get(i).getType().isEmpty()) {
                    chosen.add(clauses.get(i).condition(i));
                }
            }
            if (chosen.isEmpty()) {
                throw invalid("clauses");
            }
            condition = "any".equals(match) ? new RuleCondition.Any(chosen) : new RuleCondition.All(chosen);
        }
        List<RuleDefinition.Department> departments = new ArrayList<>();
        for (Long id : new LinkedHashSet<>(departmentIds)) {
            departments.add(new RuleDefinition.Department(id, includeSubIds.contains(id)));
        }
        return new RuleDefinition(
                name, enabled, condition, new RuleAction(addTagIds, removeTagIds, shelfLifeDays), departments);
    }

    private static dev.tagdesk.shared.RefusedException invalid(String at) {
        return dev.tagdesk.shared.RefusedException.invalid("condition", "RULE_CONDITION_INVALID", at);
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
        this.match = match;
    }

    public List<ClauseForm> getClauses() {
        return clauses;
    }

    public void setClauses(List<ClauseForm> clauses) {
        this.clauses = clauses;
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

    public boolean isAdvanced() {
        return advanced;
    }

    public String getConditionJson() {
        return conditionJson;
    }

    RuleCondition advancedCondition() {
        return advancedCondition;
    }
}
