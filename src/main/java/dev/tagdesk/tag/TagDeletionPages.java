package dev.tagdesk.tag;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagRecycleBin.Candidate;
import dev.tagdesk.tag.TagRecycleBin.Deleted;
import dev.tagdesk.tag.TagRecycleBin.ReferringRules;
import dev.tagdesk.tag.TagRecycleBin.Restored;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Batch delete from the tag list (a confirmation page that lists what goes and the auto-tag rules
 * naming it, offers "export these first" and asks for the detach and disable-rules ticks), and the
 * recycle bin with its restore.
 */
@Controller
class TagDeletionPages {

    private final CurrentScope currentScope;
    private final TagRecycleBin recycleBin;

    TagDeletionPages(CurrentScope currentScope, TagRecycleBin recycleBin) {
        this.currentScope = currentScope;
        this.recycleBin = recycleBin;
    }

    @GetMapping("/tags/delete")
    String confirm(@RequestParam(name = "ids", required = false) List<Long> ids, Model model) {
        if (ids == null || ids.isEmpty()) {
            return "redirect:/tags";
        }
        return confirmation(model, ids, false, false);
    }

    @PostMapping("/tags/delete")
    String delete(
            @RequestParam(name = "ids", required = false) List<Long> ids,
            @RequestParam(defaultValue = "false") boolean detach,
            @RequestParam(defaultValue = "false") boolean disableRules,
            @AuthenticationPrincipal CurrentUser user,
            Model model,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            return "redirect:/tags";
        }
        try {
            Deleted deleted = recycleBin.delete(currentScope.get(), user.id(), ids, detach, disableRules);
            redirect.addFlashAttribute(
                    "flash", new Flash("flash.tags.deleted", deleted.deleted().size()));
            if (!deleted.disabledRules().isEmpty()) {
                redirect.addFlashAttribute(
                        "rulesDisabled", deleted.disabledRules().size());
            }
            return "redirect:/recycle-bin";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return confirmation(model, ids, detach, disableRules);
        }
    }

    @GetMapping("/recycle-bin")
    String recycleBin(@RequestParam(defaultValue = "0") int page, Model model) {
        return recycleBinPage(model, page, null, null);
    }

    @PostMapping("/recycle-bin/{id}/restore")
    String restore(
            @PathVariable long id,
            @RequestParam(required = false) String newName,
            Model model,
            RedirectAttributes redirect) {
        try {
            Restored restored = recycleBin.restore(currentScope.get(), id, newName);
            redirect.addFlashAttribute("flash", new Flash("flash.tag.restored", restored.name()));
            if (restored.skipped() > 0) {
                redirect.addFlashAttribute(
                        "warnings", List.of(new TagViews.Warning("RESTORE_SKIPPED_EXCLUSIVE", restored.skipped())));
            }
            return "redirect:/tags/" + id;
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return recycleBinPage(model, 0, id, newName);
        }
    }

    private String confirmation(Model model, List<Long> ids, boolean detach, boolean disableRules) {
        Scope scope = currentScope.get();
        TagRecycleBin.Confirmation confirmation = recycleBin.confirmation(scope, ids);
        List<Candidate> candidates = confirmation.candidates();
        ReferringRules rules = recycleBin.referringRules(
                scope, candidates.stream().map(Candidate::id).toList());
        model.addAttribute("candidates", candidates);
        model.addAttribute("ids", candidates.stream().map(Candidate::id).toList());
        model.addAttribute("carried", confirmation.carried());
        model.addAttribute("withinScope", !scope.isWholeCompany());
        model.addAttribute("anyInUse", candidates.stream().anyMatch(Candidate::inUse));
        model.addAttribute("allowed", candidates.stream().allMatch(Candidate::mayDelete));
        model.addAttribute("rules", rules);
        // Rules are admins' to change: anyone else cannot delete tags a rule names (see architecture.md).
        model.addAttribute("rulesNeedAdmin", rules.any() && !rules.mayDisable());
        model.addAttribute("detach", detach);
        model.addAttribute("disableRules", disableRules);
        model.addAttribute("retentionDays", recycleBin.retentionDays());
        return "tags/delete";
    }

    private String recycleBinPage(Model model, int page, Long renaming, String newName) {
        Scope scope = currentScope.get();
        model.addAttribute("result", recycleBin.list(scope, page, 50));
        model.addAttribute("mayRestore", scope.may(dev.tagdesk.access.Action.MANAGE_TAGS));
        model.addAttribute("retentionDays", recycleBin.retentionDays());
        model.addAttribute("renaming", renaming);
        model.addAttribute("newName", newName);
        return "tags/recycle-bin";
    }
}
