package dev.tagdesk.tag.segment;

import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The segment builder's fields: a name and the expression as the builder shows it (all-of / any-of /
 * none-of over clauses and groups of clauses, one level deep). An expression nested deeper (written
 * through the API) is shown, not edited, and kept as it is.
 *
 * <p>The builder's buttons post the form with {@code edit} set ({@code add}, {@code add-group},
 * {@code add:2}, {@code remove:1}, {@code remove:1.0}), as the rule builder's do: the page comes back
 * with the change made and nothing saved, so it works without JavaScript; htmx swaps only the builder.
 */
public class SegmentForm {

    private String name = "";
    private String match = "all";
    private List<SegmentClauseForm> clauses = new ArrayList<>();
    private Long version;
    private String edit;
    private boolean advanced;
    private String expressionJson;

    /** A new segment: one empty clause to start with. */
    static SegmentForm blank() {
        SegmentForm form = new SegmentForm();
        form.clauses.add(SegmentClauseForm.blank());
        return form;
    }

    /** The form of a saved segment. */
    static SegmentForm of(SegmentViews.SegmentView segment, String expressionJson) {
        SegmentForm form = new SegmentForm();
        form.name = segment.name();
        form.version = segment.version();
        SegmentExpression expression = segment.expression();
        List<SegmentExpression> items = expression.isGroup() ? expression.children() : List.of(expression);
        form.match = expression.isGroup() ? matchOf(expression) : "all";
        for (SegmentExpression item : items) {
            SegmentClauseForm clause = SegmentClauseForm.of(item, true);
            if (clause == null) {
                form.advanced = true;
                form.expressionJson = expressionJson;
                form.clauses.clear();
                break;
            }
            form.clauses.add(clause);
        }
        return form;
    }

    static String matchOf(SegmentExpression group) {
        return group instanceof SegmentExpression.Any
                ? "any"
                : group instanceof SegmentExpression.None ? "none" : "all";
    }

    static String match(String match) {
        return "any".equals(match) || "none".equals(match) ? match : "all";
    }

    boolean isEdit() {
        return edit != null && !edit.isEmpty();
    }

    /**
     * Makes the change the builder's button asked for; an edit naming nothing there changes nothing.
     * Answers where the user goes on: the path of the clause added (its type is focused), or {@code add}
     * after a removal.
     */
    String applyEdit() {
        String[] parts = edit.split(":", 2);
        List<Integer> at = parts.length < 2 ? List.of() : positions(parts[1]);
        edit = null;
        switch (parts[0]) {
            case "add" -> {
                if (at.isEmpty() && clauses.size() < SegmentJson.MAX_CLAUSES) {
                    clauses.add(SegmentClauseForm.blank());
                    return "clauses[" + (clauses.size() - 1) + "]";
                }
                SegmentClauseForm group = at.size() == 1 ? group(at.get(0)) : null;
                if (group != null && group.getClauses().size() < SegmentJson.MAX_CLAUSES) {
                    group.getClauses().add(SegmentClauseForm.blank());
                    return "clauses[" + at.get(0) + "].clauses["
                            + (group.getClauses().size() - 1) + "]";
                }
                return null;
            }
            case "add-group" -> {
                if (clauses.size() < SegmentJson.MAX_CLAUSES) {
                    clauses.add(SegmentClauseForm.newGroup());
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

    /** On a saved segment the builder cannot show, the form keeps showing it as stored. */
    void keepExpression(SegmentForm stored) {
        if (stored.advanced) {
            advanced = true;
            expressionJson = stored.expressionJson;
            clauses.clear();
        }
    }

    private void remove(List<Integer> at) {
        if (at.size() == 1 && at.get(0) < clauses.size()) {
            clauses.remove((int) at.get(0));
        } else if (at.size() == 2 && group(at.get(0)) != null) {
            List<SegmentClauseForm> inner = group(at.get(0)).getClauses();
            if (at.get(1) < inner.size()) {
                inner.remove((int) at.get(1));
            }
        }
    }

    private SegmentClauseForm group(int index) {
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
     * The expression the builder describes. Every incomplete clause is refused at once, each at the path
     * of its field, so the page can say it beside the clause.
     */
    SegmentExpression expression() {
        List<Refusal> problems = new ArrayList<>();
        List<SegmentExpression> chosen = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            if (!clauses.get(i).isBlank()) {
                chosen.add(clauses.get(i).expression("clauses[" + i + "]", problems));
            }
        }
        SegmentExpression expression =
                SegmentClauseForm.combined(match, chosen, "clauses", "SEGMENT_EXPRESSION_EMPTY", problems, 0);
        if (expression == null) {
            throw new RefusedException(400, problems);
        }
        return expression;
    }

    /** The builder's items with where they are and what is wrong with each, for the page. */
    List<SegmentClauseRow> rows(List<Refusal> refusals) {
        List<SegmentClauseRow> rows = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            rows.add(SegmentClauseRow.top(i, clauses.get(i), refusals));
        }
        return rows;
    }

    /** The departments the clauses name, for their trees to open to. */
    List<Long> clauseDepartments() {
        List<Long> ids = new ArrayList<>();
        for (SegmentClauseForm clause : clauses) {
            ids.add(clause.getDepartmentId());
            clause.getClauses().forEach(c -> ids.add(c.getDepartmentId()));
        }
        ids.removeIf(Objects::isNull);
        return ids;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    public String getMatch() {
        return match;
    }

    public void setMatch(String match) {
        this.match = match(match);
    }

    public List<SegmentClauseForm> getClauses() {
        return clauses;
    }

    public void setClauses(List<SegmentClauseForm> clauses) {
        this.clauses = clauses == null ? new ArrayList<>() : clauses;
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

    public String getExpressionJson() {
        return expressionJson;
    }
}
