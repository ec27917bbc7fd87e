package dev.tagdesk.tag;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectoryService;
import dev.tagdesk.directory.DirectoryViews.MemberView;
import dev.tagdesk.event.MemberEvents;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagViews.Tagged;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * A member's page: who they are (from the directory) and their tags, which the caller puts on and
 * takes off here. It lives in the tag module because it tags: the tag module builds on the directory,
 * never the other way round. The member list stays with the directory ({@code directory.MemberPages}).
 */
@Controller
class MemberTagPages {

    private final CurrentScope currentScope;
    private final DirectoryService directory;
    private final MemberTagging tagging;
    private final java.time.Clock clock;
    private final MemberEvents events;

    MemberTagPages(
            CurrentScope currentScope,
            DirectoryService directory,
            MemberTagging tagging,
            java.time.Clock clock,
            MemberEvents events) {
        this.currentScope = currentScope;
        this.directory = directory;
        this.tagging = tagging;
        this.clock = clock;
        this.events = events;
    }

    /** How many of a member's events their page shows; the rest are a link away. */
    static final int RECENT_EVENTS = 10;

    @GetMapping("/members/{account}")
    String member(@PathVariable String account, Model model) {
        Scope scope = currentScope.get();
        MemberView member = directory.member(scope, account);
        model.addAttribute("member", member);
        model.addAttribute("tags", tagging.tagsOf(scope, account));
        model.addAttribute("assignable", tagging.assignable(scope, account));
        model.addAttribute("mayTag", tagging.mayTag(scope));
        model.addAttribute("now", clock.instant());
        model.addAttribute("recentEvents", events.of(scope, account, null, 0, RECENT_EVENTS));
        return "directory/member";
    }

    @PostMapping("/members/{account}/tags")
    String tag(@PathVariable String account, @RequestParam long tagId, Model model, RedirectAttributes redirect) {
        try {
            Tagged tagged = tagging.assign(currentScope.get(), account, tagId, MemberTagging.Source.MANUAL);
            redirect.addFlashAttribute(
                    "flash",
                    new Flash(
                            tagged.alreadyThere() ? "flash.member.alreadyTagged" : "flash.member.tagged",
                            tagged.assignment().name()));
            if (!tagged.replaced().isEmpty()) {
                redirect.addFlashAttribute("replaced", String.join("、", tagged.replaced()));
            }
            return redirectToMember(account);
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return member(account, model);
        }
    }

    @PostMapping("/members/{account}/tags/{tagId}/remove")
    String untag(@PathVariable String account, @PathVariable long tagId, RedirectAttributes redirect) {
        tagging.remove(currentScope.get(), account, tagId);
        redirect.addFlashAttribute("flash", new Flash("flash.member.untagged", account));
        return redirectToMember(account);
    }

    /** Back to the member's page, the account encoded: legacy data may give it any character. */
    private static String redirectToMember(String account) {
        return "redirect:/members/" + UriUtils.encodePathSegment(account, StandardCharsets.UTF_8);
    }
}
