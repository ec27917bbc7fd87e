/**
 * The audit log: {@link dev.tagdesk.audit.AuditRecord} events, written in the publisher's transaction, and the pages that read them.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"cluster", "shared"})
package dev.tagdesk.audit;
