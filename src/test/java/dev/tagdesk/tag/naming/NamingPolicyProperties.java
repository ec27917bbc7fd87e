package dev.tagdesk.tag.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.Translations;
import dev.tagdesk.support.TrickyText;
import dev.tagdesk.tag.naming.NamingPolicy.GroupPattern;
import dev.tagdesk.tag.naming.NamingPolicy.Problem;
import dev.tagdesk.tag.naming.NamingPolicy.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The naming policy against whatever people type or paste: it never fails with an exception, every
 * refusal is a known code with a message in both languages, and what it accepts is clean, normalised
 * and within the rules.
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

    @Example
    void everyCodeThePolicyGivesHasAMessageInBothLanguages() {
        REFUSALS.forEach(code ->
                assertThat(Translations.translated("refusal." + code)).as(code).isTrue());
        WARNINGS.forEach(code ->
                assertThat(Translations.translated("warning." + code)).as(code).isTrue());
        assertThat(Translations.translated("refusal.NAME_DID_YOU_MEAN")).isTrue();
    }

    @Property(tries = 1000)
    void anyInputEndsInAVerdictWhoseCodesAreKnownAndTranslated(
            @ForAll("typed") String raw, @ForAll("rules") NamingRules rules, @ForAll GroupPattern pattern) {
        Verdict verdict = new NamingPolicy(rules).check(raw, pattern, DEPARTMENT_CODES);

        Statistics.label("accepted").collect(verdict.accepted());
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
    }

    @Property(tries = 1000)
    void normalisingIsIdempotent(@ForAll("typed") String raw) {
        String once = NamingPolicy.normalise(raw);
        assertThat(NamingPolicy.normalise(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void theVerdictCarriesTheNormalisedNameAndItsKey(@ForAll("typed") String raw, @ForAll GroupPattern pattern) {
        Verdict verdict = new NamingPolicy(NamingRules.defaults()).check(raw, pattern, DEPARTMENT_CODES);
        assertThat(verdict.name()).isEqualTo(NamingPolicy.normalise(raw));
        assertThat(NamingPolicy.normalise(verdict.name())).isEqualTo(verdict.name());
        assertThat(verdict.key()).isEqualTo(NamingPolicy.key(verdict.name()));
    }

    @Property(tries = 1000)
    void anAcceptedNameIsCleanAndWithinTheRules(
            @ForAll("typed") String raw, @ForAll("rules") NamingRules rules, @ForAll GroupPattern pattern) {
        Verdict verdict = new NamingPolicy(rules).check(raw, pattern, DEPARTMENT_CODES);
        Statistics.label("accepted").collect(verdict.accepted());
        if (!verdict.accepted()) {
            return;
        }
        String name = verdict.name();
        assertThat(name).isNotBlank().isEqualTo(name.strip());
        assertThat(name.codePoints().filter(NamingPolicyProperties::invisible))
                .as(
                        "invisible characters in %s",
                        name.codePoints().mapToObj(Integer::toHexString).toList())
                .isEmpty();
        assertThat(TrickyText.isWellFormed(name)).isTrue();
        assertThat(name.codePointCount(0, name.length())).isLessThanOrEqualTo(rules.maxLength());
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
    }

    @Property(tries = 1000)
    void theFullWidthTwinOfANameIsTheSameName(@ForAll("acceptedNames") String name) {
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
    }

    @Property(tries = 1000)
    void theKeyIgnoresWidthAndCase(@ForAll("acceptedNames") String name) {
        String key = NamingPolicy.key(name);
        assertThat(NamingPolicy.key(TrickyText.toFullWidth(name))).isEqualTo(key);
        assertThat(NamingPolicy.key(name.toUpperCase(Locale.ROOT))).isEqualTo(key);
        assertThat(NamingPolicy.key(name.toLowerCase(Locale.ROOT))).isEqualTo(key);
    }

    @Property(tries = 1000)
    void anInvisibleCharacterInsideANameIsRefusedAndPointedAt(
            @ForAll("acceptedNames") String name, @ForAll("invisibles") String invisible, @ForAll("positions") int at) {
        int codePoints = name.codePointCount(0, name.length());
        int position = 1 + at % Math.max(1, codePoints - 1);
        String raw = position >= codePoints
                ? name + invisible + "x"
                : name.substring(0, name.offsetByCodePoints(0, position))
                        + invisible
                        + name.substring(name.offsetByCodePoints(0, position));

        Verdict verdict = new NamingPolicy(NamingRules.defaults()).check(raw, GroupPattern.NONE, DEPARTMENT_CODES);

        assertThat(verdict.problems())
                .filteredOn(p -> p.code().equals("NAME_INVALID_CHARACTER"))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.args()[0]).isEqualTo(String.format("U+%04X", invisible.codePointAt(0)));
                    assertThat(problem.args()[1]).as("character position").isEqualTo(position + 1);
                });
        if (verdict.suggestion() != null) {
            assertThat(verdict.suggestion()).doesNotContain(invisible);
        }
    }

    @Property(tries = 500)
    void aForbiddenPrefixIsRefusedAndTheSuggestionDropsIt(
            @ForAll("plainNames") String name, @ForAll("prefixes") String prefix) {
        Verdict verdict =
                new NamingPolicy(NamingRules.defaults()).check(prefix + name, GroupPattern.NONE, DEPARTMENT_CODES);
        assertThat(verdict.problems()).extracting(Problem::code).containsExactly("NAME_FORBIDDEN_PREFIX");
        assertThat(verdict.suggestion()).isEqualTo(name);
    }

    @Property(tries = 1000)
    void aSuggestionPassesTheRulesItWasMadeFor(
            @ForAll("typed") String raw, @ForAll("rules") NamingRules rules, @ForAll GroupPattern pattern) {
        NamingPolicy policy = new NamingPolicy(rules);
        Verdict verdict = policy.check(raw, pattern, DEPARTMENT_CODES);
        Statistics.label("suggested").collect(verdict.suggestion() != null);
        if (verdict.suggestion() == null) {
            return;
        }
        assertThat(verdict.accepted()).isFalse();
        Verdict suggested = policy.check(verdict.suggestion(), pattern, DEPARTMENT_CODES);
        assertThat(suggested.problems()).isEmpty();
        assertThat(suggested.name()).isNotEqualTo(verdict.name());
    }

    // --- generators ---------------------------------------------------------------------------

    /** Tricky text, names with tricky text around and inside them, and now and then null. */
    @Provide
    Arbitrary<String> typed() {
        Arbitrary<String> decorated = Combinators.combine(
                        TrickyText.piece().list().ofMaxSize(2),
                        acceptedNames(),
                        TrickyText.piece().list().ofMaxSize(2))
                .as((before, name, after) -> String.join("", before) + name + String.join("", after));
        return Arbitraries.frequencyOf(
                        Tuple.of(4, TrickyText.strings()),
                        Tuple.of(2, acceptedNames()),
                        Tuple.of(3, decorated),
                        Tuple.of(1, departmentPatternNames()))
                .injectNull(0.01);
    }

    /** Names the default rules accept: one to four segments of letters, digits and ideographs. */
    @Provide
    Arbitrary<String> acceptedNames() {
        Arbitrary<String> segment = Combinators.combine(
                        wordCharacter(),
                        Arbitraries.oneOf(wordCharacter(), Arbitraries.of("-", ".", "+", "&", " "))
                                .list()
                                .ofMaxSize(4),
                        wordCharacter())
                .as((first, middle, last) -> first + String.join("", middle) + last);
        return Arbitraries.oneOf(wordCharacter(), segment)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(segments -> String.join(NamingPolicy.SEPARATOR, segments));
    }

    /** Names without anything the suggestion would rewrite (spaces, dashes, …). */
    @Provide
    Arbitrary<String> plainNames() {
        return wordCharacter()
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(chars -> String.join("", chars))
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(segments -> String.join(NamingPolicy.SEPARATOR, segments));
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("#", "@", "＃", "＠", "##", "#@", "＃ ", "@\u3000", "#＃");
    }

    @Provide
    Arbitrary<String> invisibles() {
        return Arbitraries.oneOf(
                TrickyText.control(),
                Arbitraries.of(TrickyText.ZERO_WIDTH),
                Arbitraries.of(TrickyText.BIDI),
                Arbitraries.of(
                        "\u2028", // line separator
                        "\u2029", // paragraph separator
                        "\uE000", // private use
                        "\uDB80\uDC00", // private use, plane 15 (a surrogate pair)
                        "\uDB40\uDC01", // LANGUAGE TAG, a format character outside the BMP
                        "\u0378", // unassigned
                        "\u061C", // Arabic letter mark
                        "\u2060"), // word joiner
                TrickyText.loneSurrogate());
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<NamingRules> rules() {
        return Combinators.combine(
                        Arbitraries.integers().between(4, 64),
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.of("#", "@", "＃", "临时", "tmp", "【", "_", "x")
                                .list()
                                .uniqueElements()
                                .ofMaxSize(4))
                .as(NamingRules::new);
    }

    private Arbitrary<String> departmentPatternNames() {
        return Combinators.combine(Arbitraries.of("MKT", "mkt", "ＭＫＴ", "SALES", "HR", "Pur"), acceptedNames())
                .as((code, rest) -> code + NamingPolicy.SEPARATOR + rest);
    }

    private static Arbitrary<String> wordCharacter() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.chars().range('\u4E00', '\u9FA5').map(String::valueOf)),
                Tuple.of(2, Arbitraries.chars().alpha().map(String::valueOf)),
                Tuple.of(1, Arbitraries.chars().numeric().map(String::valueOf)));
    }
}
