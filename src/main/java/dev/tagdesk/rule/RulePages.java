package dev.tagdesk.rule;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.MemberStatus;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagService;
import dev.tagdesk.tag.TagViews;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** The 自动标签规则 pages: the list, the form with its dry run, "run now", and the run history. */
@Controller
class RulePages {

    private final CurrentScope currentScope;
    private final AutoTagRules rules;
    private final RuleRuns runs;
    private final TagService tags;
    private final RuleDescriptions descriptions;
    private final RuleWindow window;
    private final JsonMapper json;

    RulePages(
            CurrentScope currentScope,
            AutoTagRules rules,
            RuleRuns runs,
            TagService tags,
            RuleDescriptions descriptions,
            RuleWindow window,
            JsonMapper json) {
        this.currentScope = currentScope;
        this.rules = rules;
        this.runs = runs;
        this.tags = tags;
        this.descriptions = descriptions;
        this.window = window;
        this.json = json;
    }

    @GetMapping("/rules")
    String list(Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("rules", rules.list(scope));
        model.addAttribute("mayEdit", rules.mayEdit(scope));
        model.addAttribute("window", window.describe());
        model.addAttribute("describe", descriptions.naming(departmentNames(scope)));
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
            Model model,
            RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        try {
            RuleDefinition rule = form.definition(null);
            if (preview) {
                return form(model, null, form, rules.dryRun(scope, rule));
            }
            RuleViews.RuleView saved = rules.create(scope, rule);
            redirect.addFlashAttribute("flash", new Flash("flash.rule.saved", saved.name()));
            return "redirect:/rules/" + saved.id();
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            form.padClauses();
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
        if (!scope.isAdmin()) {
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
            Model model,
            RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        RuleViews.RuleView rule = rules.get(scope, id);
        // A nested condition is not on the form; it stays as it was.
        RuleForm stored = RuleForm.of(rule, conditionJson(rule));
        try {
            RuleDefinition changed = form.definition(stored.isAdvanced() ? rule.condition() : null);
            if (preview) {
                return form(model, rule, keepAdvanced(form, stored), rules.dryRun(scope, changed));
            }
            rules.update(scope, id, changed, form.getVersion() == null ? -1 : form.getVersion());
            redirect.addFlashAttribute("flash", new Flash("flash.rule.saved", changed.name()));
            return "redirect:/rules/" + id;
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            form.padClauses();
            return form(model, rule, keepAdvanced(form, stored), null);
        }
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
        model.addAttribute("result", runs.history(currentScope.get(), page, 20));
        return "rules/runs";
    }

    private String ran(RuleViews.RunView run, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", new Flash("flash.rule.ran", run.id()));
        return "redirect:/rules/runs";
    }

    private String form(Model model, RuleViews.RuleView rule, RuleForm form, RuleViews.Preview preview) {
        Scope scope = currentScope.get();
        model.addAttribute("rule", rule);
        model.addAttribute("form", form);
        model.addAttribute("preview", preview);
        model.addAttribute("mayEdit", rules.mayEdit(scope));
        model.addAttribute("tags", rule == null ? rules.tagOptions(scope) : rules.tagOptions(scope, rule));
        model.addAttribute("statuses", MemberStatus.values());
        model.addAttribute("departments", tags.departmentOptions(scope, form.getDepartmentIds()));
        return "rules/form";
    }

    private static RuleForm keepAdvanced(RuleForm form, RuleForm stored) {
        return stored.isAdvanced() ? stored : form;
    }

    private String conditionJson(RuleViews.RuleView rule) {
        return json.writeValueAsString(RuleJson.write(rule.condition()));
    }

    private Map<Long, String> departmentNames(Scope scope) {
        Map<Long, String> names = new HashMap<>();
        for (TagViews.DepartmentOption option : tags.departmentOptions(scope, List.of())) {
            names.put(option.id(), option.name());
        }
        return names;
    }

    private void requireEditor() {
        if (!rules.mayEdit(currentScope.get())) {
            throw new AccessDeniedException("Only admins change auto-tag rules");
        }
    }
}
