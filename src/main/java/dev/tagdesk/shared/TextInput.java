package dev.tagdesk.shared;

/**
 * What no text that reaches TagDesk may hold, wherever it comes from (a query parameter, a form
 * field, a JSON string, a file name): U+0000, which PostgreSQL cannot store in text, and half of a
 * surrogate pair, which no encoding can write. Refused where the text enters, with the parameter's
 * name, so nothing behind the boundary has to think about them.
 */
public final class TextInput {

    private TextInput() {}

    /** The first character that is refused, as {@code U+0000} or {@code U+D800}; {@code null} when none is. */
    public static String refusedCharacter(CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "U+0000";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return String.format("U+%04X", (int) c);
            }
            if (Character.isLowSurrogate(c)) {
                return String.format("U+%04X", (int) c);
            }
        }
        return null;
    }
}
