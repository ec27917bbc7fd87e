package dev.tagdesk.tag;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One entry of a tag's visibility: a department, and whether its sub-departments see the tag too.
 * "Include sub-departments" is off unless ticked: never a hidden default.
 */
@Embeddable
public record Visibility(
        @Column(name = "department_id") long departmentId,
        @Column(name = "include_sub_departments") boolean includeSubDepartments) {}
