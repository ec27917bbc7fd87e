package dev.tagdesk.tag.segment;

import dev.tagdesk.access.Scope;
import dev.tagdesk.directory.DirectorySql;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.internal.TagVisibility;
import dev.tagdesk.tag.segment.SegmentViews.DescribedSegment;
import dev.tagdesk.tag.segment.SegmentViews.NamedTag;
import dev.tagdesk.tag.segment.SegmentViews.Names;
import dev.tagdesk.tag.segment.SegmentViews.SegmentView;
import dev.tagdesk.tag.segment.SegmentViews.TagOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Segments in words ("带有「偏好_高端系列」 且 近 7 天内获得「生命周期_老客」"), with the names of what they
 * name read once for a whole page (two statements), only within the reader's scope: a tag in the
 * recycle bin reads 已删除的标签「…」, and a tag purged or a department deleted since reads by its id.
 */
@Service
public class SegmentDescriptions {

    private final JdbcClient jdbc;
    private final MessageSource messages;

    SegmentDescriptions(JdbcClient jdbc, MessageSource messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /** Each segment with its condition and its shares in words. */
    @Transactional(readOnly = true)
    public List<DescribedSegment> described(Scope scope, Collection<SegmentView> segments) {
        Set<Long> tags = new LinkedHashSet<>();
        Set<Long> departments = new LinkedHashSet<>();
        segments.forEach(s -> {
            tags.addAll(s.expression().tagIds());
            departments.addAll(s.expression().departmentIds());
            departments.addAll(s.sharedWith());
        });
        Names names = names(scope, tags, departments);
        return segments.stream()
                .map(s -> new DescribedSegment(
                        s,
                        condition(s.expression(), names),
                        s.sharedWith().stream().map(id -> department(id, names)).collect(Collectors.joining("、"))))
                .toList();
    }

    /** The names of these tags (live or in the recycle bin) and departments, as far as the scope sees them. */
    @Transactional(readOnly = true)
    public Names names(Scope scope, Collection<Long> tagIds, Collection<Long> departmentIds) {
        Map<Long, NamedTag> tags = new HashMap<>();
        if (!tagIds.isEmpty()) {
            jdbc.sql("select t.id, t.name, t.color, t.deleted_at is not null as deleted from tag t"
                            + " where t.id = any(cast(:ids as bigint[])) and (" + TagVisibility.CONDITION + " or "
                            + TagVisibility.IN_RECYCLE_BIN + ")")
                    .params(TagVisibility.parameters(scope))
                    .param("ids", SqlArrays.ids(tagIds))
                    .query(rs -> {
                        tags.put(
                                rs.getLong("id"),
                                new NamedTag(
                                        rs.getLong("id"),
                                        rs.getString("name"),
                                        rs.getString("color"),
                                        rs.getBoolean("deleted")));
                    });
        }
        Map<Long, String> departments = new HashMap<>();
        if (!departmentIds.isEmpty()) {
            jdbc.sql("select d.id, d.name from " + DirectorySql.departments()
                            + " d where d.id = any(cast(:ids as bigint[])) and d.path like :scope")
                    .param("ids", SqlArrays.ids(departmentIds))
                    .param("scope", scope.pathPattern())
                    .query(rs -> {
                        departments.put(rs.getLong("id"), rs.getString("name"));
                    });
        }
        return new Names(tags, departments);
    }

    /** The live tags the caller may see, for the builder's pickers, and the deleted ones the segment names. */
    @Transactional(readOnly = true)
    public List<TagOption> tagOptions(Scope scope, SegmentExpression named) {
        List<TagOption> options = new ArrayList<>(jdbc.sql("select t.id, t.name from tag t where "
                        + TagVisibility.CONDITION + " order by t.normalized_name")
                .params(TagVisibility.parameters(scope))
                .query((rs, i) -> new TagOption(rs.getLong("id"), rs.getString("name"), false))
                .list());
        if (named != null) {
            names(scope, named.tagIds(), List.of()).tags().values().stream()
                    .filter(NamedTag::deleted)
                    .forEach(t -> options.add(new TagOption(t.id(), t.name(), true)));
        }
        return options;
    }

    /** The expression in words, top level without parentheses. */
    public String condition(SegmentExpression expression, Names names) {
        return words(expression, names, true);
    }

    private String words(SegmentExpression e, Names names, boolean top) {
        if (e instanceof SegmentExpression.All || e instanceof SegmentExpression.Any) {
            String joined = e.children().stream()
                    .map(c -> words(c, names, false))
                    .collect(Collectors.joining(
                            text(e instanceof SegmentExpression.All ? "segment.describe.and" : "segment.describe.or")));
            return top || e.children().size() == 1 ? joined : "(" + joined + ")";
        }
        if (e instanceof SegmentExpression.None none) {
            return text(
                    "segment.describe.none",
                    none.clauses().stream()
                            .map(c -> words(c, names, false))
                            .collect(Collectors.joining(text("segment.describe.or"))));
        }
        if (e instanceof SegmentExpression.HasTag has) {
            return text("segment.describe.hasTag", tag(has.tagId(), names));
        }
        if (e instanceof SegmentExpression.LacksTag lacks) {
            return text("segment.describe.lacksTag", tag(lacks.tagId(), names));
        }
        if (e instanceof SegmentExpression.TaggedWithinDays within) {
            return text("segment.describe.taggedWithinDays", tag(within.tagId(), names), within.days());
        }
        if (e instanceof SegmentExpression.TaggedSince since) {
            return text("segment.describe.hasTag", tag(since.tagId(), names));
        }
        SegmentExpression.InDepartment department = (SegmentExpression.InDepartment) e;
        return text(
                department.includeSubDepartments() ? "segment.describe.departmentSub" : "segment.describe.department",
                department(department.departmentId(), names));
    }

    /** 「待激活」, 已删除的标签「待激活」 in the recycle bin, or 已删除的标签 #12 once purged. */
    private String tag(long id, Names names) {
        NamedTag tag = names.tags().get(id);
        if (tag == null) {
            return text("segment.tag.purged", id);
        }
        return tag.deleted() ? text("segment.tag.deleted", tag.name()) : text("segment.describe.tag", tag.name());
    }

    private String department(long id, Names names) {
        String name = names.departments().get(id);
        return name != null ? name : text("segment.department.deleted", id);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
