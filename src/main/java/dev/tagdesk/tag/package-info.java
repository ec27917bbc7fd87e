/**
 * Tag groups, tags, their visibility, member tagging, the naming and colour policies and the recycle bin.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"access", "audit", "directory", "event", "shared"})
package dev.tagdesk.tag;
