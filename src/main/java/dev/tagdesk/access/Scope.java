package dev.tagdesk.access;

import java.util.Set;

/**
 * Who is asking and what they may see and do: every department (ADMIN, AUDITOR) or the subtree of a
 * home department (OPS, or a token narrowed to a department), and the {@link Action}s allowed. Resolved
 * once per request for any caller (a session, HTTP Basic or an access token) and passed to every query
 * that returns departments, members, tags, counts or exports.
 *
 * @param username who is asking, for audit entries (a token's owner)
 * @param role their role as far as seeing goes (a token narrowed to a department sees as OPS of it)
 * @param homeDepartmentId their home department, {@code null} for company-wide roles without one
 * @param subtreePath materialised path prefix of what they may see ({@code "/"} is the whole company)
 * @param actions what they may do
 * @param token the access token they call through, {@code null} for a person
 */
public record Scope(
        String username, Role role, Long homeDepartmentId, String subtreePath, Set<Action> actions, TokenRef token) {

    public static final String WHOLE_COMPANY = "/";

    /** An access token as far as audit and refusals need it. */
    public record TokenRef(long id, String name, Set<TokenScope> scopes) {}

    public Scope {
        actions = Set.copyOf(actions);
    }

    /** A person's scope: what their role allows, nothing narrower. */
    public static Scope of(String username, Role role, Long homeDepartmentId, String subtreePath) {
        return new Scope(username, role, homeDepartmentId, subtreePath, Action.of(role), null);
    }

    public boolean isWholeCompany() {
        return WHOLE_COMPANY.equals(subtreePath);
    }

    /** True if a department with this materialised path lies inside the scope. */
    public boolean covers(String departmentPath) {
        return departmentPath != null && departmentPath.startsWith(subtreePath);
    }

    /** A LIKE pattern for SQL: {@code d.path like :pattern}. Paths hold only digits and slashes. */
    public String pathPattern() {
        return subtreePath + "%";
    }

    /** The one answer to "may this caller do this"; where they may do it is the subtree's business. */
    public boolean may(Action action) {
        return actions.contains(action);
    }

    /** Refuses (403, or 403 {@code INSUFFICIENT_SCOPE} for a token without the scope) unless allowed. */
    public void require(Action action) {
        if (!may(action)) {
            throw new ActionRefusedException(action, missingScope(action));
        }
    }

    /** The token scope whose absence refused this action, or {@code null} (a person, or no scope helps). */
    public TokenScope missingScope(Action action) {
        if (token == null || action.tokenScope() == null || action.coveredBy(token.scopes())) {
            return null;
        }
        return action.tokenScope();
    }

    /** Sees through a token rather than as a person. */
    public boolean viaToken() {
        return token != null;
    }
}
