package dev.tagdesk.tag;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DepartmentPicker;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagViews.TagDraft;
import dev.tagdesk.tag.TagViews.TagFilter;
import dev.tagdesk.tag.TagViews.TagSaved;
import dev.tagdesk.tag.TagViews.TagView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The tag list, the segment tree, and the tag form (create, edit, archive, live reach preview). */
@Controller
class TagPages {

    /**
     * The tag form as the browser posts it: visibility is two lists of department ids, those ticked
     * "visible" and those ticked "include sub-departments".
     */
    record TagForm(
            String name,
            Long groupId,
            String color,
            String description,
            Integer shelfLifeDays,
            Boolean wholeCompany,
            List<Long> visibleDepartments,
            List<Long> includeSub,
            Long version) {

        TagForm {
            wholeCompany = Boolean.TRUE.equals(wholeCompany);
            visibleDepartments = visibleDepartments == null ? List.of() : visibleDepartments;
            includeSub = includeSub == null ? List.of() : includeSub;
        }

        List<Visibility> visibility() {
            Set<Long> sub = Set.copyOf(includeSub);
            List<Visibility> entries = new ArrayList<>();
            visibleDepartments.forEach(id -> entries.add(new Visibility(id, sub.contains(id))));
            return entries;
        }

        TagDraft draft() {
            return new TagDraft(name, groupId, color, description, shelfLifeDays, wholeCompany, visibility());
        }

        static TagForm of(TagView tag) {
            return new TagForm(
                    tag.name(),
                    tag.groupId(),
                    tag.color(),
                    tag.description(),
                    tag.shelfLifeDays(),
                    tag.wholeCompany(),
                    tag.visibility().stream().map(v -> v.departmentId()).toList(),
                    tag.visibility().stream()
                            .filter(v -> v.includeSubDepartments())
                            .map(v -> v.departmentId())
                            .toList(),
                    tag.version());
        }
    }

    /** Members listed per page on a tag's page. */
    static final int CARRIERS_PER_PAGE = 20;

    private final CurrentScope currentScope;
    private final TagService tags;
    private final TagCatalog catalog;
    private final TagRecycleBin recycleBin;
    private final DepartmentPicker departments;

    TagPages(
            CurrentScope currentScope,
            TagService tags,
            TagCatalog catalog,
            TagRecycleBin recycleBin,
            DepartmentPicker departments) {
        this.currentScope = currentScope;
        this.tags = tags;
        this.catalog = catalog;
        this.recycleBin = recycleBin;
        this.departments = departments;
    }

    @GetMapping("/tags")
    String list(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long groupId,
            @RequestParam(required = false) String colorFamily,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) Integer expiring,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(defaultValue = "") String sort,
            Model model) {
        Scope scope = currentScope.get();
        TagFilter filter = new TagFilter(q, groupId, colorFamily, departmentId, expiring, page, size, TagSort.of(sort));
        model.addAttribute("filter", filter);
        model.addAttribute("result", tags.list(scope, filter));
        model.addAttribute("groups", tags.groups(scope));
        model.addAttribute(
                "departments", tags.departmentOptions(scope, departmentId == null ? List.of() : List.of(departmentId)));
        model.addAttribute("families", dev.tagdesk.tag.color.HueFamily.values());
        model.addAttribute("mayCreate", tags.mayCreate(scope));
        return "tags/list";
    }

    @GetMapping("/tags/tree")
    String tree(Model model) {
        model.addAttribute("tree", tags.tree(currentScope.get()));
        return "tags/tree";
    }

    @GetMapping("/tags/new")
    String newTag(Model model) {
        Scope scope = currentScope.get();
        List<Long> home = scope.homeDepartmentId() == null ? List.of() : List.of(scope.homeDepartmentId());
        // The first group, and a colour that passes its rules, until the user picks another.
        Long groupId = tags.groups(scope).stream().findFirst().map(g -> g.id()).orElse(null);
        String color = groupId == null ? null : tags.startingColor(scope, groupId);
        model.addAttribute("colorAuto", true);
        return form(model, null, new TagForm("", groupId, color, "", null, false, home, List.of(), null));
    }

    @PostMapping("/tags")
    String create(
            @ModelAttribute TagForm form,
            @RequestParam(defaultValue = "false") boolean colorAuto,
            @AuthenticationPrincipal CurrentUser user,
            Model model,
            RedirectAttributes redirect) {
        try {
            TagSaved saved = tags.create(currentScope.get(), user.id(), form.draft());
            redirect.addFlashAttribute(
                    "flash", new Flash("flash.tag.created", saved.tag().name()));
            redirect.addFlashAttribute("warnings", saved.warnings());
            return "redirect:/tags/" + saved.tag().id();
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            model.addAttribute("colorAuto", colorAuto);
            return form(model, null, form);
        }
    }

    /** A tag's page: its form, the members in scope who carry it (paged) and the rules that name it. */
    @GetMapping("/tags/{id}")
    String tag(@PathVariable long id, @RequestParam(defaultValue = "0") int membersPage, Model model) {
        Scope scope = currentScope.get();
        TagView tag = tags.tag(scope, id);
        model.addAttribute("carriers", catalog.carriers(scope, id, membersPage, CARRIERS_PER_PAGE));
        model.addAttribute(
                "namingRules", recycleBin.referringRules(scope, List.of(id)).shown());
        return form(model, tag, TagForm.of(tag));
    }

    @PostMapping("/tags/{id}")
    String update(@PathVariable long id, @ModelAttribute TagForm form, Model model, RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        TagView tag = tags.tag(scope, id);
        try {
            TagSaved saved = tags.update(scope, id, form.draft(), form.version() == null ? -1 : form.version());
            redirect.addFlashAttribute(
                    "flash", new Flash("flash.tag.updated", saved.tag().name()));
            redirect.addFlashAttribute("warnings", saved.warnings());
            return "redirect:/tags/" + id;
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return form(model, tag, form);
        }
    }

    /** The live preview of who a visibility reaches, as the form's fields change (htmx). */
    @GetMapping("/tags/reach")
    String reach(@ModelAttribute TagForm form, Model model) {
        model.addAttribute(
                "reach", tags.reach(currentScope.get(), Boolean.TRUE.equals(form.wholeCompany()), form.visibility()));
        return "tags/form :: reach";
    }

    /**
     * The live colour check beside the colour field, as the colour or the group changes (htmx): what a
     * save would say, and colours to click instead. {@code tagId}: the tag being edited (not compared
     * with itself); {@code colorAuto}: a new tag's colour the user has not picked, which follows the group.
     */
    @GetMapping("/tags/color-check")
    String colorCheck(
            @RequestParam(required = false) Long groupId,
            @RequestParam(required = false) String color,
            @RequestParam(required = false) Long tagId,
            @RequestParam(defaultValue = "false") boolean colorAuto,
            Model model) {
        model.addAttribute(
                "colorCheck",
                tags.checkColor(currentScope.get(), groupId, color, tagId, colorAuto)
                        .orElse(null));
        return "tags/color-check :: check";
    }

    private String form(Model model, TagView tag, TagForm form) {
        Scope scope = currentScope.get();
        model.addAttribute("tag", tag);
        model.addAttribute("form", form);
        model.addAttribute("groups", tags.groups(scope));
        model.addAttribute("departmentTree", departments.opening(scope, form.visibleDepartments()));
        model.addAttribute(
                "visibilityFields",
                DepartmentPicker.Fields.many(
                        "visibleDepartments", "includeSub", "visible", form.visibleDepartments(), form.includeSub()));
        model.addAttribute("isAdmin", scope.may(Action.MANAGE_COMPANY_TAGS));
        model.addAttribute("withinScope", !scope.isWholeCompany());
        model.addAttribute("mayChange", tag == null ? tags.mayCreate(scope) : tags.mayChange(scope, tag));
        model.addAttribute("reach", tags.reach(scope, Boolean.TRUE.equals(form.wholeCompany()), form.visibility()));
        model.addAttribute("colorCheck", colorCheck(scope, tag, form));
        return "tags/form";
    }

    /** The colour check the form opens with; a group that does not exist (a crafted post) has none. */
    private TagViews.ColorCheck colorCheck(Scope scope, TagView tag, TagForm form) {
        try {
            return tags.checkColor(scope, form.groupId(), form.color(), tag == null ? null : tag.id(), false)
                    .orElse(null);
        } catch (NotFoundException e) {
            return null;
        }
    }
}
