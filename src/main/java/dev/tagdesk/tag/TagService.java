package dev.tagdesk.tag;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.ActionRefusedException;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.TagViews.GroupDraft;
import dev.tagdesk.tag.TagViews.GroupView;
import dev.tagdesk.tag.TagViews.Reach;
import dev.tagdesk.tag.TagViews.SegmentNode;
import dev.tagdesk.tag.TagViews.TagDraft;
import dev.tagdesk.tag.TagViews.TagFilter;
import dev.tagdesk.tag.TagViews.TagRow;
import dev.tagdesk.tag.TagViews.TagSaved;
import dev.tagdesk.tag.TagViews.TagView;
import dev.tagdesk.tag.TagViews.Warning;
import dev.tagdesk.tag.color.ColorPolicy;
import dev.tagdesk.tag.color.HueFamily;
import dev.tagdesk.tag.color.Rgb;
import dev.tagdesk.tag.naming.NamingPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tag groups and tags: the one place their rules live (naming, colour, visibility, who may change
 * what). Pages, the API and the CSV import all come through here.
 */
@Service
public class TagService {

    static final int DESCRIPTION_MAX = 500;
    static final int SHELF_LIFE_MAX_DAYS = 3650;

    private final LocalTimes times;
    private final TagRepository tags;
    private final TagGroupRepository groups;
    private final TagQueries queries;
    private final TagPolicies policies;
    private final TagColors colors;
    private final ApplicationEventPublisher events;

    TagService(
            TagRepository tags,
            TagGroupRepository groups,
            TagQueries queries,
            TagPolicies policies,
            TagColors colors,
            ApplicationEventPublisher events,
            LocalTimes times) {
        this.times = times;
        this.tags = tags;
        this.groups = groups;
        this.queries = queries;
        this.policies = policies;
        this.colors = colors;
        this.events = events;
    }

    // --- groups ------------------------------------------------------------------------------

    /** The groups, each with the number of its tags the caller can see. */
    @Transactional(readOnly = true)
    public List<GroupView> groups(Scope scope) {
        return queries.groups(scope);
    }

    @Transactional
    public GroupView createGroup(Scope scope, GroupDraft draft) {
        scope.require(Action.MANAGE_TAG_GROUPS);
        TagGroup group = new TagGroup(checkGroup(draft, -1));
        applyGroup(group, draft);
        groups.saveAndFlush(group);
        events.publishEvent(AuditRecord.of("TAG_GROUP_CREATED", "tag_group", group.getId(), null, snapshot(group)));
        return group(scope, group.getId());
    }

    @Transactional
    public GroupView updateGroup(Scope scope, long id, GroupDraft draft, long expectedVersion) {
        scope.require(Action.MANAGE_TAG_GROUPS);
        TagGroup group = groups.findById(id).orElseThrow(() -> new NotFoundException("tag_group", id));
        if (group.getVersion() != expectedVersion) {
            throw RefusedException.conflict("version", "VERSION_STALE");
        }
        checkGroup(draft, id);
        Map<String, Object> before = snapshot(group);
        applyGroup(group, draft);
        groups.flush();
        events.publishEvent(AuditRecord.of("TAG_GROUP_UPDATED", "tag_group", id, before, snapshot(group)));
        return group(scope, id);
    }

    private GroupView group(Scope scope, long id) {
        return queries.groups(scope).stream()
                .filter(g -> g.id() == id)
                .findFirst()
                .orElseThrow();
    }

    private String checkGroup(GroupDraft draft, long id) {
        String name = NamingPolicy.normalise(draft.name());
        List<Refusal> refusals = new ArrayList<>();
        if (name.isEmpty()) {
            refusals.add(new Refusal("name", "GROUP_NAME_REQUIRED"));
        } else if (name.length() > 32) {
            refusals.add(new Refusal("name", "GROUP_NAME_TOO_LONG", 32));
        }
        DisplayNames.invisibleCharacter("name", name).ifPresent(refusals::add);
        if (draft.kind() == null) {
            refusals.add(new Refusal("kind", "GROUP_KIND_REQUIRED"));
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        if (groups.existsByNameAndIdNot(name, id)) {
            throw RefusedException.conflict("name", "GROUP_NAME_DUPLICATE", name);
        }
        return name;
    }

    private static void applyGroup(TagGroup group, GroupDraft draft) {
        group.update(
                NamingPolicy.normalise(draft.name()),
                draft.kind(),
                draft.sortOrder() == null ? 0 : draft.sortOrder(),
                Boolean.TRUE.equals(draft.exclusive()),
                draft.namePattern() == null ? NamePattern.NONE : draft.namePattern(),
                Boolean.TRUE.equals(draft.mayUseReservedColors()));
    }

    // --- reading tags ---------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Page<TagRow> list(Scope scope, TagFilter filter) {
        String departmentPath = departmentPath(scope, filter);
        return new Page<>(
                queries.tags(scope, filter, departmentPath),
                filter.page(),
                filter.size(),
                queries.countTags(scope, filter, departmentPath));
    }

    /**
     * Streams the tags of the list's filters to {@code each}, or only the listed {@code ids} (the
     * "export these first" of a deletion); an id outside the scope is simply not there. The downloads
     * refuse such a selection before they start, with {@link #requireVisible(Scope, java.util.Collection)}.
     */
    @Transactional(readOnly = true)
    public void exportTags(
            Scope scope, TagFilter filter, List<Long> ids, java.util.function.Consumer<TagViews.TagExportRow> each) {
        queries.exportRows(scope, filter, departmentPath(scope, filter), ids, each);
    }

    /** The path of the list's "visible to department" filter; a department outside the scope is a 404. */
    private String departmentPath(Scope scope, TagFilter filter) {
        if (filter.departmentId() == null) {
            return null;
        }
        return queries.departmentPath(filter.departmentId())
                .filter(scope::covers)
                .orElseThrow(() -> new NotFoundException("department", filter.departmentId()));
    }

    /** Most departments a picker offers before it shows one level fewer. */
    static final int PICKER_MAX_OPTIONS = 300;

    /**
     * Departments to offer on a form: the top three levels of the scope plus those already chosen,
     * or two levels where three would make a picker of hundreds.
     */
    @Transactional(readOnly = true)
    public List<TagViews.DepartmentOption> departmentOptions(Scope scope, List<Long> chosen) {
        List<TagViews.DepartmentOption> options = queries.departmentOptions(scope, 3, chosen, PICKER_MAX_OPTIONS + 1);
        return options.size() <= PICKER_MAX_OPTIONS
                ? options
                : queries.departmentOptions(scope, 2, chosen, Integer.MAX_VALUE);
    }

    /** The visibility entries of the listed tags, in one statement. */
    @Transactional(readOnly = true)
    public Map<Long, List<Visibility>> visibilityOf(List<Long> tagIds) {
        return queries.visibilityOf(tagIds);
    }

    /**
     * The visible tags as a tree of name segments, with the number of tags under each node. Legacy
     * names with empty segments (from before the naming rules) get a node with an empty segment.
     */
    @Transactional(readOnly = true)
    public List<SegmentNode> tree(Scope scope) {
        Branch root = new Branch();
        for (TagRow row : queries.allTags(scope)) {
            Branch level = root;
            for (String segment : NamingPolicy.segments(row.name())) {
                level = level.children.computeIfAbsent(segment, k -> new Branch());
            }
            level.tag = row;
        }
        return nodes(root, "");
    }

    /** A node of the tree while it is built: the tag named exactly here, if any, and what lies below. */
    private static final class Branch {
        final Map<String, Branch> children = new TreeMap<>();
        TagRow tag;
    }

    private static List<SegmentNode> nodes(Branch level, String parentPath) {
        List<SegmentNode> nodes = new ArrayList<>();
        level.children.forEach((segment, branch) -> {
            String path = parentPath.isEmpty() ? segment : parentPath + NamingPolicy.SEPARATOR + segment;
            List<SegmentNode> childNodes = nodes(branch, path);
            long count = (branch.tag == null ? 0 : 1)
                    + childNodes.stream().mapToLong(SegmentNode::tagCount).sum();
            nodes.add(new SegmentNode(segment, path, branch.tag, childNodes, count));
        });
        return nodes;
    }

    /**
     * A tag in scope; one outside it answers exactly like a missing one, and the refusal is audited
     * (the audit entry commits although the answer is "not found").
     */
    @Transactional(noRollbackFor = NotFoundException.class)
    public TagView tag(Scope scope, long id) {
        requireVisible(scope, id);
        Tag tag = tags.findById(id).orElseThrow(() -> new NotFoundException("tag", id));
        return view(scope, tag);
    }

    /**
     * Tags chosen by id (an export's selection): one outside the scope, or missing, makes the whole
     * request a 404, exactly as for a single tag. One statement for the selection; only the ids that
     * fail are looked at again, to audit the refusal.
     */
    @Transactional(noRollbackFor = NotFoundException.class)
    public void requireVisible(Scope scope, java.util.Collection<Long> ids) {
        java.util.Set<Long> visible = queries.visibleTagIds(scope, ids);
        for (Long id : new java.util.TreeSet<>(ids)) {
            if (!visible.contains(id)) {
                requireVisible(scope, id);
            }
        }
    }

    private void requireVisible(Scope scope, long id) {
        if (queries.visibleTagId(scope, id).isEmpty()) {
            if (queries.tagExists(id)) {
                events.publishEvent(
                        AuditRecord.of("ACCESS_REFUSED", "tag", id, null, Map.of("scope", scope.subtreePath())));
            }
            throw new NotFoundException("tag", id);
        }
    }

    private TagView view(Scope scope, Tag tag) {
        GroupView group = group(scope, tag.getGroupId());
        return new TagView(
                tag.getId(),
                tag.getName(),
                group.id(),
                group.name(),
                tag.getColor(),
                queries.colorFamily(tag.getId()),
                tag.getDescription(),
                tag.getShelfLifeDays(),
                tag.isWholeCompany(),
                queries.visibilityOf(tag.getId()),
                queries.memberCount(scope, tag.getId()),
                queries.username(tag.getCreatedBy()),
                tag.getCreatedAt(),
                tag.getUpdatedAt(),
                tag.getUpdatedBy(),
                tag.getVersion());
    }

    // --- changing tags ----------------------------------------------------------------------------

    @Transactional
    public TagSaved create(Scope scope, long userId, TagDraft draft) {
        requireMayCreate(scope);
        TagDraft withDefault = draft;
        if (!Boolean.TRUE.equals(draft.wholeCompany())
                && draft.visibility().isEmpty()
                && scope.homeDepartmentId() != null) {
            // The default reach of a new tag: the creator's home department, without sub-departments.
            withDefault = new TagDraft(
                    draft.name(),
                    draft.groupId(),
                    draft.color(),
                    draft.description(),
                    draft.shelfLifeDays(),
                    false,
                    List.of(new Visibility(scope.homeDepartmentId(), false)));
        }
        Checked checked = check(scope, withDefault, -1);
        Tag tag = new Tag(userId);
        apply(tag, checked, scope.username());
        tags.saveAndFlush(tag);
        TagView view = view(scope, tag);
        events.publishEvent(AuditRecord.of("TAG_CREATED", "tag", tag.getId(), null, snapshot(view)));
        return new TagSaved(view, checked.warnings());
    }

    @Transactional(noRollbackFor = NotFoundException.class)
    public TagSaved update(Scope scope, long id, TagDraft draft, long expectedVersion) {
        requireVisible(scope, id);
        Tag tag = tags.findForUpdate(id).orElseThrow(() -> new NotFoundException("tag", id));
        TagView before = view(scope, tag);
        requireMayChange(scope, before);
        requireVersion(tag, expectedVersion);
        Checked checked = check(scope, draft, id);
        apply(tag, checked, scope.username());
        tags.flush();
        TagView after = view(scope, tag);
        events.publishEvent(AuditRecord.of("TAG_UPDATED", "tag", id, snapshot(before), snapshot(after)));
        return new TagSaved(after, checked.warnings());
    }

    /**
     * Who a visibility reaches, within what the caller may see: for the live preview on the tag form
     * and for a tag's page. A company-wide tag reaches every department and member of the caller's
     * scope, whoever the caller is (only admins may choose it, but everyone may see its reach).
     */
    @Transactional(readOnly = true)
    public Reach reach(Scope scope, boolean wholeCompany, List<Visibility> visibility) {
        return queries.reach(scope, wholeCompany, visibility);
    }

    /**
     * The tag form's live colour check, by the rules a save applies, compared with the tags of the
     * group the caller can see (other than the tag being edited, {@code tagId}). With {@code startOver}
     * (a new tag whose colour the user has not chosen yet) the group's starting colour is checked
     * instead. No group chosen: nothing to check. An unknown group, or a tag outside the scope, is a 404.
     */
    @Transactional(noRollbackFor = NotFoundException.class)
    public java.util.Optional<TagViews.ColorCheck> checkColor(
            Scope scope, Long groupId, String color, Long tagId, boolean startOver) {
        if (tagId != null) {
            requireVisible(scope, tagId.longValue());
        }
        if (groupId == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(colors.check(
                scope, groupEntity(groupId), color, tagId == null ? -1 : tagId, startOver && tagId == null));
    }

    /** The colour a new tag of the group starts with: it passes every rule and stands apart from its tags. */
    @Transactional(readOnly = true)
    public String startingColor(Scope scope, long groupId) {
        return colors.startingColor(scope, groupEntity(groupId));
    }

    /**
     * Whether the caller may edit this tag: anyone who manages tags company-wide (admins); within a
     * subtree (OPS) only tags no wider than it.
     */
    public boolean mayChange(Scope scope, TagView tag) {
        if (!scope.may(Action.MANAGE_TAGS)) {
            return false;
        }
        if (scope.isWholeCompany()) {
            return true;
        }
        if (tag.wholeCompany()) {
            return false;
        }
        Map<Long, String> paths = queries.departmentPaths(
                tag.visibility().stream().map(v -> v.departmentId()).toList());
        return !paths.isEmpty() && paths.values().stream().allMatch(scope::covers);
    }

    public boolean mayCreate(Scope scope) {
        return scope.may(Action.MANAGE_TAGS);
    }

    // --- policies -------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public TagPolicies.Settings settings() {
        return policies.current();
    }

    @Transactional
    public void saveSettings(Scope scope, TagPolicies.Settings settings) {
        scope.require(Action.MANAGE_TAG_GROUPS);
        List<Refusal> refusals = new ArrayList<>();
        if (settings.nameMaxLength() < 4 || settings.nameMaxLength() > 64) {
            refusals.add(new Refusal("nameMaxLength", "POLICY_NAME_LENGTH", 4, 64));
        }
        if (settings.nameMaxSegments() < 1 || settings.nameMaxSegments() > 8) {
            refusals.add(new Refusal("nameMaxSegments", "POLICY_SEGMENTS", 1, 8));
        }
        for (String hex : TagPolicies.Settings.words(settings.palette())) {
            if (Rgb.parse(hex).isEmpty()) {
                refusals.add(new Refusal("palette", "COLOR_INVALID", hex));
            }
        }
        for (String family : TagPolicies.Settings.words(settings.reservedFamilies())) {
            try {
                HueFamily.valueOf(family);
            } catch (IllegalArgumentException e) {
                refusals.add(new Refusal("reservedFamilies", "POLICY_FAMILY_UNKNOWN", family));
            }
        }
        if (settings.blockBelow() < 0 || settings.warnBelow() < settings.blockBelow() || settings.warnBelow() > 100) {
            refusals.add(new Refusal("warnBelow", "POLICY_THRESHOLDS"));
        }
        if (settings.hueRule() == null) {
            refusals.add(new Refusal("hueRule", "POLICY_HUE_RULE"));
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        TagPolicies.Settings before = policies.current();
        if (!policies.save(settings, scope.username())) {
            throw RefusedException.conflict("version", "VERSION_STALE");
        }
        events.publishEvent(AuditRecord.of("TAG_POLICY_UPDATED", "tag_policy", 1, before, policies.current()));
    }

    // --- the rules ------------------------------------------------------------------------------------

    private record Checked(
            TagGroup group,
            NamingPolicy.Verdict name,
            String color,
            String description,
            Integer shelfLifeDays,
            boolean wholeCompany,
            List<Visibility> visibility,
            List<Warning> warnings) {}

    private Checked check(Scope scope, TagDraft draft, long id) {
        List<Refusal> refusals = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();

        TagGroup group = draft.groupId() == null
                ? null
                : groups.findById(draft.groupId()).orElse(null);
        if (group == null) {
            refusals.add(new Refusal("groupId", "TAG_GROUP_UNKNOWN", draft.groupId()));
        }

        NamingPolicy.Verdict name = checkName(draft.name(), group, id, refusals, warnings);

        String color = null;
        if (group != null) {
            ColorPolicy.Verdict verdict = colors.verdict(scope, group, draft.color(), id);
            verdict.refusals().forEach(f -> refusals.add(new Refusal("color", f.code(), TagColors.shown(f.args()))));
            verdict.warnings().forEach(f -> warnings.add(new Warning(f.code(), TagColors.shown(f.args()))));
            if (!verdict.suggestions().isEmpty()) {
                String offered = String.join(" ", verdict.suggestions());
                if (verdict.accepted()) {
                    warnings.add(new Warning("COLOR_SUGGESTIONS", offered));
                } else {
                    refusals.add(new Refusal("color", "COLOR_SUGGESTIONS", offered));
                }
            }
            color = verdict.color().map(Rgb::hex).orElse(null);
        }

        String description =
                draft.description() == null ? null : draft.description().strip();
        if (description != null && description.length() > DESCRIPTION_MAX) {
            refusals.add(new Refusal("description", "DESCRIPTION_TOO_LONG", DESCRIPTION_MAX));
        }
        if (draft.shelfLifeDays() != null
                && (draft.shelfLifeDays() < 1 || draft.shelfLifeDays() > SHELF_LIFE_MAX_DAYS)) {
            refusals.add(new Refusal("shelfLifeDays", "SHELF_LIFE_INVALID", SHELF_LIFE_MAX_DAYS));
        }

        boolean wholeCompany = Boolean.TRUE.equals(draft.wholeCompany());
        if (wholeCompany && !scope.may(Action.MANAGE_COMPANY_TAGS)) {
            refusals.add(new Refusal("wholeCompany", "VISIBILITY_WHOLE_COMPANY_ADMIN_ONLY"));
        }
        List<Visibility> visibility = wholeCompany ? List.of() : distinct(draft.visibility());
        if (!wholeCompany && visibility.isEmpty()) {
            refusals.add(new Refusal("visibility", "VISIBILITY_REQUIRED"));
        }
        Map<Long, String> paths = queries.departmentPaths(
                visibility.stream().map(Visibility::departmentId).toList());
        for (Visibility entry : visibility) {
            String path = paths.get(entry.departmentId());
            if (path == null || !scope.covers(path)) {
                refusals.add(new Refusal("visibility", "VISIBILITY_DEPARTMENT_UNKNOWN", entry.departmentId()));
            }
        }
        if (!refusals.isEmpty()) {
            throw new RefusedException(400, refusals);
        }
        return new Checked(group, name, color, description, draft.shelfLifeDays(), wholeCompany, visibility, warnings);
    }

    TagGroup groupEntity(long id) {
        return groups.findById(id).orElseThrow(() -> new NotFoundException("tag group", id));
    }

    /**
     * A name checked by the naming policy (in the group's pattern, if any) and against the live tags
     * other than {@code id}; adds what is wrong to {@code refusals} and what is doubtful to {@code warnings}.
     */
    NamingPolicy.Verdict checkName(
            String candidate, TagGroup group, long id, List<Refusal> refusals, List<Warning> warnings) {
        NamingPolicy.Verdict name = new NamingPolicy(policies.current().naming())
                .check(
                        candidate,
                        group == null
                                ? NamingPolicy.GroupPattern.NONE
                                : NamingPolicy.GroupPattern.valueOf(
                                        group.getNamePattern().name()),
                        queries.departmentCodes());
        name.problems().forEach(p -> refusals.add(new Refusal("name", p.code(), p.args())));
        if (name.suggestion() != null) {
            refusals.add(new Refusal("name", "NAME_DID_YOU_MEAN", name.suggestion()));
        }
        name.warnings().forEach(w -> warnings.add(new Warning(w.code(), w.args())));
        if (name.accepted() && tags.liveNameTaken(name.key(), id)) {
            refusals.add(new Refusal("name", "NAME_DUPLICATE", name.name()));
        }
        return name;
    }

    private static List<Visibility> distinct(List<Visibility> entries) {
        Map<Long, Visibility> byDepartment = new LinkedHashMap<>();
        entries.forEach(v -> byDepartment.merge(
                v.departmentId(),
                v,
                (a, b) -> new Visibility(a.departmentId(), a.includeSubDepartments() || b.includeSubDepartments())));
        return List.copyOf(byDepartment.values());
    }

    private static void apply(Tag tag, Checked checked, String by) {
        tag.update(
                checked.group().getId(),
                checked.name().name(),
                checked.name().key(),
                checked.color(),
                checked.description() == null || checked.description().isEmpty() ? null : checked.description(),
                checked.shelfLifeDays(),
                checked.wholeCompany(),
                checked.visibility(),
                by);
    }

    /** A stale edit is refused, saying who changed the tag and when; nothing is overwritten. */
    private void requireVersion(Tag tag, long expectedVersion) {
        if (tag.getVersion() != expectedVersion) {
            throw RefusedException.conflict(
                    "version",
                    "TAG_CHANGED_MEANWHILE",
                    tag.getUpdatedBy() == null ? "?" : tag.getUpdatedBy(),
                    times.second(tag.getUpdatedAt()));
        }
    }

    private void requireMayCreate(Scope scope) {
        scope.require(Action.MANAGE_TAGS);
    }

    private void requireMayChange(Scope scope, TagView tag) {
        if (!mayChange(scope, tag)) {
            throw new ActionRefusedException(Action.MANAGE_TAGS, scope.missingScope(Action.MANAGE_TAGS));
        }
    }

    private static Map<String, Object> snapshot(TagGroup group) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", group.getName());
        state.put("kind", group.getKind().name());
        state.put("sortOrder", group.getSortOrder());
        state.put("exclusive", group.isExclusive());
        state.put("namePattern", group.getNamePattern().name());
        state.put("mayUseReservedColors", group.isMayUseReservedColors());
        return state;
    }

    private static Map<String, Object> snapshot(TagView tag) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", tag.name());
        state.put("groupId", tag.groupId());
        state.put("color", tag.color());
        state.put("description", tag.description());
        state.put("shelfLifeDays", tag.shelfLifeDays());
        state.put("wholeCompany", tag.wholeCompany());
        state.put(
                "visibility",
                tag.visibility().stream()
                        .map(v -> Map.of(
                                "departmentId", v.departmentId(), "includeSubDepartments", v.includeSubDepartments()))
                        .toList());
        return state;
    }
}
