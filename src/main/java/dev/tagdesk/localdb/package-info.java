/**
 * Local mode: the embedded PostgreSQL that TagDesk starts when no database is configured.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared"})
package dev.tagdesk.localdb;
