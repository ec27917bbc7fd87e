package dev.tagdesk.access;

/**
 * What the current user may see: every department (ADMIN, AUDITOR) or the subtree of their home
 * department (OPS). Resolved once per request; every query that returns departments, members, tags,
 * counts or exports takes it.
 *
 * @param username who is asking, for audit entries
 * @param role their role
 * @param homeDepartmentId their home department, {@code null} for company-wide roles without one
 * @param subtreePath materialised path prefix of what they may see ({@code "/"} is the whole company)
 */
public record Scope(String username, Role role, Long homeDepartmentId, String subtreePath) {

    public static final String WHOLE_COMPANY = "/";

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

    public boolean canChangeDirectory() {
        return role == Role.ADMIN;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
