package dev.tagdesk.access;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * How user names are written and read: the one place that decides which typed name means which
 * account.
 *
 * <p>A stored name is 2 to 64 characters of {@code a-z 0-9 . _ -}, starting with a letter or a digit
 * (ASCII only; the database refuses anything else). A typed name is read as NFKC, trimmed, with only
 * {@code A-Z} folded to {@code a-z}. So spellings that mean the same characters reach the same account
 * (full-width {@code ＬＯＣＫ.ＩＴ}, the Kelvin sign U+212A for {@code K}, a name pasted with spaces
 * around it), while letters that merely look alike stay what they are: {@code İ} (U+0130) is not an
 * {@code i}, so {@code LOCK.İT} is nobody's name. A general case folding (Java's {@code toLowerCase} or
 * PostgreSQL's {@code lower()}) would turn {@code İ} into {@code i}, and the login, the lookup and the
 * lock would disagree about who was meant.
 *
 * <p>Every stored name is its own canonical form, so the lookup is an exact match on the canonical
 * typed name, and the name a login resolves to is the account's own name.
 */
final class UserNames {

    /** The names an account may have. {@code app_user_username_valid} (V14) says the same. */
    static final Pattern STORABLE = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private UserNames() {}

    /** The name as typed, read the way stored names are written; {@code ""} for nothing typed. */
    static String canonical(String typed) {
        if (typed == null) {
            return "";
        }
        String normalised = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
        StringBuilder folded = new StringBuilder(normalised.length());
        for (int i = 0; i < normalised.length(); i++) {
            char c = normalised.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    /** Whether an account may have this (canonical) name. */
    static boolean storable(String canonical) {
        return STORABLE.matcher(canonical).matches();
    }
}
