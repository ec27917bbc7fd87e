package dev.tagdesk.shared;

/** A one-off message shown on the page after a redirect: a message key and its argument. */
public record Flash(String key, Object arg) {}
