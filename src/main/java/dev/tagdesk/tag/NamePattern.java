package dev.tagdesk.tag;

/** What a group asks of its tags' names beyond the general naming rules. */
public enum NamePattern {
    NONE,
    /** {@code MKT_618大促_意向客户}: the first segment is a department code, exactly three segments. */
    DEPARTMENT_CODE_THREE_SEGMENTS
}
