package dev.tagdesk.event;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The 事件类型 pages (admins declare and change, everyone reads) and a member's events page. */
@Controller
class EventPages {

    private final CurrentScope currentScope;
    private final EventTypes types;
    private final MemberEvents memberEvents;
    private final EventProperties properties;

    EventPages(CurrentScope currentScope, EventTypes types, MemberEvents memberEvents, EventProperties properties) {
        this.currentScope = currentScope;
        this.types = types;
        this.memberEvents = memberEvents;
        this.properties = properties;
    }

    @GetMapping("/event-types")
    String list(Model model) {
        return showList(model, EventTypeForm.blank());
    }

    @PostMapping("/event-types")
    String create(@ModelAttribute("form") EventTypeForm form, Model model, RedirectAttributes redirect) {
        try {
            EventType created = types.create(currentScope.get(), form.draft());
            redirect.addFlashAttribute("flash", new Flash("flash.eventType.created", created.displayName()));
            return "redirect:/event-types";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return showList(model, form.padded());
        }
    }

    @GetMapping("/event-types/{id}")
    String edit(@PathVariable long id, Model model) {
        EventType type = types.get(id);
        return showType(model, type, EventTypeForm.of(type));
    }

    @PostMapping("/event-types/{id}")
    String update(
            @PathVariable long id,
            @ModelAttribute("form") EventTypeForm form,
            Model model,
            RedirectAttributes redirect) {
        EventType type = types.get(id);
        try {
            if (form.getVersion() == null) {
                throw RefusedException.invalid("version", "VERSION_REQUIRED");
            }
            EventType saved = types.update(currentScope.get(), id, form.draft(), form.getVersion());
            redirect.addFlashAttribute("flash", new Flash("flash.eventType.saved", saved.displayName()));
            return "redirect:/event-types";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return showType(model, type, form.padded());
        }
    }

    @GetMapping("/members/{account}/events")
    String memberEvents(
            @PathVariable String account,
            @RequestParam(required = false) String type,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("account", account);
        model.addAttribute("type", type == null ? "" : type);
        model.addAttribute("types", types.all());
        model.addAttribute("result", memberEvents.of(scope, account, type, page, 50));
        return "events/member-events";
    }

    private String showList(Model model, EventTypeForm form) {
        model.addAttribute("types", types.all());
        model.addAttribute("form", form);
        model.addAttribute("propertyTypes", PropertyType.values());
        model.addAttribute("mayEdit", types.mayEdit(currentScope.get()));
        model.addAttribute("watermarkMinutes", properties.watermarkLag().toMinutes());
        return "events/types";
    }

    private String showType(Model model, EventType type, EventTypeForm form) {
        model.addAttribute("type", type);
        model.addAttribute("form", form);
        model.addAttribute("propertyTypes", PropertyType.values());
        model.addAttribute("mayEdit", types.mayEdit(currentScope.get()));
        return "events/type";
    }
}
