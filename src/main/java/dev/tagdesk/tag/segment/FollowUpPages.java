package dev.tagdesk.tag.segment;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DepartmentPicker;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.segment.FollowUpSettings.FollowUpSetting;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The follow-up list's page and export, and the admins' page that chooses each department's tags. */
@Controller
class FollowUpPages {

    private final CurrentScope currentScope;
    private final FollowUpList followUp;
    private final FollowUpSettings settings;
    private final SegmentDescriptions descriptions;
    private final DepartmentPicker departments;
    private final LocalTimes times;

    FollowUpPages(
            CurrentScope currentScope,
            FollowUpList followUp,
            FollowUpSettings settings,
            SegmentDescriptions descriptions,
            DepartmentPicker departments,
            LocalTimes times) {
        this.currentScope = currentScope;
        this.followUp = followUp;
        this.settings = settings;
        this.descriptions = descriptions;
        this.departments = departments;
        this.times = times;
    }

    @GetMapping("/segments/follow-up")
    String list(@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String sort, Model model) {
        Scope scope = currentScope.get();
        model.addAttribute("followUp", followUp.of(scope).orElse(null));
        model.addAttribute("result", followUp.page(scope, sort, page, SegmentPages.MEMBERS_PER_PAGE));
        return "segments/follow-up";
    }

    @GetMapping("/segments/follow-up/members.csv")
    void export(HttpServletResponse response) throws IOException {
        CsvDownload.prepare(response, times.datedFileName("follow-up"), times.datedFileName("优先跟进列表"));
        followUp.export(currentScope.get(), response.getOutputStream());
    }

    @GetMapping("/settings/follow-up")
    String settings(
            @RequestParam(required = false) Long department, @RequestParam(defaultValue = "0") int page, Model model) {
        Scope scope = currentScope.get();
        FollowUpSetting chosen =
                department == null ? null : settings.of(scope, department).orElse(null);
        // After a refused save, the tags that were chosen come back with the refusals (flash attributes).
        @SuppressWarnings("unchecked")
        List<Long> refusedTags = (List<Long>) model.getAttribute("chosenTags");
        List<Long> tags = refusedTags != null ? refusedTags : chosen == null ? List.of() : chosen.tagIds();
        model.addAttribute("result", settings.list(scope, page, 20));
        model.addAttribute("mayChange", settings.mayChange(scope));
        model.addAttribute("department", department);
        model.addAttribute("chosenTags", tags);
        model.addAttribute("tagPickers", true);
        model.addAttribute("tags", descriptions.tagOptions(scope, null));
        model.addAttribute(
                "departmentTree", departments.opening(scope, department == null ? List.of() : List.of(department)));
        model.addAttribute(
                "departmentFields", DepartmentPicker.Fields.one("departmentId", "followup-dept", department));
        return "segments/follow-up-settings";
    }

    @PostMapping("/settings/follow-up")
    String save(
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) List<Long> tagIds,
            RedirectAttributes redirect) {
        Scope scope = currentScope.get();
        try {
            FollowUpSetting saved = settings.save(scope, departmentId, tagIds == null ? List.of() : tagIds);
            redirect.addFlashAttribute("flash", new Flash("flash.followUp.saved", saved.departmentName()));
            return "redirect:/settings/follow-up?department=" + saved.departmentId();
        } catch (RefusedException e) {
            redirect.addFlashAttribute("refusals", e.refusals());
            redirect.addFlashAttribute("chosenTags", tagIds == null ? List.of() : tagIds);
            return "redirect:/settings/follow-up" + (departmentId == null ? "" : "?department=" + departmentId);
        }
    }
}
