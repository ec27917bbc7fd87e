package dev.tagdesk.tag.naming;

import dev.tagdesk.shared.DisplayNames;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The naming rules for tags: hierarchical names of segments joined by a half-width {@code _}
 * ({@code 渠道_线上活动_双十一}). Everything is checked after NFKC normalisation, so full-width
 * look-alikes ({@code ＿ ＃ ＠ ＭＫＴ}) are caught, and uniqueness uses the normalised, case-folded
 * {@link #key key}. Every refusal names the rule, the offending part and, where one exists, a fix.
 */
public final class NamingPolicy {

    public static final String SEPARATOR = "_";

    /** What a group may ask of its tags' names, beyond the general rules. */
    public enum GroupPattern {
        NONE,
        /** {@code MKT_618大促_意向客户}: the first segment is a department code, exactly three segments. */
        DEPARTMENT_CODE_THREE_SEGMENTS
    }

    public record Problem(String code, Object... args) {}

    /**
     * @param name the name as it will be stored (normalised and trimmed)
     * @param key the uniqueness key (normalised and case-folded)
     * @param problems why it is refused; empty when accepted
     * @param warnings accepted, but worth saying (e.g. full-width characters were normalised)
     * @param suggestion a name that would pass, if the policy could make one
     */
    public record Verdict(String name, String key, List<Problem> problems, List<Problem> warnings, String suggestion) {

        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    /**
     * The most code points a stored name holds ({@code tag.name varchar(64)}). The maximum length
     * counts characters as a reader does, so an emoji ZWJ sequence such as 👨‍👩‍👧‍👦 is one character
     * but seven code points; a name of many of them can be within the maximum and still not fit.
     */
    public static final int STORED_MAX_LENGTH = 64;

    private static final Pattern SEPARATOR_LOOKALIKES = Pattern.compile("[\\s\\-‐‑–—―·•/\\\\|＿]+");

    private final NamingRules rules;

    public NamingPolicy(NamingRules rules) {
        this.rules = rules;
    }

    /** NFKC and trimmed: the form a name is stored in. */
    public static String normalise(String raw) {
        return raw == null
                ? ""
                : Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
    }

    /** The uniqueness key: normalised and case-folded, so {@code ＭＫＴ_x} and {@code mkt_x} collide. */
    public static String key(String raw) {
        return normalise(raw).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    public Verdict check(String raw, GroupPattern pattern, Set<String> departmentCodes) {
        return evaluate(raw, pattern, departmentCodes, true);
    }

    private Verdict evaluate(String raw, GroupPattern pattern, Set<String> departmentCodes, boolean withSuggestion) {
        String name = normalise(raw);
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        if (name.isEmpty()) {
            problems.add(new Problem("NAME_REQUIRED"));
            return new Verdict(name, key(name), problems, warnings, null);
        }
        if (raw != null && !raw.strip().equals(name)) {
            warnings.add(new Problem("NAME_NORMALISED", raw.strip(), name));
        }
        // the same rule as every display name: the code point and its position in characters
        DisplayNames.invisibleCharacter("name", name)
                .ifPresent(invisible -> problems.add(new Problem(invisible.code(), invisible.args())));
        for (String prefix : rules.forbiddenPrefixes()) {
            if (!prefix.isEmpty() && name.startsWith(normalise(prefix))) {
                problems.add(new Problem("NAME_FORBIDDEN_PREFIX", normalise(prefix)));
                break;
            }
        }
        List<String> segments = Arrays.asList(name.split(Pattern.quote(SEPARATOR), -1));
        if (segments.stream().anyMatch(String::isBlank)) {
            problems.add(new Problem("NAME_EMPTY_SEGMENT", emptySegmentPosition(segments)));
        }
        int length = DisplayNames.length(name);
        if (length > rules.maxLength()) {
            problems.add(new Problem("NAME_TOO_LONG", length, rules.maxLength()));
        } else if (storedLength(name) > STORED_MAX_LENGTH) {
            problems.add(new Problem("NAME_TOO_LONG_TO_STORE", storedLength(name), STORED_MAX_LENGTH));
        }
        if (segments.size() > rules.maxSegments()) {
            problems.add(new Problem("NAME_TOO_MANY_SEGMENTS", segments.size(), rules.maxSegments()));
        }
        if (pattern == GroupPattern.DEPARTMENT_CODE_THREE_SEGMENTS) {
            if (segments.size() != 3) {
                problems.add(new Problem("NAME_PATTERN_SEGMENTS", segments.size()));
            }
            if (!departmentCodes.contains(segments.get(0).toUpperCase(Locale.ROOT))) {
                problems.add(new Problem("NAME_PATTERN_DEPARTMENT", segments.get(0)));
            }
        }
        String suggestion = problems.isEmpty() || !withSuggestion ? null : suggest(raw, pattern, departmentCodes);
        return new Verdict(name, key(name), problems, warnings, suggestion);
    }

    /** A name that passes the general rules, made from what was typed; {@code null} if there is none. */
    String suggest(String raw, GroupPattern pattern, Set<String> departmentCodes) {
        String name = DisplayNames.withoutInvisible(normalise(raw));
        boolean stripped;
        do {
            stripped = false;
            for (String prefix : rules.forbiddenPrefixes()) {
                String p = normalise(prefix);
                if (!p.isEmpty() && name.startsWith(p)) {
                    name = name.substring(p.length()).strip();
                    stripped = true;
                }
            }
        } while (stripped && !name.isEmpty());
        name = SEPARATOR_LOOKALIKES.matcher(name).replaceAll(SEPARATOR);
        String joined = Arrays.stream(name.split(Pattern.quote(SEPARATOR)))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .limit(rules.maxSegments())
                .collect(Collectors.joining(SEPARATOR));
        if (joined.isEmpty()
                || DisplayNames.length(joined) > rules.maxLength()
                || storedLength(joined) > STORED_MAX_LENGTH) {
            return null;
        }
        boolean passes = evaluate(joined, pattern, departmentCodes, false).accepted();
        return passes && !joined.equals(normalise(raw)) ? joined : null;
    }

    private static int storedLength(String name) {
        return name.codePointCount(0, name.length());
    }

    /** 1-based position of the first empty segment, for the message ("segment 2 is empty"). */
    private static int emptySegmentPosition(List<String> segments) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).isBlank()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The segments of a stored name, for the tag tree. */
    public static List<String> segments(String name) {
        return List.of(name.split(Pattern.quote(SEPARATOR), -1));
    }
}
