package dev.tagdesk.access;

import java.util.Optional;

/**
 * The materialised path of a department ({@code /1/2/}): an OPS user's scope is their home
 * department's path. The directory answers; it builds on this module (every directory read takes the
 * caller's {@link Scope}), so this module asks through this interface instead of depending on it.
 */
public interface DepartmentPaths {

    /** The department's path, or empty when there is no such department. */
    Optional<String> pathOf(long departmentId);
}
