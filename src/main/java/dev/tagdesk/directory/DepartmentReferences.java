package dev.tagdesk.directory;

/**
 * Something outside the directory that names departments and would dangle without them (a tag's
 * visibility). A department that anything names may not be deleted; the modules that name departments
 * implement this, so the directory asks them without depending on them.
 */
public interface DepartmentReferences {

    /** How many of this module's records name the department. */
    long countNaming(long departmentId);
}
