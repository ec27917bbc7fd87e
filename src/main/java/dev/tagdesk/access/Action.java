package dev.tagdesk.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * Everything a caller may be allowed to do, with the roles that may do it and the token scope that
 * lets a token do it. {@link Scope#may(Action)} is the one answer to "may this caller do this"; the
 * URL rules ({@link SecurityConfiguration}), the services and the pages all ask it. <em>Where</em> an
 * allowed action may be done (which departments, members and tags) is the {@link Scope}'s subtree.
 */
public enum Action {
    /** Read tags, groups, the recycle bin and the naming and colour settings. */
    READ_TAGS(TokenScope.TAGS_READ, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Read auto-tag rules and their runs. */
    READ_RULES(TokenScope.TAGS_READ, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Read departments, members and the tags members carry. */
    READ_MEMBERS(TokenScope.MEMBERS_READ, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Read import jobs: one's own, or everyone's for admins and auditors. */
    READ_IMPORTS(TokenScope.MEMBER_TAGS_WRITE, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Read every import job, not only one's own. */
    READ_ALL_IMPORTS(TokenScope.ADMIN, Role.ADMIN, Role.AUDITOR),
    /** Put tags on members and take them off, one by one or by import. */
    TAG_MEMBERS(TokenScope.MEMBER_TAGS_WRITE, Role.ADMIN, Role.OPS),
    /** Create, change, delete and restore tags (OPS: tags whose every visibility lies in their subtree). */
    MANAGE_TAGS(TokenScope.ADMIN, Role.ADMIN, Role.OPS),
    /** Make company-wide tags. */
    MANAGE_COMPANY_TAGS(TokenScope.ADMIN, Role.ADMIN),
    /** Tag groups and the naming and colour settings. */
    MANAGE_TAG_GROUPS(TokenScope.ADMIN, Role.ADMIN),
    /** Departments, members and users. */
    MANAGE_DIRECTORY(TokenScope.ADMIN, Role.ADMIN),
    /** Auto-tag rules: write, run, delete, restore. */
    MANAGE_RULES(TokenScope.ADMIN, Role.ADMIN),
    /** The audit log. */
    READ_AUDIT(TokenScope.ADMIN, Role.ADMIN, Role.AUDITOR),
    /** Send behaviour events about members in scope. */
    WRITE_EVENTS(TokenScope.EVENTS_WRITE, Role.ADMIN, Role.OPS),
    /** Declare event types. */
    MANAGE_EVENT_TYPES(TokenScope.ADMIN, Role.ADMIN),
    /** Read segments and their members. */
    READ_SEGMENTS(TokenScope.SEGMENTS_READ, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Build, change, share and delete segments. */
    MANAGE_SEGMENTS(TokenScope.ADMIN, Role.ADMIN, Role.OPS),
    /** One's own personal access tokens. Never through a token: a leaked token cannot mint more. */
    MANAGE_OWN_TOKENS(null, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Service tokens, for other systems. Never through a token. */
    MANAGE_SERVICE_TOKENS(null, Role.ADMIN),
    /** Any other page or read (the home page, the API description). */
    READ(TokenScope.ADMIN, Role.ADMIN, Role.OPS, Role.AUDITOR),
    /** Any other change: auditors read everything and change nothing. */
    CHANGE(TokenScope.ADMIN, Role.ADMIN, Role.OPS);

    private final TokenScope tokenScope;
    private final Set<Role> roles;

    Action(TokenScope tokenScope, Role first, Role... rest) {
        this.tokenScope = tokenScope;
        this.roles = EnumSet.of(first, rest);
    }

    public boolean allowedTo(Role role) {
        return roles.contains(role);
    }

    /** The scope a token needs for this action; {@code null} if no token may do it. */
    public TokenScope tokenScope() {
        return tokenScope;
    }

    /** Allowed to a token with these scopes (the owner's role aside). */
    public boolean coveredBy(Set<TokenScope> scopes) {
        return tokenScope != null && (scopes.contains(tokenScope) || scopes.contains(TokenScope.ADMIN));
    }

    /** The Spring Security authority that stands for it. */
    public String authority() {
        return "ACTION_" + name();
    }

    /** Every action a person of this role may take. */
    public static Set<Action> of(Role role) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (Action action : values()) {
            if (action.allowedTo(role)) {
                actions.add(action);
            }
        }
        return actions;
    }
}
