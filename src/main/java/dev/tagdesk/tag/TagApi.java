package dev.tagdesk.tag;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagViews.GroupDraft;
import dev.tagdesk.tag.TagViews.GroupView;
import dev.tagdesk.tag.TagViews.TagDraft;
import dev.tagdesk.tag.TagViews.TagFilter;
import dev.tagdesk.tag.TagViews.TagRow;
import dev.tagdesk.tag.TagViews.TagSaved;
import dev.tagdesk.tag.TagViews.TagView;
import dev.tagdesk.tag.TagViews.Tagged;
import dev.tagdesk.tag.TagViews.Warning;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/** Tag groups, tags and member tags over JSON: the same service, the same rules as the pages. */
@ApiController("/api/v1")
class TagApi {

    record TagJson(
            long id,
            String name,
            long groupId,
            String color,
            String description,
            List<Visibility> visibility,
            boolean wholeCompany,
            long memberCount,
            long version) {}

    record WarningJson(String code, String message) {}

    record SavedJson(TagJson tag, List<WarningJson> warnings) {}

    /** A tag as the API takes it; {@code version} is required to change one. */
    record TagRequest(
            String name,
            Long groupId,
            String color,
            String description,
            Integer shelfLifeDays,
            Boolean wholeCompany,
            List<Visibility> visibility,
            Long version) {

        TagDraft draft() {
            return new TagDraft(name, groupId, color, description, shelfLifeDays, wholeCompany, visibility);
        }
    }

    record AssignmentJson(
            long tagId,
            String name,
            String color,
            String source,
            String assignedBy,
            Instant assignedAt,
            Instant expiresAt,
            Long ruleId,
            List<String> replaced,
            boolean alreadyThere) {}

    private final CurrentScope currentScope;
    private final TagService tags;
    private final MemberTagging tagging;
    private final MessageSource messages;

    TagApi(CurrentScope currentScope, TagService tags, MemberTagging tagging, MessageSource messages) {
        this.currentScope = currentScope;
        this.tags = tags;
        this.tagging = tagging;
        this.messages = messages;
    }

    /** The groups in their order, paged like every list. */
    @GetMapping("/tag-groups")
    Page<GroupView> groups(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return Page.of(tags.groups(currentScope.get()), page, size);
    }

    @PostMapping("/tag-groups")
    ResponseEntity<GroupView> createGroup(@RequestBody GroupDraft draft) {
        GroupView created = tags.createGroup(currentScope.get(), draft);
        return ResponseEntity.created(URI.create("/api/v1/tag-groups/" + created.id()))
                .body(created);
    }

    @GetMapping("/tags")
    Page<TagJson> list(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long groupId,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) String colorFamily,
            @RequestParam(required = false) Integer expiring,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size,
            @RequestParam(defaultValue = "") String sort) {
        Page<TagRow> result = tags.list(
                currentScope.get(),
                new TagFilter(
                        q, groupId, colorFamily, departmentId, expiring, page, Page.size(size), TagSort.of(sort)));
        Map<Long, List<Visibility>> visibility =
                tags.visibilityOf(result.items().stream().map(r -> r.id()).toList());
        return result.map(r -> new TagJson(
                r.id(),
                r.name(),
                r.groupId(),
                r.color(),
                r.description(),
                visibility.getOrDefault(r.id(), List.of()),
                r.wholeCompany(),
                r.memberCount(),
                r.version()));
    }

    @GetMapping("/tags/{id}")
    TagJson tag(@PathVariable long id) {
        return json(tags.tag(currentScope.get(), id));
    }

    @PostMapping("/tags")
    ResponseEntity<SavedJson> create(@RequestBody TagRequest request, @AuthenticationPrincipal CurrentUser user) {
        TagSaved saved = tags.create(currentScope.get(), user.id(), request.draft());
        return ResponseEntity.created(URI.create("/api/v1/tags/" + saved.tag().id()))
                .body(json(saved));
    }

    /**
     * 400 {@code VERSION_REQUIRED} without the version read; 409 {@code VERSION_STALE} when it is not the
     * tag's, with {@code TAG_CHANGED_MEANWHILE} (who changed it, and when) in {@code errors}.
     */
    @PutMapping("/tags/{id}")
    SavedJson update(@PathVariable long id, @RequestBody TagRequest request) {
        if (request.version() == null) {
            throw RefusedException.invalid("version", "VERSION_REQUIRED");
        }
        try {
            return json(tags.update(currentScope.get(), id, request.draft(), request.version()));
        } catch (RefusedException e) {
            if (e.code().equals("TAG_CHANGED_MEANWHILE")) {
                // One code for every stale version in the API; the tag's own refusal still says who and when.
                throw new RefusedException(
                        409,
                        List.of(
                                new Refusal("version", "VERSION_STALE"),
                                e.refusals().get(0)));
            }
            throw e;
        }
    }

    /** The optional body of an assignment: its own expiry, e.g. the end of a campaign. */
    record AssignmentRequest(Instant expiresAt) {}

    @PutMapping("/members/{account}/tags/{tagId}")
    ResponseEntity<AssignmentJson> assign(
            @PathVariable String account,
            @PathVariable long tagId,
            @RequestBody(required = false) AssignmentRequest request) {
        Tagged tagged = tagging.assign(
                currentScope.get(),
                account,
                tagId,
                MemberTagging.Source.API,
                request == null ? null : request.expiresAt());
        var a = tagged.assignment();
        return ResponseEntity.status(tagged.alreadyThere() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new AssignmentJson(
                        a.tagId(),
                        a.name(),
                        a.color(),
                        a.source(),
                        a.assignedBy(),
                        a.assignedAt(),
                        a.expiresAt(),
                        a.ruleId(),
                        tagged.replaced(),
                        tagged.alreadyThere()));
    }

    @DeleteMapping("/members/{account}/tags/{tagId}")
    ResponseEntity<Void> remove(@PathVariable String account, @PathVariable long tagId) {
        Scope scope = currentScope.get();
        tagging.remove(scope, account, tagId);
        return ResponseEntity.noContent().build();
    }

    private SavedJson json(TagSaved saved) {
        return new SavedJson(
                json(saved.tag()), saved.warnings().stream().map(this::json).toList());
    }

    private WarningJson json(Warning warning) {
        return new WarningJson(
                warning.code(),
                messages.getMessage(
                        warning.messageKey(), warning.args(), warning.code(), LocaleContextHolder.getLocale()));
    }

    private static TagJson json(TagView tag) {
        return new TagJson(
                tag.id(),
                tag.name(),
                tag.groupId(),
                tag.color(),
                tag.description(),
                tag.visibility().stream()
                        .map(v -> new Visibility(v.departmentId(), v.includeSubDepartments()))
                        .toList(),
                tag.wholeCompany(),
                tag.memberCount(),
                tag.version());
    }
}
