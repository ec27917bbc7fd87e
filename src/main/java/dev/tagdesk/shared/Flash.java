package dev.tagdesk.shared;

import java.io.Serializable;

/**
 * A one-off message shown on the page after a redirect: a message key and its argument. Kept in the
 * session (in the database) until the next page, so serialisable, as its argument must be.
 */
public record Flash(String key, Object arg) implements Serializable {}
