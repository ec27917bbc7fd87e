package dev.tagdesk.tag.segment;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.segment.SegmentViews.MemberSlice;
import dev.tagdesk.tag.segment.SegmentViews.SegmentMember;
import dev.tagdesk.tag.segment.SegmentViews.SegmentView;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * Segments over JSON (token scope {@code segments:read} for the reads): the segments the caller may
 * read, a segment's members a keyset page at a time (stable while members are tagged and untagged:
 * walking the pages gives every member who stayed in the segment once), and the count and first page
 * of an expression not saved. Admins and operations staff also create, change, share and delete them.
 */
@ApiController("/api/v1/segments")
class SegmentApi {

    /** A segment as the API writes it. */
    record SegmentJsonView(
            long id,
            String name,
            Object expression,
            String owner,
            List<Long> sharedWith,
            Instant updatedAt,
            long version) {}

    record SegmentRequest(String name, JsonNode expression, List<Long> sharedWith, Long version) {}

    record PreviewRequest(JsonNode expression, String cursor, Integer size) {}

    /** A member of a segment, with the newest of its tags they carry and when they got it. */
    record MemberJson(String account, String name, TagJson tag, Instant taggedAt) {}

    record TagJson(long id, String name) {}

    /** {@code {"count":n,"members":[…],"nextCursor":…}}: the contract of the preview and of the members. */
    record MembersJson(long count, List<MemberJson> members, String nextCursor) {}

    private final CurrentScope currentScope;
    private final Segments segments;
    private final SegmentReader reader;

    SegmentApi(CurrentScope currentScope, Segments segments, SegmentReader reader) {
        this.currentScope = currentScope;
        this.segments = segments;
        this.reader = reader;
    }

    @GetMapping
    Page<SegmentJsonView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return segments.list(currentScope.get(), page, size).map(SegmentApi::json);
    }

    @GetMapping("/{id}")
    SegmentJsonView get(@PathVariable long id) {
        return json(segments.get(currentScope.get(), id));
    }

    @PostMapping
    ResponseEntity<SegmentJsonView> create(@RequestBody SegmentRequest request) {
        SegmentJsonView created = json(segments.create(currentScope.get(), definition(request)));
        return ResponseEntity.created(URI.create("/api/v1/segments/" + created.id()))
                .body(created);
    }

    @PutMapping("/{id}")
    SegmentJsonView update(@PathVariable long id, @RequestBody SegmentRequest request) {
        if (request.version() == null) {
            throw RefusedException.invalid("version", "VERSION_REQUIRED");
        }
        return json(segments.update(currentScope.get(), id, definition(request), request.version()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        segments.delete(currentScope.get(), id);
        return ResponseEntity.noContent().build();
    }

    /** The members after {@code cursor} (the {@code nextCursor} of the page before; none: the first page), in a stable order. */
    @GetMapping("/{id}/members")
    MembersJson members(
            @PathVariable long id,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return json(reader.members(currentScope.get(), id, cursor, size));
    }

    /** An expression not saved: how many members it holds and the first page (or the page after {@code cursor}). */
    @PostMapping("/preview")
    MembersJson preview(@RequestBody PreviewRequest request) {
        return json(reader.preview(
                currentScope.get(),
                SegmentJson.read(request.expression()),
                request.cursor(),
                request.size() == null ? 0 : request.size()));
    }

    private static Segments.SegmentDefinition definition(SegmentRequest request) {
        return new Segments.SegmentDefinition(
                request.name(), SegmentJson.read(request.expression()), request.sharedWith());
    }

    private static SegmentJsonView json(SegmentView segment) {
        return new SegmentJsonView(
                segment.id(),
                segment.name(),
                SegmentJson.write(segment.expression()),
                segment.owner(),
                segment.sharedWith(),
                segment.updatedAt(),
                segment.version());
    }

    private static MembersJson json(MemberSlice slice) {
        return new MembersJson(
                slice.count(), slice.members().stream().map(SegmentApi::json).toList(), slice.nextCursor());
    }

    private static MemberJson json(SegmentMember member) {
        return new MemberJson(
                member.account(),
                member.name(),
                member.tagId() == null ? null : new TagJson(member.tagId(), member.tagName()),
                member.taggedAt());
    }
}
