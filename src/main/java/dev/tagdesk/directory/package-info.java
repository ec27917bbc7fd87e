/**
 * Departments (a tree with a materialised path) and members.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "shared"})
package dev.tagdesk.directory;
