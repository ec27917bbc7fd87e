package dev.tagdesk.web;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectoryService;
import dev.tagdesk.rule.RuleRunHistory;
import dev.tagdesk.tag.TagCatalog;
import dev.tagdesk.tag.TagService;
import dev.tagdesk.tag.TagViews.TagFilter;
import dev.tagdesk.tag.segment.FollowUpList;
import dev.tagdesk.transfer.ImportStatus;
import dev.tagdesk.transfer.MemberTagImports;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: the viewer's scope in numbers, and what needs their attention in it — assignments
 * expiring within a week, imports of the last week that wait or failed, the last auto-tag run and what
 * it changed, and what other people changed lately; for operations staff of a sales department, their
 * priority follow-up list first. Every list is read within the viewer's scope.
 */
@Controller
class HomeController {

    /** How far back "lately" reaches, and how soon "expiring" is. */
    static final int DAYS = 7;

    static final int SHOWN = 5;

    private final CurrentScope currentScope;
    private final DirectoryService directory;
    private final TagCatalog catalog;
    private final TagService tags;
    private final MemberTagImports imports;
    private final RuleRunHistory runs;
    private final FollowUpList followUp;
    private final Clock clock;

    HomeController(
            CurrentScope currentScope,
            DirectoryService directory,
            TagCatalog catalog,
            TagService tags,
            MemberTagImports imports,
            RuleRunHistory runs,
            FollowUpList followUp,
            Clock clock) {
        this.currentScope = currentScope;
        this.directory = directory;
        this.catalog = catalog;
        this.tags = tags;
        this.imports = imports;
        this.runs = runs;
        this.followUp = followUp;
        this.clock = clock;
    }

    @GetMapping("/")
    String home(Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("scope", scope);
        model.addAttribute("directory", directory.counts(scope));
        model.addAttribute("tags", catalog.counts(scope));
        model.addAttribute(
                "homeDepartment",
                scope.homeDepartmentId() == null ? null : directory.department(scope, scope.homeDepartmentId()));
        model.addAttribute("days", DAYS);
        model.addAttribute("followUp", followUp.card(scope, SHOWN).orElse(null));
        model.addAttribute("expiring", tags.list(scope, new TagFilter("", null, null, null, DAYS, 0, SHOWN)));
        model.addAttribute(
                "waitingImports",
                imports.history(scope).stream()
                        .filter(job -> job.status() != ImportStatus.APPLIED)
                        .filter(job -> job.createdAt().isAfter(clock.instant().minus(Duration.ofDays(DAYS))))
                        .limit(SHOWN)
                        .toList());
        model.addAttribute(
                "lastRun",
                runs.history(scope, 0, 1).items().stream().findFirst().orElse(null));
        model.addAttribute("changedTags", catalog.recentTagChangesByOthers(scope, DAYS, SHOWN));
        model.addAttribute("assignedByOthers", catalog.recentAssignmentsByOthers(scope, DAYS, SHOWN));
        return "home";
    }
}
