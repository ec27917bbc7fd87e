package dev.tagdesk.shared;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for every name a person reads on a page or in a file: tags, tag groups, departments,
 * members, auto-tag rules and uploaded files. A name never holds an invisible character: controls
 * (NUL, CR, LF, tab), zero-width and direction marks (U+202E turns {@code invoice‮fdp.exe} around),
 * line and paragraph separators, private-use and unassigned code points, or half of a surrogate pair.
 * The one exception is the zero width joiner inside an emoji ZWJ sequence ({@code 👩‍💻}, {@code 🏳️‍🌈}),
 * where it is what makes two emoji one picture. Plain rules, no Spring and no database.
 */
public final class DisplayNames {

    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Co}\\p{Cn}\\p{Cs}]");

    /** One character as a reader sees it: an extended grapheme cluster (Unicode's rules, Java's {@code \X}). */
    private static final Pattern CHARACTER = Pattern.compile("\\X");

    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int EMOJI_PRESENTATION = 0xFE0F;

    /** 👩 followed by a joiner: what a pictograph joins onto (see {@link #pictographic}). */
    private static final String JOINED_EMOJI = "\uD83D\uDC69\u200D";

    /** The longest name of an uploaded file, in characters. */
    public static final int MAX_FILE_NAME = 255;

    private DisplayNames() {}

    /** The name with its invisible characters taken out: the fix a refusal can suggest. */
    public static String withoutInvisible(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(name.length());
        Matcher invisible = INVISIBLE.matcher(name);
        int from = 0;
        while (invisible.find()) {
            if (!joinsEmoji(name, invisible.start())) {
                kept.append(name, from, invisible.start());
                from = invisible.end();
            }
        }
        return kept.append(name, from, name.length()).toString();
    }

    /**
     * The first invisible character of {@code name}, as a refusal {@code NAME_INVALID_CHARACTER} of
     * {@code field} with the code point ({@code U+202E}) and its position counted in characters as a
     * reader counts them (see {@link #length}, not in UTF-16 units or code points); empty when there is
     * none.
     */
    public static Optional<Refusal> invisibleCharacter(String field, String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher invisible = INVISIBLE.matcher(name);
        while (invisible.find()) {
            if (!joinsEmoji(name, invisible.start())) {
                return Optional.of(new Refusal(
                        field,
                        "NAME_INVALID_CHARACTER",
                        String.format("U+%04X", invisible.group().codePointAt(0)),
                        length(name.substring(0, invisible.start())) + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * How many characters a reader counts in {@code text}: grapheme clusters, so an emoji ZWJ sequence
     * ({@code 👨‍👩‍👧‍👦}, seven code points), an emoji with its skin tone, a flag or a letter with its
     * accents is one.
     */
    public static int length(String text) {
        Matcher character = CHARACTER.matcher(text);
        int count = 0;
        while (character.find()) {
            count++;
        }
        return count;
    }

    /**
     * Whether the character at {@code index} is a zero width joiner inside an emoji ZWJ sequence: an
     * emoji before it (with its U+FE0F or skin tone, if any) and an emoji right after it. A joiner
     * at either end, between letters, or next to another joiner is not.
     */
    private static boolean joinsEmoji(String name, int index) {
        if (name.charAt(index) != ZERO_WIDTH_JOINER || index + 1 >= name.length()) {
            return false;
        }
        int before = index;
        for (int skipped = 0; skipped < 2 && before > 0; skipped++) {
            int previous = name.codePointBefore(before);
            if (previous != EMOJI_PRESENTATION && !skinTone(previous)) {
                break;
            }
            before -= Character.charCount(previous);
        }
        return before > 0 && pictographic(name.codePointBefore(before)) && pictographic(name.codePointAt(index + 1));
    }

    /**
     * Whether {@code codePoint} is an emoji that a ZWJ sequence joins (Unicode's
     * Extended_Pictographic). Java 17 has no API for that property, but its {@code \X} knows it: a
     * joiner after an emoji keeps a following pictograph in the same cluster and nothing else, once
     * marks, format characters and skin tones (which any cluster takes) are left out.
     */
    private static boolean pictographic(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.FORMAT,
                    Character.CONTROL,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> {
                return false;
            }
            default -> {
                if (skinTone(codePoint)) {
                    return false;
                }
                String probe = JOINED_EMOJI + Character.toString(codePoint);
                Matcher character = CHARACTER.matcher(probe);
                return character.lookingAt() && character.end() == probe.length();
            }
        }
    }

    /** The emoji modifiers U+1F3FB–U+1F3FF (Fitzpatrick skin tones). */
    private static boolean skinTone(int codePoint) {
        return codePoint >= 0x1F3FB && codePoint <= 0x1F3FF;
    }
}
