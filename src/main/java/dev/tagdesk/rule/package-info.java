/**
 * Auto-tag rules: their definitions, their nightly and manual runs, and their recycle bin.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"access", "audit", "directory", "event", "shared", "tag", "tag :: segment"})
package dev.tagdesk.rule;
