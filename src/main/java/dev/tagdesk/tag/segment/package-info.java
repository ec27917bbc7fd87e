/**
 * Segments (人群): saved tag expressions over members, their pages and API, and the priority follow-up
 * list of sales departments. Part of the tag module (segments read member tags through its visibility
 * rule); the web module shows the follow-up list on the home page and the rules module tells when the
 * last nightly run began, so this package is a named interface of the module.
 */
@org.springframework.modulith.NamedInterface("segment")
package dev.tagdesk.tag.segment;
