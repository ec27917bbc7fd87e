package dev.tagdesk.directory;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.directory.DirectoryViews.DepartmentView;
import dev.tagdesk.directory.DirectoryViews.MemberDetails;
import dev.tagdesk.directory.DirectoryViews.MemberRow;
import dev.tagdesk.directory.DirectoryViews.MemberSearch;
import dev.tagdesk.directory.DirectoryViews.MemberView;
import dev.tagdesk.directory.DirectoryViews.NewDepartment;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import dev.tagdesk.tag.MemberTagging;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/** The directory's JSON API, for HR/CRM sync: admins write, everyone reads within scope. */
@ApiController("/api/v1")
class DirectoryApi {

    record DepartmentJson(long id, String name, String code, Long parentId) {
        static DepartmentJson of(DepartmentView d) {
            return new DepartmentJson(d.id(), d.name(), d.code(), d.parentId());
        }
    }

    record MemberJson(
            String account,
            String name,
            List<Long> departmentIds,
            MemberStatus status,
            Instant lastActiveAt,
            List<MemberTagJson> tags) {}

    record MemberTagJson(
            long id, String name, String color, String source, Instant assignedAt, Instant expiresAt, Long ruleId) {}

    record MemberListJson(List<MemberRow> items, int page, int size, long total) {}

    private final CurrentScope currentScope;
    private final DirectoryService directory;
    private final MemberTagging tagging;

    DirectoryApi(CurrentScope currentScope, DirectoryService directory, MemberTagging tagging) {
        this.currentScope = currentScope;
        this.directory = directory;
        this.tagging = tagging;
    }

    @GetMapping("/departments")
    List<DepartmentJson> departments() {
        return directory.departmentList(currentScope.get()).stream()
                .map(DepartmentJson::of)
                .toList();
    }

    @PostMapping("/departments")
    ResponseEntity<DepartmentJson> createDepartment(@RequestBody NewDepartment request) {
        DepartmentView created = directory.createDepartment(currentScope.get(), request);
        return ResponseEntity.created(URI.create("/api/v1/departments/" + created.id()))
                .body(DepartmentJson.of(created));
    }

    @GetMapping("/members")
    MemberListJson members(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Page<MemberRow> result = directory.members(currentScope.get(), new MemberSearch(q, departmentId, page, size));
        return new MemberListJson(result.items(), result.page(), result.size(), result.total());
    }

    @PostMapping("/members")
    ResponseEntity<MemberJson> createMember(@RequestBody MemberDetails request) {
        MemberView created = directory.createMember(currentScope.get(), request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/members/" + created.account()))
                .body(json(created));
    }

    @GetMapping("/members/{account}")
    MemberJson member(@PathVariable String account) {
        return json(directory.member(currentScope.get(), account));
    }

    @PutMapping("/members/{account}")
    MemberJson updateMember(@PathVariable String account, @RequestBody MemberDetails request) {
        return json(directory.updateMember(currentScope.get(), account, request));
    }

    private MemberJson json(MemberView member) {
        return new MemberJson(
                member.account(),
                member.name(),
                member.departments().stream().map(d -> d.id()).toList(),
                member.status(),
                member.lastActiveAt(),
                tagging.tagsOf(currentScope.get(), member.account()).stream()
                        .map(a -> new MemberTagJson(
                                a.tagId(), a.name(), a.color(), a.source(), a.assignedAt(), a.expiresAt(), a.ruleId()))
                        .toList());
    }
}
