/**
 * The few types every module uses: refusals, pages, CSV writing, display-name rules.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.tagdesk.shared;
