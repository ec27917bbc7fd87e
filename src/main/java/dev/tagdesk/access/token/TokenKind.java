package dev.tagdesk.access.token;

/** Whose a token is: a person's own, or another system's (made by an admin). */
public enum TokenKind {
    PERSONAL,
    SERVICE
}
