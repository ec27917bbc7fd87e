package dev.tagdesk.directory;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectoryViews.DepartmentView;
import dev.tagdesk.directory.DirectoryViews.NewDepartment;
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

/** The department tree page and the admin's department page (rename, move, delete). */
@Controller
class DepartmentPages {

    /** The create form: what the admin typed, re-shown with the refusals when a rule says no. */
    record CreateDepartmentForm(String name, String code, Long parentId) {}

    private final CurrentScope currentScope;
    private final DirectoryService directory;

    DepartmentPages(CurrentScope currentScope, DirectoryService directory) {
        this.currentScope = currentScope;
        this.directory = directory;
    }

    @GetMapping("/departments")
    String tree(Model model) {
        return showTree(model, new CreateDepartmentForm("", "", null));
    }

    @PostMapping("/departments")
    String create(@ModelAttribute("form") CreateDepartmentForm form, Model model, RedirectAttributes redirect) {
        try {
            DepartmentView created = directory.createDepartment(
                    currentScope.get(), new NewDepartment(form.name(), form.code(), form.parentId()));
            redirect.addFlashAttribute("flash", new Flash("flash.department.created", created.name()));
            return "redirect:/departments";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return showTree(model, form);
        }
    }

    @GetMapping("/departments/{id}")
    String department(@PathVariable long id, Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("department", directory.department(scope, id));
        model.addAttribute("departments", directory.departmentList(scope));
        return "directory/department";
    }

    @PostMapping("/departments/{id}/rename")
    String rename(
            @PathVariable long id,
            @RequestParam String name,
            @RequestParam long version,
            Model model,
            RedirectAttributes redirect) {
        return change(
                id,
                model,
                redirect,
                "flash.department.renamed",
                () -> directory.renameDepartment(currentScope.get(), id, name, version));
    }

    @PostMapping("/departments/{id}/move")
    String move(
            @PathVariable long id,
            @RequestParam long parentId,
            @RequestParam long version,
            Model model,
            RedirectAttributes redirect) {
        return change(
                id,
                model,
                redirect,
                "flash.department.moved",
                () -> directory.moveDepartment(currentScope.get(), id, parentId, version));
    }

    @PostMapping("/departments/{id}/delete")
    String delete(@PathVariable long id, @RequestParam long version, Model model, RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        String name = directory.department(scope, id).name();
        try {
            directory.deleteDepartment(scope, id, version);
            redirect.addFlashAttribute("flash", new Flash("flash.department.deleted", name));
            return "redirect:/departments";
        } catch (RefusedException e) {
            return department(id, model.addAttribute("refusals", e.refusals()));
        }
    }

    private String change(
            long id,
            Model model,
            RedirectAttributes redirect,
            String flashKey,
            java.util.function.Supplier<DepartmentView> action) {
        try {
            DepartmentView changed = action.get();
            redirect.addFlashAttribute("flash", new Flash(flashKey, changed.name()));
            return "redirect:/departments/" + id;
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return department(id, model);
        }
    }

    private String showTree(Model model, CreateDepartmentForm form) {
        Scope scope = currentScope.get();
        model.addAttribute("tree", directory.departmentTree(scope));
        model.addAttribute("departments", directory.departmentList(scope));
        model.addAttribute("form", form);
        model.addAttribute("canEdit", scope.may(Action.MANAGE_DIRECTORY));
        return "directory/departments";
    }
}
