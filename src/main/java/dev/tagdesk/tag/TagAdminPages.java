package dev.tagdesk.tag;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagViews.GroupDraft;
import dev.tagdesk.tag.color.ColorRules;
import dev.tagdesk.tag.color.HueFamily;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Tag groups and the naming and colour settings: admins change them, everyone else reads. */
@Controller
class TagAdminPages {

    record GroupForm(
            String name,
            GroupKind kind,
            Integer sortOrder,
            Boolean exclusive,
            NamePattern namePattern,
            Boolean mayUseReservedColors) {

        GroupDraft draft() {
            return new GroupDraft(name, kind, sortOrder, exclusive, namePattern, mayUseReservedColors);
        }
    }

    private final CurrentScope currentScope;
    private final TagService tags;

    TagAdminPages(CurrentScope currentScope, TagService tags) {
        this.currentScope = currentScope;
        this.tags = tags;
    }

    @GetMapping("/tag-groups")
    String groups(Model model) {
        return showGroups(model, new GroupForm("", GroupKind.STATIC, 10, false, NamePattern.NONE, false));
    }

    @PostMapping("/tag-groups")
    String createGroup(@ModelAttribute("form") GroupForm form, Model model, RedirectAttributes redirect) {
        try {
            var created = tags.createGroup(currentScope.get(), form.draft());
            redirect.addFlashAttribute("flash", new Flash("flash.group.created", created.name()));
            return "redirect:/tag-groups";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return showGroups(model, form);
        }
    }

    @PostMapping("/tag-groups/{id}")
    String updateGroup(
            @PathVariable long id,
            @ModelAttribute GroupForm form,
            @RequestParam long version,
            Model model,
            RedirectAttributes redirect) {
        try {
            var updated = tags.updateGroup(currentScope.get(), id, form.draft(), version);
            redirect.addFlashAttribute("flash", new Flash("flash.group.updated", updated.name()));
            return "redirect:/tag-groups";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return showGroups(model, new GroupForm("", GroupKind.STATIC, 10, false, NamePattern.NONE, false));
        }
    }

    private String showGroups(Model model, GroupForm form) {
        model.addAttribute("groups", tags.groups(currentScope.get()));
        model.addAttribute("form", form);
        model.addAttribute("isAdmin", currentScope.get().may(Action.MANAGE_TAG_GROUPS));
        return "tags/groups";
    }

    @GetMapping("/settings/tags")
    String settings(Model model) {
        return showSettings(model, tags.settings());
    }

    @PostMapping("/settings/tags")
    String saveSettings(
            @ModelAttribute("settings") TagPolicies.Settings settings, Model model, RedirectAttributes redirect) {
        try {
            tags.saveSettings(currentScope.get(), settings);
            redirect.addFlashAttribute("flash", new Flash("flash.settings.saved", ""));
            return "redirect:/settings/tags";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return showSettings(model, settings);
        }
    }

    private String showSettings(Model model, TagPolicies.Settings settings) {
        model.addAttribute("settings", settings);
        model.addAttribute("hueRules", ColorRules.HueRule.values());
        // Reserved families are ticked by name (红色系), never typed as codes.
        model.addAttribute("families", HueFamily.values());
        model.addAttribute(
                "reservedFamilies",
                TagPolicies.Settings.words(settings.reservedFamilies()).stream()
                        .map(f -> f.toUpperCase(java.util.Locale.ROOT))
                        .toList());
        model.addAttribute("isAdmin", currentScope.get().may(Action.MANAGE_TAG_GROUPS));
        return "tags/settings";
    }
}
