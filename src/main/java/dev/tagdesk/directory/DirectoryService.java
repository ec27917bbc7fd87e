package dev.tagdesk.directory;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.UserAdministration;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.DirectoryViews.DepartmentNode;
import dev.tagdesk.directory.DirectoryViews.DepartmentView;
import dev.tagdesk.directory.DirectoryViews.DirectoryCounts;
import dev.tagdesk.directory.DirectoryViews.MemberDetails;
import dev.tagdesk.directory.DirectoryViews.MemberRow;
import dev.tagdesk.directory.DirectoryViews.MemberSearch;
import dev.tagdesk.directory.DirectoryViews.MemberView;
import dev.tagdesk.directory.DirectoryViews.NewDepartment;
import dev.tagdesk.shared.DisplayNames;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Departments and members: the directory's use cases. Reads are limited to the caller's scope (an
 * id outside it is "not found"); changes are for admins only and each writes an audit entry.
 */
@Service
public class DirectoryService {

    static final Pattern DEPARTMENT_CODE = Pattern.compile("[A-Z][A-Z0-9-]{0,31}");
    static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int NAME_MAX = 64;

    private final DepartmentRepository departments;
    private final MemberRepository members;
    private final DirectoryQueries queries;
    private final ApplicationEventPublisher events;
    private final UserAdministration users;
    private final List<DepartmentReferences> references;

    DirectoryService(
            DepartmentRepository departments,
            MemberRepository members,
            DirectoryQueries queries,
            ApplicationEventPublisher events,
            UserAdministration users,
            List<DepartmentReferences> references) {
        this.departments = departments;
        this.members = members;
        this.queries = queries;
        this.events = events;
        this.users = users;
        this.references = references;
    }

    // --- reads -------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public DirectoryCounts counts(Scope scope) {
        return new DirectoryCounts(queries.countDepartments(scope), queries.countMembers(scope));
    }

    @Transactional(readOnly = true)
    public List<DepartmentView> departmentList(Scope scope) {
        return queries.departments(scope);
    }

    /** The departments in scope as a forest (one tree for admins, the home subtree for OPS). */
    @Transactional(readOnly = true)
    public List<DepartmentNode> departmentTree(Scope scope) {
        List<DepartmentView> all = queries.departments(scope);
        Map<Long, List<DepartmentView>> childrenOf = new HashMap<>();
        Set<Long> ids = new HashSet<>();
        all.forEach(d -> ids.add(d.id()));
        List<DepartmentView> roots = new ArrayList<>();
        for (DepartmentView d : all) {
            if (d.parentId() == null || !ids.contains(d.parentId())) {
                roots.add(d);
            } else {
                childrenOf.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d);
            }
        }
        return nodes(roots, childrenOf);
    }

    /** Siblings in the order a Chinese reader expects (by pinyin), not by code point. */
    private static final Comparator<DepartmentView> BY_NAME =
            Comparator.comparing(DepartmentView::name, java.text.Collator.getInstance(java.util.Locale.CHINA));

    private static List<DepartmentNode> nodes(List<DepartmentView> level, Map<Long, List<DepartmentView>> childrenOf) {
        return level.stream()
                .sorted(BY_NAME)
                .map(d -> new DepartmentNode(d, nodes(childrenOf.getOrDefault(d.id(), List.of()), childrenOf)))
                .toList();
    }

    @Transactional(readOnly = true)
    public DepartmentView department(Scope scope, long id) {
        return queries.department(scope, id).orElseThrow(() -> new NotFoundException("department", id));
    }

    @Transactional(readOnly = true)
    public Page<MemberRow> members(Scope scope, MemberSearch search) {
        String pattern = search.departmentId() == null
                ? scope.pathPattern()
                : department(scope, search.departmentId()).path() + "%";
        return new Page<>(
                queries.members(scope, pattern, search),
                search.page(),
                search.size(),
                queries.countMembers(pattern, search));
    }

    /**
     * A member in scope; one outside it answers exactly like a missing one, and the refusal is audited
     * (the audit entry commits although the answer is "not found").
     */
    @Transactional(noRollbackFor = NotFoundException.class)
    public MemberView member(Scope scope, String account) {
        long id = queries.memberIdInScope(scope, account).orElseThrow(() -> {
            if (members.findByAccount(account).isPresent()) {
                events.publishEvent(AuditRecord.of(
                        "ACCESS_REFUSED", "member", account, null, Map.of("scope", scope.subtreePath())));
            }
            return new NotFoundException("member", account);
        });
        Member member = members.findById(id).orElseThrow(() -> new NotFoundException("member", account));
        return new MemberView(
                member.getId(),
                member.getAccount(),
                member.getName(),
                member.getStatus(),
                member.getLastActiveAt(),
                queries.departmentsOfMember(scope, id),
                member.getVersion());
    }

    // --- department changes ---------------------------------------------------------------------

    @Transactional
    public DepartmentView createDepartment(Scope scope, NewDepartment request) {
        scope.require(Action.MANAGE_DIRECTORY);
        String name = strip(request.name());
        String code = strip(request.code()).toUpperCase(java.util.Locale.ROOT);
        List<Refusal> refusals = new ArrayList<>();
        checkDepartmentName(name, refusals);
        if (!DEPARTMENT_CODE.matcher(code).matches()) {
            refusals.add(new Refusal("code", "DEPARTMENT_CODE_INVALID", code));
        }
        Department parent = null;
        if (request.parentId() != null) {
            parent = departments.findById(request.parentId()).orElse(null);
            if (parent == null) {
                refusals.add(new Refusal("parentId", "DEPARTMENT_UNKNOWN", request.parentId()));
            }
        } else if (departments.count() > 0) {
            refusals.add(new Refusal("parentId", "DEPARTMENT_PARENT_REQUIRED"));
        }
        throwIfAny(refusals, 400);
        if (departments.findByCode(code).isPresent()) {
            throw RefusedException.conflict("code", "DEPARTMENT_CODE_DUPLICATE", code);
        }
        Long parentId = parent == null ? null : parent.getId();
        if (departments.siblingNamed(parentId, name, -1)) {
            throw RefusedException.conflict("name", "DEPARTMENT_NAME_DUPLICATE", name);
        }
        Department department = departments.saveAndFlush(new Department(name, code, parent));
        department.placeUnder(parent);
        departments.flush();
        events.publishEvent(
                AuditRecord.of("DEPARTMENT_CREATED", "department", department.getId(), null, snapshot(department)));
        return department(scope, department.getId());
    }

    @Transactional
    public DepartmentView renameDepartment(Scope scope, long id, String newName, long expectedVersion) {
        scope.require(Action.MANAGE_DIRECTORY);
        Department department = departments.findById(id).orElseThrow(() -> new NotFoundException("department", id));
        requireVersion(department.getVersion(), expectedVersion);
        String name = strip(newName);
        List<Refusal> refusals = new ArrayList<>();
        checkDepartmentName(name, refusals);
        throwIfAny(refusals, 400);
        if (departments.siblingNamed(department.getParentId(), name, id)) {
            throw RefusedException.conflict("name", "DEPARTMENT_NAME_DUPLICATE", name);
        }
        Map<String, Object> before = snapshot(department);
        department.rename(name);
        departments.flush();
        events.publishEvent(AuditRecord.of("DEPARTMENT_RENAMED", "department", id, before, snapshot(department)));
        return department(scope, id);
    }

    /** Moves a department and its whole subtree under a new parent, never under itself. */
    @Transactional
    public DepartmentView moveDepartment(Scope scope, long id, long newParentId, long expectedVersion) {
        scope.require(Action.MANAGE_DIRECTORY);
        Department department = departments.findById(id).orElseThrow(() -> new NotFoundException("department", id));
        requireVersion(department.getVersion(), expectedVersion);
        Department parent = departments
                .findById(newParentId)
                .orElseThrow(() -> RefusedException.invalid("parentId", "DEPARTMENT_UNKNOWN", newParentId));
        if (department.getParentId() == null) {
            throw RefusedException.invalid("parentId", "DEPARTMENT_ROOT_IMMOVABLE", department.getName());
        }
        if (department.contains(parent)) {
            throw RefusedException.invalid(
                    "parentId", "DEPARTMENT_MOVE_INTO_OWN_SUBTREE", department.getName(), parent.getName());
        }
        if (departments.siblingNamed(parent.getId(), department.getName(), id)) {
            throw RefusedException.conflict("name", "DEPARTMENT_NAME_DUPLICATE", department.getName());
        }
        Map<String, Object> before = snapshot(department);
        String oldPath = department.getPath();
        String newPath = parent.getPath() + id + "/";
        int depthDelta = parent.getDepth() + 1 - department.getDepth();
        departments.flush();
        queries.moveSubtree(oldPath, newPath, depthDelta);
        departments.setParent(id, parent.getId());
        DepartmentView moved = department(scope, id);
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.put("parentId", parent.getId());
        after.put("path", moved.path());
        events.publishEvent(AuditRecord.of("DEPARTMENT_MOVED", "department", id, before, after));
        return moved;
    }

    /** Deletes an empty department; one with children, members or references is refused with counts. */
    @Transactional
    public void deleteDepartment(Scope scope, long id, long expectedVersion) {
        scope.require(Action.MANAGE_DIRECTORY);
        Department department = departments.findById(id).orElseThrow(() -> new NotFoundException("department", id));
        requireVersion(department.getVersion(), expectedVersion);
        long children = queries.countChildren(id);
        long memberCount = queries.countMembersDirectlyIn(id);
        if (children > 0 || memberCount > 0) {
            throw RefusedException.conflict("id", "DEPARTMENT_NOT_EMPTY", department.getName(), children, memberCount);
        }
        // Users whose home it is and whatever other modules name it (a tag's visibility): they would dangle.
        long naming = users.countAtHome(id)
                + references.stream().mapToLong(r -> r.countNaming(id)).sum();
        if (naming > 0) {
            throw RefusedException.conflict("id", "DEPARTMENT_IN_USE", department.getName(), naming);
        }
        Map<String, Object> before = snapshot(department);
        departments.delete(department);
        departments.flush();
        events.publishEvent(AuditRecord.of("DEPARTMENT_DELETED", "department", id, before, null));
    }

    // --- member changes ---------------------------------------------------------------------------

    @Transactional
    public MemberView createMember(Scope scope, MemberDetails details) {
        scope.require(Action.MANAGE_DIRECTORY);
        String account = strip(details.account());
        List<Refusal> refusals = new ArrayList<>();
        if (!ACCOUNT.matcher(account).matches()) {
            refusals.add(new Refusal("account", "MEMBER_ACCOUNT_INVALID", account));
        }
        checkMember(details, refusals);
        throwIfAny(refusals, 400);
        if (members.existsByAccount(account)) {
            throw RefusedException.conflict("account", "MEMBER_ACCOUNT_DUPLICATE", account);
        }
        Member member = new Member(account);
        member.update(strip(details.name()), details.departmentIds(), statusOrActive(details), details.lastActiveAt());
        members.saveAndFlush(member);
        events.publishEvent(AuditRecord.of("MEMBER_CREATED", "member", account, null, snapshot(member)));
        return member(scope, account);
    }

    /** Changes a member's details; refused with 409 {@code VERSION_STALE} unless {@code expectedVersion} is current. */
    @Transactional
    public MemberView updateMember(Scope scope, String account, MemberDetails details, long expectedVersion) {
        scope.require(Action.MANAGE_DIRECTORY);
        Member member = members.findByAccount(account).orElseThrow(() -> new NotFoundException("member", account));
        requireVersion(member.getVersion(), expectedVersion);
        if (details.account() != null && !details.account().strip().equals(account)) {
            throw RefusedException.invalid("account", "MEMBER_ACCOUNT_IMMUTABLE", account);
        }
        List<Refusal> refusals = new ArrayList<>();
        checkMember(details, refusals);
        throwIfAny(refusals, 400);
        Map<String, Object> before = snapshot(member);
        member.update(strip(details.name()), details.departmentIds(), statusOrActive(details), details.lastActiveAt());
        members.flush();
        events.publishEvent(AuditRecord.of("MEMBER_UPDATED", "member", account, before, snapshot(member)));
        return member(scope, account);
    }

    // --- rules ----------------------------------------------------------------------------------

    private void checkMember(MemberDetails details, List<Refusal> refusals) {
        String name = strip(details.name());
        if (name.isEmpty()) {
            refusals.add(new Refusal("name", "MEMBER_NAME_REQUIRED"));
        } else if (name.length() > NAME_MAX) {
            refusals.add(new Refusal("name", "MEMBER_NAME_TOO_LONG", NAME_MAX));
        }
        DisplayNames.invisibleCharacter("name", name).ifPresent(refusals::add);
        Set<Long> departmentIds = details.departmentIds() == null ? Set.of() : details.departmentIds();
        if (departmentIds.isEmpty()) {
            refusals.add(new Refusal("departmentIds", "MEMBER_DEPARTMENTS_REQUIRED"));
        }
        for (Long departmentId : departmentIds) {
            if (departmentId == null || !departments.existsById(departmentId)) {
                refusals.add(new Refusal("departmentIds", "DEPARTMENT_UNKNOWN", departmentId));
            }
        }
    }

    private static void checkDepartmentName(String name, List<Refusal> refusals) {
        if (name.isEmpty()) {
            refusals.add(new Refusal("name", "DEPARTMENT_NAME_REQUIRED"));
        } else if (name.length() > NAME_MAX) {
            refusals.add(new Refusal("name", "DEPARTMENT_NAME_TOO_LONG", NAME_MAX));
        }
        DisplayNames.invisibleCharacter("name", name).ifPresent(refusals::add);
    }

    private static MemberStatus statusOrActive(MemberDetails details) {
        return details.status() == null ? MemberStatus.ACTIVE : details.status();
    }

    private static void requireVersion(long actual, long expected) {
        if (actual != expected) {
            throw RefusedException.conflict("version", "VERSION_STALE");
        }
    }

    private static void throwIfAny(List<Refusal> refusals, int status) {
        if (!refusals.isEmpty()) {
            throw new RefusedException(status, refusals);
        }
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    private static Map<String, Object> snapshot(Department d) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", d.getName());
        state.put("code", d.getCode());
        state.put("parentId", d.getParentId());
        state.put("path", d.getPath());
        return state;
    }

    private static Map<String, Object> snapshot(Member m) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("account", m.getAccount());
        state.put("name", m.getName());
        state.put("status", m.getStatus().name());
        state.put("departmentIds", m.getDepartmentIds().stream().sorted().toList());
        state.put(
                "lastActiveAt",
                m.getLastActiveAt() == null ? null : m.getLastActiveAt().toString());
        return state;
    }
}
