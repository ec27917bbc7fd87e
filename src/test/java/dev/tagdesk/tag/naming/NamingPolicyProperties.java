package dev.tagdesk.tag.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tagdesk.support.Translations;
import dev.tagdesk.support.TrickyText;
import dev.tagdesk.tag.naming.NamingPolicy.GroupPattern;
import dev.tagdesk.tag.naming.NamingPolicy.Problem;
import dev.tagdesk.tag.naming.NamingPolicy.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The naming policy against whatever people type or paste: it never fails with an exception, every
 * refusal is a known code with a message in both languages, and what it accepts is clean, normalised
 * and within the rules.
 *
 * <p>Each property is a QuickTheories theory. A failure reports the smallest falsifying value it
 * shrank to and the seed of the run ({@code Seed was …}); {@code mvn test
 * -Dtest='NamingPolicyProperties#normalisingIsIdempotent' -DQT_SEED=<seed>} runs that property again
 * with the same values, shrinking included.
 */
class NamingPolicyProperties {

    static final Set<String> DEPARTMENT_CODES = Set.of("MKT", "SALES", "PUR");

    /** The refusals and warnings the policy can give; the service adds NAME_DID_YOU_MEAN and NAME_DUPLICATE. */
    static final Set<String> REFUSALS = Set.of(
            "NAME_REQUIRED",
            "NAME_INVALID_CHARACTER",
            "NAME_FORBIDDEN_PREFIX",
            "NAME_EMPTY_SEGMENT",
            "NAME_TOO_LONG",
            "NAME_TOO_LONG_TO_STORE",
            "NAME_TOO_MANY_SEGMENTS",
            "NAME_PATTERN_SEGMENTS",
            "NAME_PATTERN_DEPARTMENT");

    static final Set<String> WARNINGS = Set.of("NAME_NORMALISED");

    /** Never in a stored name: controls, format characters (zero-width, bidi), separators, private, unassigned, lone surrogates. */
    static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED
                || type == Character.SURROGATE;
    }

    /**
     * The invisible code points of {@code name}, but for each zero width joiner between two emoji (the
     * one before it with at most its U+FE0F or skin tone): a ZWJ sequence such as 👩‍💻.
     */
    static List<Integer> invisibleOutsideEmojiSequences(String name) {
        int[] codePoints = name.codePoints().toArray();
        List<Integer> invisible = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i++) {
            if (!invisible(codePoints[i])) {
                continue;
            }
            int before = i - 1;
            while (before >= 0 && before >= i - 2 && (codePoints[before] == 0xFE0F || skinTone(codePoints[before]))) {
                before--;
            }
            boolean joins = codePoints[i] == 0x200D
                    && before >= 0
                    && emoji(codePoints[before])
                    && i + 1 < codePoints.length
                    && emoji(codePoints[i + 1]);
            if (!joins) {
                invisible.add(codePoints[i]);
            }
        }
        return invisible;
    }

    /**
     * Generously, any symbol or punctuation but a skin tone: the pictographs a ZWJ sequence joins (©, ‼,
     * ↔, 〰, ❤, 👩 …) are among them, so the property holds the rule to never keeping a joiner next to a
     * letter, digit, mark, space or another invisible character.
     */
    static boolean emoji(int codePoint) {
        int type = Character.getType(codePoint);
        return !skinTone(codePoint)
                && (type == Character.OTHER_SYMBOL
                        || type == Character.MATH_SYMBOL
                        || type == Character.OTHER_PUNCTUATION
                        || type == Character.DASH_PUNCTUATION);
    }

    static boolean skinTone(int codePoint) {
        return codePoint >= 0x1F3FB && codePoint <= 0x1F3FF;
    }

    /** Characters as a reader counts them: grapheme clusters. */
    static int graphemes(String text) {
        return (int) Pattern.compile("\\X").matcher(text).results().count();
    }

    @Test
    void everyCodeThePolicyGivesHasAMessageInBothLanguages() {
        REFUSALS.forEach(code ->
                assertThat(Translations.translated("refusal." + code)).as(code).isTrue());
        WARNINGS.forEach(code ->
                assertThat(Translations.translated("warning." + code)).as(code).isTrue());
        assertThat(Translations.translated("refusal.NAME_DID_YOU_MEAN")).isTrue();
    }

    @Test
    void anyInputEndsInAVerdictWhoseCodesAreKnownAndTranslated() {
        qt().withExamples(5000).forAll(typed(), rules(), patterns()).checkAssert((raw, rules, pattern) -> {
            Verdict verdict = new NamingPolicy(rules).check(raw, pattern, DEPARTMENT_CODES);

            for (Problem problem : verdict.problems()) {
                assertThat(problem.code()).isIn(REFUSALS);
                assertThat(Translations.fillable("refusal." + problem.code(), problem.args()))
                        .as("message of %s with %s", problem.code(), List.of(problem.args()))
                        .isTrue();
            }
            for (Problem warning : verdict.warnings()) {
                assertThat(warning.code()).isIn(WARNINGS);
                assertThat(Translations.fillable("warning." + warning.code(), warning.args()))
                        .isTrue();
            }
            assertThat(verdict.accepted()).isEqualTo(verdict.problems().isEmpty());
        });
    }

    @Test
    void normalisingIsIdempotent() {
        qt().withExamples(5000).forAll(typed()).checkAssert(raw -> {
            String once = NamingPolicy.normalise(raw);
            assertThat(NamingPolicy.normalise(once)).isEqualTo(once);
        });
    }

    @Test
    void theVerdictCarriesTheNormalisedNameAndItsKey() {
        qt().withExamples(5000).forAll(typed(), patterns()).checkAssert((raw, pattern) -> {
            Verdict verdict = new NamingPolicy(NamingRules.defaults()).check(raw, pattern, DEPARTMENT_CODES);
            assertThat(verdict.name()).isEqualTo(NamingPolicy.normalise(raw));
            assertThat(NamingPolicy.normalise(verdict.name())).isEqualTo(verdict.name());
            assertThat(verdict.key()).isEqualTo(NamingPolicy.key(verdict.name()));
        });
    }

    @Test
    void anAcceptedNameIsCleanAndWithinTheRules() {
        qt().withExamples(5000).forAll(typed(), rules(), patterns()).checkAssert((raw, rules, pattern) -> {
            Verdict verdict = new NamingPolicy(rules).check(raw, pattern, DEPARTMENT_CODES);
            if (!verdict.accepted()) {
                return;
            }
            String name = verdict.name();
            assertThat(name).isNotBlank().isEqualTo(name.strip());
            assertThat(invisibleOutsideEmojiSequences(name))
                    .as(
                            "invisible characters in %s",
                            name.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEmpty();
            assertThat(TrickyText.isWellFormed(name)).isTrue();
            assertThat(graphemes(name)).isLessThanOrEqualTo(rules.maxLength());
            assertThat(name.codePointCount(0, name.length())).isLessThanOrEqualTo(NamingPolicy.STORED_MAX_LENGTH);
            List<String> segments = NamingPolicy.segments(name);
            assertThat(segments).hasSizeLessThanOrEqualTo(rules.maxSegments()).noneMatch(String::isBlank);
            rules.forbiddenPrefixes().stream()
                    .map(NamingPolicy::normalise)
                    .filter(prefix -> !prefix.isEmpty())
                    .forEach(prefix -> assertThat(name).doesNotStartWith(prefix));
            if (pattern == GroupPattern.DEPARTMENT_CODE_THREE_SEGMENTS) {
                assertThat(segments).hasSize(3);
                assertThat(DEPARTMENT_CODES).contains(segments.get(0).toUpperCase(Locale.ROOT));
            }
        });
    }

    @Test
    void theFullWidthTwinOfANameIsTheSameName() {
        qt().withExamples(5000).forAll(acceptedNames()).checkAssert(name -> {
            NamingPolicy policy = new NamingPolicy(NamingRules.defaults());
            Verdict plain = policy.check(name, GroupPattern.NONE, DEPARTMENT_CODES);
            String wide = TrickyText.toFullWidth(name);
            Verdict twin = policy.check(wide, GroupPattern.NONE, DEPARTMENT_CODES);

            assertThat(plain.accepted()).isTrue();
            assertThat(twin.accepted()).isTrue();
            assertThat(twin.name()).isEqualTo(plain.name());
            assertThat(twin.key()).isEqualTo(plain.key());
            if (!wide.equals(name)) {
                assertThat(twin.warnings()).extracting(Problem::code).containsExactly("NAME_NORMALISED");
            }
        });
    }

    @Test
    void theKeyIgnoresWidthAndCase() {
        qt().withExamples(5000).forAll(acceptedNames()).checkAssert(name -> {
            String key = NamingPolicy.key(name);
            assertThat(NamingPolicy.key(TrickyText.toFullWidth(name))).isEqualTo(key);
            assertThat(NamingPolicy.key(name.toUpperCase(Locale.ROOT))).isEqualTo(key);
            assertThat(NamingPolicy.key(name.toLowerCase(Locale.ROOT))).isEqualTo(key);
        });
    }

    @Test
    void anInvisibleCharacterInsideANameIsRefusedAndPointedAt() {
        qt().withExamples(5000)
                .forAll(acceptedNames(), invisibles(), Generate.range(0, 1000))
                .checkAssert((name, invisible, at) -> {
                    int codePoints = name.codePointCount(0, name.length());
                    int position = 1 + at % Math.max(1, codePoints - 1);
                    String raw = position >= codePoints
                            ? name + invisible + "x"
                            : name.substring(0, name.offsetByCodePoints(0, position))
                                    + invisible
                                    + name.substring(name.offsetByCodePoints(0, position));

                    Verdict verdict =
                            new NamingPolicy(NamingRules.defaults()).check(raw, GroupPattern.NONE, DEPARTMENT_CODES);

                    assertThat(verdict.problems())
                            .filteredOn(p -> p.code().equals("NAME_INVALID_CHARACTER"))
                            .singleElement()
                            .satisfies(problem -> {
                                assertThat(problem.args()[0])
                                        .isEqualTo(String.format("U+%04X", invisible.codePointAt(0)));
                                assertThat(problem.args()[1])
                                        .as("character position")
                                        .isEqualTo(position + 1);
                            });
                    if (verdict.suggestion() != null) {
                        assertThat(verdict.suggestion()).doesNotContain(invisible);
                    }
                });
    }

    @Test
    void aForbiddenPrefixIsRefusedAndTheSuggestionDropsIt() {
        qt().withExamples(2500).forAll(plainNames(), prefixes()).checkAssert((name, prefix) -> {
            Verdict verdict =
                    new NamingPolicy(NamingRules.defaults()).check(prefix + name, GroupPattern.NONE, DEPARTMENT_CODES);
            assertThat(verdict.problems()).extracting(Problem::code).containsExactly("NAME_FORBIDDEN_PREFIX");
            assertThat(verdict.suggestion()).isEqualTo(name);
        });
    }

    @Test
    void aSuggestionPassesTheRulesItWasMadeFor() {
        qt().withExamples(5000).forAll(typed(), rules(), patterns()).checkAssert((raw, rules, pattern) -> {
            NamingPolicy policy = new NamingPolicy(rules);
            Verdict verdict = policy.check(raw, pattern, DEPARTMENT_CODES);
            if (verdict.suggestion() == null) {
                return;
            }
            assertThat(verdict.accepted()).isFalse();
            Verdict suggested = policy.check(verdict.suggestion(), pattern, DEPARTMENT_CODES);
            assertThat(suggested.problems()).isEmpty();
            assertThat(suggested.name()).isNotEqualTo(verdict.name());
        });
    }

    // --- generators ---------------------------------------------------------------------------

    /** Tricky text, names with tricky text around and inside them, and now and then null. */
    static Gen<String> typed() {
        Gen<String> decorated = TrickyText.joined(TrickyText.piece(), 0, 2)
                .zip(
                        acceptedNames(),
                        TrickyText.joined(TrickyText.piece(), 0, 2),
                        (before, name, after) -> before + name + after);
        return TrickyText.sometimesNull(Generate.frequency(
                        Pair.of(4, TrickyText.strings()),
                        Pair.of(2, acceptedNames()),
                        Pair.of(3, decorated),
                        Pair.of(1, departmentPatternNames())))
                .describedAs(TrickyText::shown);
    }

    /** Names the default rules accept: one to four segments of letters, digits and ideographs. */
    static Gen<String> acceptedNames() {
        Gen<String> segment = wordCharacter()
                .zip(
                        TrickyText.joined(
                                Generate.oneOf(wordCharacter(), Generate.pick(List.of("-", ".", "+", "&", " "))), 0, 4),
                        wordCharacter(),
                        (first, middle, last) -> first + middle + last);
        return lists().of(Generate.oneOf(wordCharacter(), segment))
                .ofSizeBetween(1, 4)
                .map(segments -> String.join(NamingPolicy.SEPARATOR, segments))
                .describedAs(TrickyText::shown);
    }

    /** Names without anything the suggestion would rewrite (spaces, dashes, …). */
    static Gen<String> plainNames() {
        return lists().of(TrickyText.joined(wordCharacter(), 1, 6))
                .ofSizeBetween(1, 4)
                .map(segments -> String.join(NamingPolicy.SEPARATOR, segments))
                .describedAs(TrickyText::shown);
    }

    static Gen<String> prefixes() {
        return Generate.pick(List.of("#", "@", "＃", "＠", "##", "#@", "＃ ", "@\u3000", "#＃"))
                .describedAs(TrickyText::shown);
    }

    static Gen<String> invisibles() {
        return Generate.oneOf(
                        TrickyText.control(),
                        Generate.pick(TrickyText.ZERO_WIDTH),
                        Generate.pick(TrickyText.BIDI),
                        Generate.pick(List.of(
                                "\u2028", // line separator
                                "\u2029", // paragraph separator
                                "\uE000", // private use
                                "\uDB80\uDC00", // private use, plane 15 (a surrogate pair)
                                "\uDB40\uDC01", // LANGUAGE TAG, a format character outside the BMP
                                "\u0378", // unassigned
                                "\u061C", // Arabic letter mark
                                "\u2060")), // word joiner
                        TrickyText.loneSurrogate())
                .describedAs(TrickyText::shown);
    }

    static Gen<NamingRules> rules() {
        // up to four different prefixes
        Gen<List<String>> prefixes = lists().of(Generate.pick(List.of("#", "@", "＃", "临时", "tmp", "【", "_", "x")))
                .ofSizeBetween(0, 4)
                .map(picked -> picked.stream().distinct().toList());
        return Generate.range(4, 64)
                .zip(
                        Generate.range(1, 8),
                        prefixes,
                        (maxLength, maxSegments, forbidden) -> new NamingRules(maxLength, maxSegments, forbidden));
    }

    static Gen<GroupPattern> patterns() {
        return Generate.enumValues(GroupPattern.class);
    }

    private static Gen<String> departmentPatternNames() {
        return Generate.pick(List.of("MKT", "mkt", "ＭＫＴ", "SALES", "HR", "Pur"))
                .zip(acceptedNames(), (code, rest) -> code + NamingPolicy.SEPARATOR + rest);
    }

    private static Gen<String> wordCharacter() {
        return Generate.frequency(
                Pair.of(3, Generate.range('\u4E00', '\u9FA5').map(c -> String.valueOf((char) c.intValue()))),
                Pair.of(2, Generate.pick(List.of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("")))),
                Pair.of(1, Generate.range('0', '9').map(c -> String.valueOf((char) c.intValue()))));
    }
}
