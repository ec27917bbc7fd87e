/**
 * Behaviour events: event types, the batch ingestion, the monthly partitions, a member's events and the
 * counts the auto-tag rules' event clauses use.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "directory", "shared"})
package dev.tagdesk.event;
