package dev.tagdesk.web;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectoryService;
import dev.tagdesk.tag.TagCatalog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final CurrentScope currentScope;
    private final DirectoryService directory;
    private final TagCatalog tags;

    HomeController(CurrentScope currentScope, DirectoryService directory, TagCatalog tags) {
        this.currentScope = currentScope;
        this.directory = directory;
        this.tags = tags;
    }

    @GetMapping("/")
    String home(Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("scope", scope);
        model.addAttribute("directory", directory.counts(scope));
        model.addAttribute("tags", tags.counts(scope));
        model.addAttribute(
                "homeDepartment",
                scope.homeDepartmentId() == null ? null : directory.department(scope, scope.homeDepartmentId()));
        return "home";
    }
}
