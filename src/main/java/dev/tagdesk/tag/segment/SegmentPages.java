package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DepartmentPicker;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.segment.SegmentViews.SegmentView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
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

/**
 * The 人群 pages: the list, a segment's page (its members, their export, its shares), and the builder
 * with its live count. The builder works like the rule builder: its buttons post the form back with
 * the change made and nothing saved; htmx swaps only the builder.
 */
@Controller
class SegmentPages {

    static final int MEMBERS_PER_PAGE = 20;

    private final CurrentScope currentScope;
    private final Segments segments;
    private final SegmentReader reader;
    private final SegmentDescriptions descriptions;
    private final SegmentExport export;
    private final DepartmentPicker departments;
    private final FollowUpList followUp;
    private final FollowUpSettings followUpSettings;
    private final JsonMapper json;

    SegmentPages(
            CurrentScope currentScope,
            Segments segments,
            SegmentReader reader,
            SegmentDescriptions descriptions,
            SegmentExport export,
            DepartmentPicker departments,
            FollowUpList followUp,
            FollowUpSettings followUpSettings,
            JsonMapper json) {
        this.currentScope = currentScope;
        this.segments = segments;
        this.reader = reader;
        this.descriptions = descriptions;
        this.export = export;
        this.departments = departments;
        this.followUp = followUp;
        this.followUpSettings = followUpSettings;
        this.json = json;
    }

    @GetMapping("/segments")
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        Scope scope = currentScope.get();
        Page<SegmentView> result = segments.list(scope, page, 20);
        model.addAttribute("result", result);
        model.addAttribute("described", descriptions.described(scope, result.items()));
        model.addAttribute("mayCreate", segments.mayCreate(scope));
        model.addAttribute("followUp", followUp.of(scope).orElse(null));
        model.addAttribute("maySeeSettings", followUpSettings.mayRead(scope));
        return "segments/list";
    }

    @GetMapping("/segments/new")
    String newSegment(Model model) {
        requireCreator();
        return form(model, null, SegmentForm.blank());
    }

    @PostMapping("/segments")
    String create(
            @ModelAttribute("form") SegmentForm form,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        requireCreator();
        if (form.isEdit()) {
            return edited(model, null, form, htmx != null);
        }
        try {
            SegmentView saved = segments.create(
                    currentScope.get(), new Segments.SegmentDefinition(form.getName(), expression(form), null));
            redirect.addFlashAttribute("flash", new Flash("flash.segment.saved", saved.name()));
            return "redirect:/segments/" + saved.id();
        } catch (RefusedException e) {
            refused(model, e);
            return form(model, null, form);
        }
    }

    @GetMapping("/segments/{id}")
    String segment(
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(required = false) String sort,
            Model model) {
        Scope scope = currentScope.get();
        SegmentView segment = segments.get(scope, id);
        model.addAttribute(
                "segment", descriptions.described(scope, List.of(segment)).get(0));
        model.addAttribute("result", reader.page(scope, id, sort, page, MEMBERS_PER_PAGE));
        model.addAttribute("withinScope", !scope.isWholeCompany());
        model.addAttribute("shareTree", departments.opening(scope, segment.sharedWith()));
        model.addAttribute(
                "shareFields",
                DepartmentPicker.Fields.many("departmentIds", null, "share", segment.sharedWith(), List.of()));
        return "segments/segment";
    }

    @GetMapping("/segments/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        SegmentView segment = editable(id);
        return form(model, segment, SegmentForm.of(segment, expressionJson(segment)));
    }

    @PostMapping("/segments/{id}")
    String update(
            @PathVariable long id,
            @ModelAttribute("form") SegmentForm form,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        SegmentView segment = editable(id);
        SegmentForm stored = SegmentForm.of(segment, expressionJson(segment));
        form.keepExpression(stored);
        if (form.isEdit()) {
            return edited(model, segment, form, htmx != null);
        }
        try {
            SegmentExpression expression = stored.isAdvanced() ? segment.expression() : expression(form);
            segments.update(
                    currentScope.get(),
                    id,
                    new Segments.SegmentDefinition(form.getName(), expression, null),
                    form.getVersion() == null ? -1 : form.getVersion());
            redirect.addFlashAttribute(
                    "flash", new Flash("flash.segment.saved", form.getName().strip()));
            return "redirect:/segments/" + id;
        } catch (RefusedException e) {
            refused(model, e);
            return form(model, segment, form);
        }
    }

    @PostMapping("/segments/{id}/share")
    String share(
            @PathVariable long id,
            @RequestParam(required = false) List<Long> departmentIds,
            RedirectAttributes redirect) {
        try {
            SegmentView shared =
                    segments.share(currentScope.get(), id, departmentIds == null ? List.of() : departmentIds);
            redirect.addFlashAttribute("flash", new Flash("flash.segment.shared", shared.name()));
        } catch (RefusedException e) {
            redirect.addFlashAttribute("refusals", e.refusals());
        }
        return "redirect:/segments/" + id;
    }

    @PostMapping("/segments/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        String name = segments.get(scope, id).name();
        segments.delete(scope, id);
        redirect.addFlashAttribute("flash", new Flash("flash.segment.deleted", name));
        return "redirect:/segments";
    }

    @GetMapping("/segments/{id}/members.csv")
    void exportMembers(@PathVariable long id, HttpServletResponse response) throws IOException {
        Scope scope = currentScope.get();
        String name = export.fileName(scope, id);
        export.segment(scope, id, () -> {
            CsvDownload.prepare(response, "segment-" + id + ".csv", name);
            return response.getOutputStream();
        });
    }

    /**
     * The builder's live count (htmx, as the form changes): how many members of the caller's scope the
     * expression holds, or what is still missing.
     */
    @GetMapping("/segments/count")
    String count(@ModelAttribute("form") SegmentForm form, Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("withinScope", !scope.isWholeCompany());
        try {
            model.addAttribute("count", reader.count(scope, form.expression()));
        } catch (RefusedException incomplete) {
            model.addAttribute("incomplete", incomplete.refusals().get(0));
        }
        return "segments/builder :: countText";
    }

    private static SegmentExpression expression(SegmentForm form) {
        try {
            return form.expression();
        } catch (RefusedException clauses) {
            List<Refusal> all = new ArrayList<>(clauses.refusals());
            all.addAll(SegmentChecks.name(
                    form.getName() == null ? "" : form.getName().strip()));
            throw new RefusedException(400, all);
        }
    }

    /** Refusals about a clause go beside it (the top of the page says how many); the others at the top. */
    private static void refused(Model model, RefusedException e) {
        List<Refusal> clauses = e.refusals().stream()
                .filter(r -> r.field().startsWith("clauses"))
                .toList();
        List<Refusal> top = new ArrayList<>();
        if (!clauses.isEmpty()) {
            top.add(new Refusal("clauses", "SEGMENT_CLAUSES_TO_FIX", clauses.size()));
        }
        e.refusals().stream().filter(r -> !clauses.contains(r)).forEach(top::add);
        model.addAttribute("refusals", top);
        model.addAttribute("clauseRefusals", clauses);
    }

    private String edited(Model model, SegmentView segment, SegmentForm form, boolean htmx) {
        model.addAttribute("focus", form.applyEdit());
        String view = form(model, segment, form);
        return htmx ? "segments/builder :: builder" : view;
    }

    private String form(Model model, SegmentView segment, SegmentForm form) {
        Scope scope = currentScope.get();
        @SuppressWarnings("unchecked")
        List<Refusal> clauseRefusals = (List<Refusal>) model.getAttribute("clauseRefusals");
        if (clauseRefusals == null) {
            clauseRefusals = List.of();
            model.addAttribute("clauseRefusals", clauseRefusals);
        }
        model.addAttribute("segment", segment);
        model.addAttribute("form", form);
        model.addAttribute("formAction", segment == null ? "/segments" : "/segments/" + segment.id());
        model.addAttribute("rows", form.rows(clauseRefusals));
        model.addAttribute("tagPickers", true);
        model.addAttribute("tags", descriptions.tagOptions(scope, segment == null ? null : segment.expression()));
        model.addAttribute("clauseTypes", SegmentClauseForm.TYPES);
        model.addAttribute("clauseTree", departments.opening(scope, form.clauseDepartments()));
        model.addAttribute("withinScope", !scope.isWholeCompany());
        try {
            model.addAttribute(
                    "count", reader.count(scope, form.isAdvanced() ? segment.expression() : form.expression()));
        } catch (RefusedException incomplete) {
            model.addAttribute("incomplete", incomplete.refusals().get(0));
        }
        return "segments/form";
    }

    private SegmentView editable(long id) {
        Scope scope = currentScope.get();
        SegmentView segment = segments.get(scope, id);
        scope.require(Action.MANAGE_SEGMENTS);
        if (!segment.mayEdit()) {
            throw new AccessDeniedException("Only the owner or an admin changes a segment");
        }
        return segment;
    }

    private void requireCreator() {
        currentScope.get().require(Action.MANAGE_SEGMENTS);
    }

    private String expressionJson(SegmentView segment) {
        return json.writeValueAsString(SegmentJson.write(segment.expression()));
    }
}
