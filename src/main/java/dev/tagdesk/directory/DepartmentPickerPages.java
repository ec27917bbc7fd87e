package dev.tagdesk.directory;

import dev.tagdesk.access.CurrentScope;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The department picker's one route: the children of a department the user opens, as rows of the
 * form that asked (htmx swaps them in). A department outside the caller's scope is "not found".
 */
@Controller
class DepartmentPickerPages {

    private final CurrentScope currentScope;
    private final DepartmentPicker picker;

    DepartmentPickerPages(CurrentScope currentScope, DepartmentPicker picker) {
        this.currentScope = currentScope;
        this.picker = picker;
    }

    @GetMapping("/department-picker/{id}")
    String children(
            @PathVariable long id,
            @RequestParam String name,
            @RequestParam(required = false) String sub,
            @RequestParam String prefix,
            @RequestParam(defaultValue = "false") boolean single,
            Model model,
            HttpServletResponse response) {
        DepartmentPicker.Fields fields = new DepartmentPicker.Fields(name, sub, prefix, single, Set.of(), Set.of());
        if (!fields.wellFormed()) {
            response.setStatus(400);
            return "error/400";
        }
        model.addAttribute("nodes", picker.children(currentScope.get(), id));
        model.addAttribute("fields", fields);
        return "fragments/department-picker :: children";
    }
}
