package dev.tagdesk.shared;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for every name a person reads on a page or in a file: tags, tag groups, departments,
 * members, auto-tag rules and uploaded files. A name never holds an invisible character: controls
 * (NUL, CR, LF, tab), zero-width and direction marks (U+202E turns {@code invoice‮fdp.exe} around),
 * line and paragraph separators, private-use and unassigned code points, or half of a surrogate pair.
 * Plain rules, no Spring and no database.
 */
public final class DisplayNames {

    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Co}\\p{Cn}\\p{Cs}]");

    /** The longest name of an uploaded file, in characters. */
    public static final int MAX_FILE_NAME = 255;

    private DisplayNames() {}

    /** The name with its invisible characters taken out: the fix a refusal can suggest. */
    public static String withoutInvisible(String name) {
        return name == null ? "" : INVISIBLE.matcher(name).replaceAll("");
    }

    /**
     * The first invisible character of {@code name}, as a refusal {@code NAME_INVALID_CHARACTER} of
     * {@code field} with the code point ({@code U+202E}) and its position counted in characters, as a
     * reader counts them (not in UTF-16 units); empty when there is none.
     */
    public static Optional<Refusal> invisibleCharacter(String field, String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher invisible = INVISIBLE.matcher(name);
        if (!invisible.find()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                field,
                "NAME_INVALID_CHARACTER",
                String.format("U+%04X", invisible.group().codePointAt(0)),
                name.codePointCount(0, invisible.start()) + 1));
    }
}
