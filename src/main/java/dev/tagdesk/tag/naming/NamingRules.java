package dev.tagdesk.tag.naming;

import java.util.List;

/**
 * The admin's naming settings.
 *
 * @param maxLength most characters in a name (after normalisation), counted as a reader counts them:
 *     an emoji ZWJ sequence such as 👩‍💻 is one
 * @param maxSegments most {@code _}-separated segments
 * @param forbiddenPrefixes characters or words a name may not start with (ad-hoc markers such as # and @)
 */
public record NamingRules(int maxLength, int maxSegments, List<String> forbiddenPrefixes) {

    public static NamingRules defaults() {
        return new NamingRules(32, 4, List.of("#", "@"));
    }

    public NamingRules {
        forbiddenPrefixes = List.copyOf(forbiddenPrefixes);
    }
}
