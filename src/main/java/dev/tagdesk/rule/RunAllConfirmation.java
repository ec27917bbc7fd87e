package dev.tagdesk.rule;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * 立即运行全部 asks first, on a page of its own: each enabled rule with what its dry run would add and
 * remove now, and the totals, then the button that runs them (POST /rules/run).
 */
@Controller
class RunAllConfirmation {

    /** One enabled rule and what it would change now ({@code preview} null: it cannot run). */
    record RuleEffect(RuleViews.RuleView rule, RuleViews.Preview preview) {}

    private final CurrentScope currentScope;
    private final AutoTagRules rules;

    RunAllConfirmation(CurrentScope currentScope, AutoTagRules rules) {
        this.currentScope = currentScope;
        this.rules = rules;
    }

    @GetMapping("/rules/run")
    String confirm(Model model) {
        Scope scope = currentScope.get();
        scope.require(Action.MANAGE_RULES);
        List<RuleEffect> effects = new ArrayList<>();
        long adding = 0;
        long removing = 0;
        for (RuleViews.RuleView rule : rules.enabled()) {
            RuleViews.Preview preview = preview(scope, rule);
            effects.add(new RuleEffect(rule, preview));
            if (preview != null) {
                adding += preview.adding();
                removing += preview.removing();
            }
        }
        model.addAttribute("effects", effects);
        model.addAttribute("adding", adding);
        model.addAttribute("removing", removing);
        return "rules/run-all";
    }

    private RuleViews.Preview preview(Scope scope, RuleViews.RuleView rule) {
        try {
            return rules.dryRun(scope, rule.definition());
        } catch (RefusedException cannotRun) {
            return null;
        }
    }
}
