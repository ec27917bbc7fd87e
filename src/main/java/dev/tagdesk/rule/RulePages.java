package dev.tagdesk.rule;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DepartmentPicker;
import dev.tagdesk.directory.MemberStatus;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** The 自动标签规则 pages: the list, the form with its dry run, "run now", and the run history. */
@Controller
class RulePages {

    private final CurrentScope currentScope;
    private final AutoTagRules rules;
    private final RuleRuns runs;
    private final RuleRunHistory history;
    private final DepartmentPicker departments;
    private final RuleDescriptions descriptions;
    private final RuleWindow window;
    private final JsonMapper json;
    private final RuleEventChecks eventChecks;

    RulePages(
            CurrentScope currentScope,
            AutoTagRules rules,
            RuleRuns runs,
            RuleRunHistory history,
            DepartmentPicker departments,
            RuleDescriptions descriptions,
            RuleWindow window,
            JsonMapper json,
            RuleEventChecks eventChecks) {
        this.eventChecks = eventChecks;
        this.currentScope = currentScope;
        this.rules = rules;
        this.runs = runs;
        this.history = history;
        this.departments = departments;
        this.descriptions = descriptions;
        this.window = window;
        this.json = json;
    }

    @GetMapping("/rules")
    String list(Model model) {
        Scope scope = currentScope.get();
        List<RuleViews.RuleView> shown = rules.list(scope);
        model.addAttribute("rules", shown);
        model.addAttribute("mayEdit", rules.mayEdit(scope));
        model.addAttribute("window", window.describe());
        model.addAttribute(
                "describe",
                descriptions.naming(departmentNames(scope, shown)).namingEventTypes(eventChecks.displayNames()));
        return "rules/list";
    }

    @GetMapping("/rules/new")
    String newRule(Model model) {
        requireEditor();
        return form(model, null, RuleForm.blank(), null);
    }

    @PostMapping("/rules")
    String create(
            @ModelAttribute("form") RuleForm form,
            @RequestParam(defaultValue = "false") boolean preview,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        if (form.isEdit()) {
            requireEditor();
            return edited(model, null, form, htmx != null);
        }
        try {
            RuleDefinition rule = definition(form, null);
            if (preview) {
                return form(model, null, form, rules.dryRun(scope, rule));
            }
            RuleViews.RuleView saved = rules.create(scope, rule);
            redirect.addFlashAttribute("flash", new Flash("flash.rule.saved", saved.name()));
            return "redirect:/rules/" + saved.id();
        } catch (RefusedException e) {
            refused(model, e);
            return form(model, null, form, null);
        }
    }

    @GetMapping("/rules/{id}")
    String rule(@PathVariable long id, Model model) {
        Scope scope = currentScope.get();
        RuleViews.RuleView rule = rules.get(scope, id);
        model.addAttribute("runPreview", runPreview(scope, rule));
        return form(model, rule, RuleForm.of(rule, conditionJson(rule)), null);
    }

    /**
     * What 立即运行 would change now (its dry run), for the question the button asks; none for those
     * who may not run rules, or for a rule that cannot run (it names a deleted tag).
     */
    private RuleViews.Preview runPreview(Scope scope, RuleViews.RuleView rule) {
        if (!scope.may(Action.MANAGE_RULES)) {
            return null;
        }
        try {
            return rules.dryRun(scope, rule.definition());
        } catch (RefusedException cannotRun) {
            return null;
        }
    }

    @PostMapping("/rules/{id}")
    String update(
            @PathVariable long id,
            @ModelAttribute("form") RuleForm form,
            @RequestParam(defaultValue = "false") boolean preview,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        RuleViews.RuleView rule = rules.get(scope, id);
        // A condition nested deeper than the builder shows is not on the form; it stays as it was.
        RuleForm stored = RuleForm.of(rule, conditionJson(rule));
        form.keepCondition(stored);
        if (form.isEdit()) {
            requireEditor();
            return edited(model, rule, form, htmx != null);
        }
        try {
            RuleDefinition changed = definition(form, stored.isAdvanced() ? rule.condition() : null);
            if (preview) {
                return form(model, rule, form, rules.dryRun(scope, changed));
            }
            rules.update(scope, id, changed, form.getVersion() == null ? -1 : form.getVersion());
            redirect.addFlashAttribute("flash", new Flash("flash.rule.saved", changed.name()));
            return "redirect:/rules/" + id;
        } catch (RefusedException e) {
            refused(model, e);
            return form(model, rule, form, null);
        }
    }

    /**
     * The rule the form describes. Incomplete clauses are refused together with what is wrong with
     * the name, action and departments, so one round shows everything to fix.
     */
    private static RuleDefinition definition(RuleForm form, RuleCondition keptCondition) {
        try {
            return form.definition(keptCondition);
        } catch (RefusedException clauses) {
            List<Refusal> all = new ArrayList<>(clauses.refusals());
            all.addAll(AutoTagRules.basicRefusals(form.definition(new RuleCondition.All(List.of()))));
            throw new RefusedException(400, all);
        }
    }

    /**
     * The refusals for the page: those about a clause go beside it (the top of the page says how
     * many), the others at the top.
     */
    private static void refused(Model model, RefusedException e) {
        List<Refusal> clauses = e.refusals().stream()
                .filter(r -> r.field().startsWith("clauses"))
                .toList();
        List<Refusal> top = new ArrayList<>();
        if (!clauses.isEmpty()) {
            top.add(new Refusal("clauses", "RULE_CLAUSES_TO_FIX", clauses.size()));
        }
        e.refusals().stream().filter(r -> !clauses.contains(r)).forEach(top::add);
        model.addAttribute("refusals", top);
        model.addAttribute("clauseRefusals", clauses);
    }

    /** The form after a builder button: the change made, nothing saved; with htmx, only the builder. */
    private String edited(Model model, RuleViews.RuleView rule, RuleForm form, boolean htmx) {
        String focus = form.applyEdit();
        model.addAttribute("focus", focus);
        String view = form(model, rule, form, null);
        return htmx ? "rules/builder :: builder" : view;
    }

    @PostMapping("/rules/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        String name = rules.get(scope, id).name();
        rules.delete(scope, id);
        redirect.addFlashAttribute("flash", new Flash("flash.rule.deleted", name));
        return "redirect:/rules";
    }

    @PostMapping("/rules/{id}/run")
    String runOne(@PathVariable long id, RedirectAttributes redirect) {
        return ran(runs.runNow(currentScope.get(), id), redirect);
    }

    @PostMapping("/rules/run")
    String runAll(RedirectAttributes redirect) {
        return ran(runs.runNow(currentScope.get(), null), redirect);
    }

    @GetMapping("/rules/runs")
    String history(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("result", history.history(currentScope.get(), page, 20));
        return "rules/runs";
    }

    private String ran(RuleViews.RunView run, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", new Flash("flash.rule.ran", run.id()));
        return "redirect:/rules/runs";
    }

    /** Clause types in the order the builder offers them. */
    static final List<String> CLAUSE_TYPES =
            List.of("inactiveDays", "hasTag", "lacksTag", "carriedTag", "department", "status", "events");

    private String form(Model model, RuleViews.RuleView rule, RuleForm form, RuleViews.Preview preview) {
        Scope scope = currentScope.get();
        @SuppressWarnings("unchecked")
        List<Refusal> clauseRefusals = (List<Refusal>) model.getAttribute("clauseRefusals");
        if (clauseRefusals == null) {
            clauseRefusals = List.of();
            model.addAttribute("clauseRefusals", clauseRefusals);
        }
        model.addAttribute("rule", rule);
        model.addAttribute("form", form);
        model.addAttribute("formAction", rule == null ? "/rules" : "/rules/" + rule.id());
        model.addAttribute("rows", form.rows(clauseRefusals));
        model.addAttribute("preview", preview);
        model.addAttribute("mayEdit", rules.mayEdit(scope));
        model.addAttribute("tagPickers", true);
        model.addAttribute("tags", rule == null ? rules.tagOptions(scope) : rules.tagOptions(scope, rule));
        model.addAttribute("clauseTypes", CLAUSE_TYPES);
        model.addAttribute("statuses", MemberStatus.values());
        model.addAttribute("eventTypes", eventChecks.eventTypes());
        // Each tree opens down to its own choices: the departments the rule applies to, and the clauses'.
        model.addAttribute("departmentTree", departments.opening(scope, form.getDepartmentIds()));
        model.addAttribute("clauseTree", departments.opening(scope, form.clauseDepartments()));
        model.addAttribute(
                "departmentFields",
                DepartmentPicker.Fields.many(
                        "departmentIds", "includeSubIds", "dept", form.getDepartmentIds(), form.getIncludeSubIds()));
        return "rules/form";
    }

    private String conditionJson(RuleViews.RuleView rule) {
        return json.writeValueAsString(RuleJson.write(rule.condition()));
    }

    /** The names of the departments the rules' conditions mention, at whatever depth. */
    private Map<Long, String> departmentNames(Scope scope, List<RuleViews.RuleView> shown) {
        Set<Long> ids = new HashSet<>();
        shown.forEach(r -> ids.addAll(r.condition().departmentIds()));
        return departments.names(scope, ids);
    }

    private void requireEditor() {
        currentScope.get().require(Action.MANAGE_RULES);
    }
}
