package dev.tagdesk.access;

/** What a user may do; see the roles table in the product brief. */
public enum Role {
    /** Tag-system administrators: everything. */
    ADMIN,
    /** Operations staff of one home department: their department subtree. */
    OPS,
    /** Auditors: read everything, change nothing. */
    AUDITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
