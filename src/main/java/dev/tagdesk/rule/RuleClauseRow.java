package dev.tagdesk.rule;

import dev.tagdesk.directory.DepartmentPicker;
import dev.tagdesk.shared.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * One item of the condition builder as the page draws it: the clause (or group) with the name its
 * fields post under ({@code clauses[1].clauses[0]}), the element id they start with
 * ({@code clauses1.clauses0}), its number as people count ("2.1"), and the builder edits its buttons send.
 */
public record RuleClauseRow(
        String path,
        String id,
        String number,
        String position,
        RuleClauseForm clause,
        List<RuleClauseRow> children,
        List<Refusal> errors) {

    static RuleClauseRow top(int index, RuleClauseForm clause, List<Refusal> refusals) {
        String path = "clauses[" + index + "]";
        String id = "clauses" + index;
        List<RuleClauseRow> children = new ArrayList<>();
        if (clause.isGroup()) {
            List<RuleClauseForm> inner = clause.getClauses();
            for (int j = 0; j < inner.size(); j++) {
                String childPath = path + ".clauses[" + j + "]";
                children.add(new RuleClauseRow(
                        childPath,
                        id + ".clauses" + j,
                        (index + 1) + "." + (j + 1),
                        index + "." + j,
                        inner.get(j),
                        List.of(),
                        concerning(refusals, childPath, false)));
            }
        }
        return new RuleClauseRow(
                path,
                id,
                String.valueOf(index + 1),
                String.valueOf(index),
                clause,
                children,
                concerning(refusals, path, clause.isGroup()));
    }

    /** The refusals about this item's own fields (a group's: about the group, not its clauses). */
    private static List<Refusal> concerning(List<Refusal> refusals, String path, boolean group) {
        return refusals.stream()
                .filter(r -> r.field().equals(path)
                        || r.field().startsWith(path + ".")
                                && !(group && r.field().startsWith(path + ".clauses[")))
                .toList();
    }

    public boolean group() {
        return clause.isGroup();
    }

    /** The field's name: {@code clauses[1].clauses[0].days}. */
    public String name(String field) {
        return path + "." + field;
    }

    /** The field's element id: {@code clauses1.clauses0.days}. */
    public String idOf(String field) {
        return id + "." + field;
    }

    /** The builder edit of this item's remove button. */
    public String removeEdit() {
        return "remove:" + position;
    }

    /** The builder edit of a group's "add a clause" button. */
    public String addEdit() {
        return "add:" + position;
    }

    /** The department picker of a "member of department" clause: one department. */
    public DepartmentPicker.Fields departmentFields() {
        return DepartmentPicker.Fields.one(
                name("departmentId"), "c" + position.replace('.', '-') + "-dept", clause.getDepartmentId());
    }
}
