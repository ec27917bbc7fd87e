package dev.tagdesk.rule;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 已删除的规则: the deleted auto-tag rules, kept for the recycle-bin period, and their restore. */
@Controller
class RuleRecycleBinPages {

    private final CurrentScope currentScope;
    private final RuleRecycleBin bin;

    RuleRecycleBinPages(CurrentScope currentScope, RuleRecycleBin bin) {
        this.currentScope = currentScope;
        this.bin = bin;
    }

    @GetMapping("/rules/deleted")
    String deleted(@RequestParam(defaultValue = "0") int page, Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("result", bin.list(scope, page, 50));
        model.addAttribute("retentionDays", bin.retentionDays());
        model.addAttribute("mayRestore", bin.mayRestore(scope));
        return "rules/deleted";
    }

    /**
     * A refused restore goes back to the list with the refusal (a redirect, so the list's links are
     * built from its own address, not from this form's).
     */
    @PostMapping("/rules/{id}/restore")
    String restore(@PathVariable long id, RedirectAttributes redirect) {
        try {
            String name = bin.restore(currentScope.get(), id);
            redirect.addFlashAttribute("flash", new Flash("flash.rule.restored", name));
            return "redirect:/rules/" + id;
        } catch (RefusedException e) {
            redirect.addFlashAttribute("refusals", e.refusals());
            return "redirect:/rules/deleted";
        }
    }
}
