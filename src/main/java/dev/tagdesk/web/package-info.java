/**
 * The home page, i18n, problem+json for the API and the friendly error pages.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"access", "directory", "rule", "shared", "tag", "tag :: segment", "transfer"})
package dev.tagdesk.web;
