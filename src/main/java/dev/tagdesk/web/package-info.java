/**
 * The home page, i18n, problem+json for the API and the friendly error pages.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"access", "directory", "rule", "shared", "tag", "transfer"})
package dev.tagdesk.web;
