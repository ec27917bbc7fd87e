package dev.tagdesk.directory;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectoryViews.MemberSearch;
import dev.tagdesk.directory.DirectoryViews.MemberView;
import dev.tagdesk.tag.TagCatalog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The member list (paged, searchable, filtered by department subtree) and the member page. */
@Controller
class MemberPages {

    private final CurrentScope currentScope;
    private final DirectoryService directory;
    private final TagCatalog tags;

    MemberPages(CurrentScope currentScope, DirectoryService directory, TagCatalog tags) {
        this.currentScope = currentScope;
        this.directory = directory;
        this.tags = tags;
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
    @GetMapping(path = "/members", headers = "HX-Request=true")
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

    @GetMapping("/members/{account}")
    String member(@PathVariable String account, Model model) {
        Scope scope = currentScope.get();
        MemberView member = directory.member(scope, account);
        model.addAttribute("member", member);
        model.addAttribute("tags", tags.tagsOf(scope, member.id()));
        return "directory/member";
    }
}
