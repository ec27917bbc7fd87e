/**
 * Users and roles, the caller's {@link dev.tagdesk.access.Scope}, login throttling and the security rule table.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "localdb", "shared"})
package dev.tagdesk.access;
