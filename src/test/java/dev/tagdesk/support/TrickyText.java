package dev.tagdesk.support;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Text as users and their spreadsheets actually send it, for property tests: full-width forms,
 * zero-width and direction marks, emoji (surrogate pairs, ZWJ sequences, flags), control characters,
 * lone surrogates, any UTF-16 unit at all, and now and then a very long string. The generators are
 * QuickTheories {@link Gen}s built from its primitives, so a failing value shrinks.
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

    /** White space as it is typed or pasted: ASCII, ideographic, no-break, and every kind of line end. */
    public static final List<String> SPACES =
            List.of(" ", "\t", "\u3000", "\u00A0", "\r\n", "\n", "\r", "\u2028", "\u0085");

    /** Full-width forms U+FF01–U+FF5E (the full-width comma among them) and the ideographic space. */
    static final List<String> FULL_WIDTH =
            characters(IntStream.concat(IntStream.rangeClosed(0xFF01, 0xFF5E), IntStream.of(0x3000)));

    /** C0 controls, DEL and NEL. */
    static final List<String> CONTROL =
            characters(IntStream.concat(IntStream.rangeClosed(0x00, 0x1F), IntStream.of(0x7F, 0x85)));

    private TrickyText() {}

    /** Any string made of the pieces below, sometimes very long. */
    public static Gen<String> strings() {
        return Generate.frequency(Pair.of(12, joined(piece(), 0, 12)), Pair.of(1, veryLong()));
    }

    /** One piece of tricky text. */
    public static Gen<String> piece() {
        return Generate.frequency(
                Pair.of(3, joined(anyUnit(), 1, 4)),
                Pair.of(5, Generate.pick(ORDINARY)),
                Pair.of(3, fullWidth()),
                Pair.of(2, Generate.pick(ZERO_WIDTH)),
                Pair.of(2, Generate.pick(BIDI)),
                Pair.of(2, emoji()),
                Pair.of(2, control()),
                Pair.of(1, loneSurrogate()),
                Pair.of(2, Generate.pick(SPACES)));
    }

    /** One to six full-width forms. */
    public static Gen<String> fullWidth() {
        return joined(Generate.pick(FULL_WIDTH), 1, 6);
    }

    public static Gen<String> emoji() {
        return Generate.oneOf(
                Generate.pick(EMOJI), Generate.range(0x1F300, 0x1FAFF).map(codePoint -> Character.toString(codePoint)));
    }

    /** C0 controls, DEL and NEL. */
    public static Gen<String> control() {
        return Generate.pick(CONTROL);
    }

    public static Gen<String> loneSurrogate() {
        return Generate.range(0xD800, 0xDFFF).map(TrickyText::unit);
    }

    /** {@code values}, or now and then (one time in a hundred) {@code null}. */
    public static <T> Gen<T> sometimesNull(Gen<T> values) {
        return values.mix(Generate.constant((T) null), 1);
    }

    /** From {@code min} to {@code max} values of {@code pieces}, joined. */
    public static Gen<String> joined(Gen<String> pieces, int min, int max) {
        return lists().of(pieces).ofSizeBetween(min, max).map(TrickyText::join);
    }

    /** Any UTF-16 unit at all: assigned or not, surrogate halves included; shrinks towards 'a'. */
    private static Gen<String> anyUnit() {
        return Generate.range(0x0000, 0xFFFF, 'a').map(TrickyText::unit);
    }

    private static Gen<String> veryLong() {
        return joined(piece(), 1, 3).zip(Generate.range(100, 3000), (piece, times) -> piece.repeat(times));
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

    /**
     * {@code text} as a failure report shows it: what cannot be seen or printed (controls, format
     * characters, separators other than the space, private use, unassigned code points, lone
     * surrogates) as {@code \}{@code uXXXX}, the rest as it is.
     */
    public static String shown(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean hidden = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SPACE_SEPARATOR && cp != ' '
                    || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED
                    || type == Character.SURROGATE;
            if (hidden) {
                for (char unit : Character.toChars(cp)) {
                    shown.append(String.format("\\u%04X", (int) unit));
                }
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.append('"').toString();
    }

    private static String unit(int value) {
        return String.valueOf((char) value);
    }

    private static List<String> characters(IntStream codePoints) {
        List<String> characters = new ArrayList<>();
        codePoints.forEach(cp -> characters.add(Character.toString(cp)));
        return List.copyOf(characters);
    }

    private static String join(List<String> pieces) {
        return pieces.stream().collect(Collectors.joining());
    }
}
