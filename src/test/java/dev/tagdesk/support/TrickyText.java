package dev.tagdesk.support;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Text as users and their spreadsheets actually send it, for property tests: full-width forms,
 * zero-width and direction marks, emoji (surrogate pairs, ZWJ sequences, flags), control characters,
 * lone surrogates, any UTF-16 unit at all, and now and then a very long string.
 */
public final class TrickyText {

    /** Zero-width characters and the byte-order mark. */
    public static final List<String> ZERO_WIDTH = List.of("\u200B", "\u200C", "\u200D", "\uFEFF");

    /** Direction marks, embeddings, overrides and isolates. */
    public static final List<String> BIDI = List.of(
            "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
            "\u2069");

    public static final List<String> EMOJI = List.of(
            "😀", // a surrogate pair
            "👍🏽", // with a skin-tone modifier
            "👨‍👩‍👧‍👦", // a ZWJ sequence
            "🏳️‍🌈", // variation selector and ZWJ
            "🇨🇳", // a flag: two regional indicators
            "❤️",
            "🏴󠁧󠁢󠁳󠁣󠁴󠁿", // tag characters (U+E0067…)
            "🧑🏻‍💻");

    /** Words and marks a tag name or a CSV cell is ordinarily made of. */
    public static final List<String> ORDINARY = List.of(
            "渠道", "线上活动", "双十一", "偏好", "高端", "MKT", "vip", "Zhang", "张伟", "618", "_", "_", "#", "@", "-", " ", "·", "/",
            "＿", "＃", "＠", "ＭＫＴ", "a", "Z", "9", "é", "e\u0301", "ﬁ", "Ⅻ", "㍿", "K", "ß", "İ");

    private TrickyText() {}

    /** Any string made of the pieces below, sometimes very long. */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, piece().list().ofMaxSize(12).map(TrickyText::join)), Tuple.of(1, veryLong()));
    }

    /** One piece of tricky text. */
    public static Arbitrary<String> piece() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(4)),
                Tuple.of(5, Arbitraries.of(ORDINARY)),
                Tuple.of(3, fullWidth()),
                Tuple.of(2, Arbitraries.of(ZERO_WIDTH)),
                Tuple.of(2, Arbitraries.of(BIDI)),
                Tuple.of(2, emoji()),
                Tuple.of(2, control()),
                Tuple.of(1, loneSurrogate()),
                Tuple.of(2, Arbitraries.of(" ", "\t", "\u3000", "\u00A0", "\r\n", "\n", "\r", "\u2028", "\u0085")));
    }

    /** Full-width forms U+FF01–U+FF5E, the full-width comma and the ideographic space. */
    public static Arbitrary<String> fullWidth() {
        return Arbitraries.strings()
                .withCharRange('\uFF01', '\uFF5E')
                .withChars('\uFF0C', '\u3000')
                .ofMinLength(1)
                .ofMaxLength(6);
    }

    public static Arbitrary<String> emoji() {
        return Arbitraries.oneOf(
                Arbitraries.of(EMOJI),
                Arbitraries.integers().between(0x1F300, 0x1FAFF).map(Character::toString));
    }

    /** C0 controls, DEL and NEL. */
    public static Arbitrary<String> control() {
        return Arbitraries.chars()
                .range('\u0000', '\u001F')
                .with('\u007F', '\u0085')
                .map(String::valueOf);
    }

    public static Arbitrary<String> loneSurrogate() {
        return Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf);
    }

    private static Arbitrary<String> veryLong() {
        return piece().list().ofMinSize(1).ofMaxSize(3).map(TrickyText::join).flatMap(p -> Arbitraries.integers()
                .between(100, 3000)
                .map(p::repeat));
    }

    /** The full-width twin of the printable ASCII in {@code text} (and the ideographic space for a space). */
    public static String toFullWidth(String text) {
        StringBuilder wide = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (c >= 0x21 && c <= 0x7E) {
                wide.append((char) (c + 0xFEE0));
            } else if (c == ' ') {
                wide.append('\u3000');
            } else {
                wide.append((char) c);
            }
        });
        return wide.toString();
    }

    /** Whether every surrogate in {@code text} is half of a pair. */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String join(List<String> pieces) {
        return pieces.stream().collect(Collectors.joining());
    }
}
