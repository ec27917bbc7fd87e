/**
 * CSV: the member-tag import (read, staged, checked, applied) and the tag-list and member-tag exports.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"access", "audit", "cluster", "directory", "shared", "tag"})
package dev.tagdesk.transfer;
