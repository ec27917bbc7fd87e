package dev.tagdesk.directory;

public enum MemberStatus {
    ACTIVE,
    INACTIVE,
    LEFT
}
