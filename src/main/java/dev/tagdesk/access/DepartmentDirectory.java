package dev.tagdesk.access;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this module needs to know about departments: the materialised path ({@code /1/2/}) of a user's
 * or a token's home department, which is their scope; the departments a token may be narrowed to; the
 * names to show. The directory answers; it builds on this module (every directory read takes the
 * caller's {@link Scope}), so this module asks through this interface instead of depending on it.
 */
public interface DepartmentDirectory {

    /** A department in tree order, with its depth (0: the top). */
    record Choice(long id, String name, int depth) {}

    /** The department's path, or empty when there is no such department. */
    Optional<String> pathOf(long departmentId);

    /** The names of these departments, by id (an id of no department is absent). One statement. */
    Map<Long, String> namesOf(Collection<Long> departmentIds);

    /** The departments whose path matches {@code pathPattern} (a scope's), in tree order. One statement. */
    List<Choice> matching(String pathPattern);
}
