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
import dev.tagdesk.shared.RefusedException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
            List<MemberTagJson> tags,
            long version) {}

    /** A member's new details with the {@code version} read, which an update requires. */
    record MemberUpdate(
            String account,
            String name,
            Set<Long> departmentIds,
            MemberStatus status,
            Instant lastActiveAt,
            Long version) {

        MemberDetails details() {
            return new MemberDetails(account, name, departmentIds, status, lastActiveAt);
        }
    }

    record MemberTagJson(
            long id, String name, String color, String source, Instant assignedAt, Instant expiresAt, Long ruleId) {}

    private final CurrentScope currentScope;
    private final DirectoryService directory;
    private final MemberTags tags;

    DirectoryApi(CurrentScope currentScope, DirectoryService directory, MemberTags tags) {
        this.currentScope = currentScope;
        this.directory = directory;
        this.tags = tags;
    }

    /** The departments in scope, in tree order, paged like every list. */
    @GetMapping("/departments")
    Page<DepartmentJson> departments(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return Page.of(directory.departmentList(currentScope.get()), page, size).map(DepartmentJson::of);
    }

    @PostMapping("/departments")
    ResponseEntity<DepartmentJson> createDepartment(@RequestBody NewDepartment request) {
        DepartmentView created = directory.createDepartment(currentScope.get(), request);
        return ResponseEntity.created(URI.create("/api/v1/departments/" + created.id()))
                .body(DepartmentJson.of(created));
    }

    @GetMapping("/members")
    Page<MemberRow> members(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return directory.members(currentScope.get(), new MemberSearch(q, departmentId, page, Page.size(size)));
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

    /** 400 {@code VERSION_REQUIRED} without the version read; 409 {@code VERSION_STALE} when it is not the member's. */
    @PutMapping("/members/{account}")
    MemberJson updateMember(@PathVariable String account, @RequestBody MemberUpdate request) {
        if (request.version() == null) {
            throw RefusedException.invalid("version", "VERSION_REQUIRED");
        }
        return json(directory.updateMember(currentScope.get(), account, request.details(), request.version()));
    }

    private MemberJson json(MemberView member) {
        return new MemberJson(
                member.account(),
                member.name(),
                member.departments().stream().map(d -> d.id()).toList(),
                member.status(),
                member.lastActiveAt(),
                tags.of(currentScope.get(), member.account()).stream()
                        .map(a -> new MemberTagJson(
                                a.tagId(), a.name(), a.color(), a.source(), a.assignedAt(), a.expiresAt(), a.ruleId()))
                        .toList(),
                member.version());
    }
}
