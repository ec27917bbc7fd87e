/**
 * What no other module may touch: the tag module's SQL that decides visibility ({@link
 * dev.tagdesk.tag.internal.TagVisibility}) and that every writer of assignments shares ({@link
 * dev.tagdesk.tag.internal.Assignments}). Other modules ask the tag module's API instead (its top-level
 * package); the module check refuses a use of this package from outside.
 */
package dev.tagdesk.tag.internal;
