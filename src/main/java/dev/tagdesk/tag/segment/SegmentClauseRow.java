package dev.tagdesk.tag.segment;

import dev.tagdesk.directory.DepartmentPicker;
import dev.tagdesk.shared.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * One item of the segment builder as the page draws it: the clause (or group) with the name its
 * fields post under ({@code clauses[1].clauses[0]}), the element id they start with
 * ({@code clauses1.clauses0}), its number as people count ("2.1"), and the edits its buttons send.
 */
public record SegmentClauseRow(
        String path,
        String id,
        String number,
        String position,
        SegmentClauseForm clause,
        List<SegmentClauseRow> children,
        List<Refusal> errors) {

    static SegmentClauseRow top(int index, SegmentClauseForm clause, List<Refusal> refusals) {
        String path = "clauses[" + index + "]";
        String id = "clauses" + index;
        List<SegmentClauseRow> children = new ArrayList<>();
        if (clause.isGroup()) {
            List<SegmentClauseForm> inner = clause.getClauses();
            for (int j = 0; j < inner.size(); j++) {
                String childPath = path + ".clauses[" + j + "]";
                children.add(new SegmentClauseRow(
                        childPath,
                        id + ".clauses" + j,
                        (index + 1) + "." + (j + 1),
                        index + "." + j,
                        inner.get(j),
                        List.of(),
                        concerning(refusals, childPath, false)));
            }
        }
        return new SegmentClauseRow(
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

    public String name(String field) {
        return path + "." + field;
    }

    public String idOf(String field) {
        return id + "." + field;
    }

    public String removeEdit() {
        return "remove:" + position;
    }

    public String addEdit() {
        return "add:" + position;
    }

    /** The department picker of a "member of department" clause: one department. */
    public DepartmentPicker.Fields departmentFields() {
        return DepartmentPicker.Fields.one(
                name("departmentId"), "s" + position.replace('.', '-') + "-dept", clause.getDepartmentId());
    }
}
