package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Role;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.Page;
import dev.tagdesk.tag.internal.TagVisibility;
import dev.tagdesk.tag.segment.SegmentViews.NamedTag;
import dev.tagdesk.tag.segment.SegmentViews.SegmentMember;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The priority follow-up list (优先跟进列表): the segment an OPS user of a sales department finds on
 * their home page — the members of their scope who got one of their department's follow-up tags
 * (say 「意向_高潜力培育对象」, 「意向_产品意向强烈」) since yesterday's run, newest first.
 *
 * <p>"Since yesterday's run" is since the nightly auto-tag window of the last nightly run that finished
 * opened (by default 23:00 China time the night before), so the members the run itself tagged are on
 * the list, and so are those tagged by hand or by an import during the day; the list starts afresh
 * when the next nightly run has finished. Before any nightly run has finished (a new installation,
 * nightly runs switched off), it is the last 24 hours.
 *
 * <p>Which tags make a department's list is an admin's setting ({@link FollowUpSettings}); an OPS
 * user gets the list of the nearest department on their home path that has one (their own, else the
 * nearest above it), and of its tags only those they see.
 */
@Service
public class FollowUpList {

    /** A follow-up list as its reader sees it: whose setting, which tags, and since when. */
    public record FollowUp(
            long departmentId, String departmentName, List<NamedTag> tags, Instant since, boolean sinceLastRun) {

        SegmentExpression expression() {
            return new SegmentExpression.Any(tags.stream()
                    .<SegmentExpression>map(t -> new SegmentExpression.TaggedSince(t.id(), since))
                    .toList());
        }
    }

    /** The home page's card: the list, how many are on it, and the newest few. */
    public record FollowUpCard(FollowUp list, long count, List<SegmentMember> newest) {}

    static final Duration WITHOUT_A_RUN = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final NightlyRuns runs;
    private final SegmentReader reader;
    private final SegmentExport export;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FollowUpList(
            JdbcClient jdbc,
            NightlyRuns runs,
            SegmentReader reader,
            SegmentExport export,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.reader = reader;
        this.export = export;
        this.events = events;
        this.clock = clock;
    }

    /** The caller's follow-up list: none unless they are OPS of a department (or under one) that has one. */
    @Transactional(readOnly = true)
    public Optional<FollowUp> of(Scope scope) {
        if (scope.role() != Role.OPS || scope.homeDepartmentId() == null) {
            return Optional.empty();
        }
        Map<String, Object> visibility = TagVisibility.parameters(scope);
        Optional<Long> department = jdbc.sql(
                        "select f.department_id from follow_up_tag f join " + DirectorySql.departments()
                                + " d on d.id = f.department_id where f.department_id = any(cast(:ancestors as bigint[]))"
                                + " order by d.depth desc limit 1")
                .params(visibility)
                .query(Long.class)
                .optional();
        if (department.isEmpty()) {
            return Optional.empty();
        }
        List<NamedTag> tags = jdbc.sql("select t.id, t.name, t.color from follow_up_tag f join tag t on t.id = f.tag_id"
                        + " where f.department_id = :department and " + TagVisibility.CONDITION
                        + " order by t.normalized_name")
                .params(visibility)
                .param("department", department.get())
                .query((rs, i) -> new NamedTag(rs.getLong("id"), rs.getString("name"), rs.getString("color"), false))
                .list();
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        String name = jdbc.sql("select d.name from " + DirectorySql.departments() + " d where d.id = :id")
                .param("id", department.get())
                .query(String.class)
                .single();
        Optional<Instant> lastRun = runs.lastFinishedWindowOpened();
        Instant since = lastRun.orElseGet(() -> clock.instant().minus(WITHOUT_A_RUN));
        return Optional.of(new FollowUp(department.get(), name, tags, since, lastRun.isPresent()));
    }

    /** The home page's card: the newest {@code shown} members and how many there are. */
    @Transactional(readOnly = true)
    public Optional<FollowUpCard> card(Scope scope, int shown) {
        return of(scope).map(list -> {
            Page<SegmentMember> page = reader.page(scope, list.expression(), null, 0, shown);
            return new FollowUpCard(list, page.total(), page.items());
        });
    }

    /** A page of the list, newest first or as {@code sort} says; empty for those without one. */
    @Transactional(readOnly = true)
    public Page<SegmentMember> page(Scope scope, String sort, int page, int size) {
        return of(scope)
                .map(list -> reader.page(scope, list.expression(), sort, page, size))
                .orElseGet(() -> new Page<>(List.of(), Page.number(page), Page.size(size), 0));
    }

    /** Writes the list as CSV (the segment export's shape), audited; an empty file for those without one. */
    @Transactional
    public long export(Scope scope, OutputStream out) throws IOException {
        Optional<FollowUp> list = of(scope);
        long rows = list.isEmpty()
                ? export.empty(out)
                : export.write(scope, list.get().expression(), out);
        events.publishEvent(AuditRecord.of(
                "EXPORT_FOLLOW_UP_LIST",
                "export",
                "follow-up.csv",
                list.map(l -> Map.<String, Object>of("departmentId", l.departmentId(), "since", l.since()))
                        .orElse(null),
                Map.of("members", rows)));
        return rows;
    }
}
