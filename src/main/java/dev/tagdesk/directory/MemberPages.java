package dev.tagdesk.directory;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.directory.DirectoryViews.MemberSearch;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The member list (paged, searchable, filtered by department subtree). A member's own page shows their
 * tags and tags them, so the tag module serves it ({@code tag.MemberTagPages}).
 */
@Controller
class MemberPages {

    /** How many of a member's latest behaviour events their page shows (the rest on their events page). */
    private final CurrentScope currentScope;

    private final DirectoryService directory;

    MemberPages(CurrentScope currentScope, DirectoryService directory) {
        this.currentScope = currentScope;
        this.directory = directory;
    }

    @GetMapping("/members")
    String list(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            Model model) {
        search(q, departmentId, page, size, model);
        model.addAttribute("departments", directory.departmentList(currentScope.get()));
        return "directory/members";
    }

    /** The live search (htmx) asks for the result rows only. */
    @HxRequest
    @GetMapping("/members")
    String rows(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            Model model) {
        search(q, departmentId, page, size, model);
        return "directory/members :: results";
    }

    private void search(String q, Long departmentId, int page, int size, Model model) {
        MemberSearch search = new MemberSearch(q, departmentId, page, size);
        model.addAttribute("search", search);
        model.addAttribute("result", directory.members(currentScope.get(), search));
    }
}
