package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.Page;
import dev.tagdesk.tag.segment.SegmentViews.MemberSlice;
import dev.tagdesk.tag.segment.SegmentViews.SegmentMember;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is in a segment, saved or built on the spot, within the caller's scope: how many, a page of
 * them for a person (ordered as they ask), a page after a keyset cursor for the API, and the live count
 * of the builder. An expression built on the spot is checked like a saved one: it names only tags the
 * caller sees and departments in their scope.
 */
@Service
public class SegmentReader {

    private final Segments segments;
    private final SegmentChecks checks;
    private final SegmentMembers members;
    private final Clock clock;

    SegmentReader(Segments segments, SegmentChecks checks, SegmentMembers members, Clock clock) {
        this.segments = segments;
        this.checks = checks;
        this.members = members;
        this.clock = clock;
    }

    /** How many members in the caller's scope an expression holds. */
    @Transactional(readOnly = true)
    public long count(Scope scope, SegmentExpression expression) {
        checks.references(scope, expression);
        return members.count(compiled(scope, expression));
    }

    /** An expression not saved: its count and a first (or, with a cursor, a next) page of its members. */
    @Transactional(readOnly = true)
    public MemberSlice preview(Scope scope, SegmentExpression expression, String cursor, int size) {
        checks.references(scope, expression);
        return slice(scope, expression, MemberCursor.read(cursor), size);
    }

    /** A saved segment's count and the page of its members after the cursor, in id order. */
    @Transactional(readOnly = true)
    public MemberSlice members(Scope scope, long id, String cursor, int size) {
        MemberCursor after = MemberCursor.read(cursor);
        return slice(scope, segments.get(scope, id).expression(), after, size);
    }

    /** A page of a saved segment's members for its page: newest tag first, or as {@code sort} says. */
    @Transactional(readOnly = true)
    public Page<SegmentMember> page(Scope scope, long id, String sort, int page, int size) {
        return page(scope, segments.get(scope, id).expression(), sort, page, size);
    }

    Page<SegmentMember> page(Scope scope, SegmentExpression expression, String sort, int page, int size) {
        return members.page(
                compiled(scope, expression),
                expression.carriedTagIds(),
                SegmentMembers.Order.of(sort),
                page,
                Page.size(size));
    }

    private MemberSlice slice(Scope scope, SegmentExpression expression, MemberCursor after, int size) {
        int shown = Page.size(size);
        SegmentSql sql = compiled(scope, expression);
        List<SegmentMember> rows = members.after(sql, expression.carriedTagIds(), after, shown);
        List<SegmentMember> page = rows.subList(0, Math.min(shown, rows.size()));
        String next =
                rows.size() > shown ? new MemberCursor(page.get(page.size() - 1).id()).write() : null;
        return new MemberSlice(members.count(sql), List.copyOf(page), next);
    }

    SegmentSql compiled(Scope scope, SegmentExpression expression) {
        return SegmentSql.of(expression, scope, clock.instant());
    }
}
