/**
 * The demo organisation, seeded on the first start of an empty local database.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"event", "localdb"})
package dev.tagdesk.demo;
