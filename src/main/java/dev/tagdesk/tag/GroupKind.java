package dev.tagdesk.tag;

/** STATIC groups describe attributes (cool colours); DYNAMIC groups describe behaviour (warm colours). */
public enum GroupKind {
    STATIC,
    DYNAMIC
}
