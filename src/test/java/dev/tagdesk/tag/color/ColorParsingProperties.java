package dev.tagdesk.tag.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tagdesk.support.Translations;
import dev.tagdesk.support.TrickyText;
import dev.tagdesk.tag.color.ColorPolicy.Finding;
import dev.tagdesk.tag.color.ColorPolicy.Kind;
import dev.tagdesk.tag.color.ColorPolicy.Sibling;
import dev.tagdesk.tag.color.ColorPolicy.Verdict;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
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
 * Colours as people type them: {@code #RRGGBB} in any case or width, with stray spaces, marks and
 * emoji around or inside. What parses is a canonical {@code #RRGGBB} that parses back to itself;
 * everything else is refused as COLOR_INVALID, and the policy never fails with an exception.
 */
class ColorParsingProperties {

    static final Set<String> REFUSALS = Set.of(
            "COLOR_INVALID",
            "COLOR_NOT_IN_PALETTE",
            "COLOR_RESERVED",
            "COLOR_NOT_COOL",
            "COLOR_NOT_WARM",
            "COLOR_TOO_CLOSE");

    static final Set<String> WARNINGS = Set.of("COLOR_NOT_COOL", "COLOR_NOT_WARM", "COLOR_CLOSE");

    /** Strip-able once NFKC has made them plain spaces: typed around a colour, they are forgiven. */
    static final List<String> FORGIVEN_AROUND =
            List.of(" ", "\t", "\n", "\r\n", "\u3000", "\u00A0", "\u2003", "\u2028");

    /** Not white space: around a colour, they make it invalid. */
    static final List<String> NOT_FORGIVEN =
            List.of("\u200B", "\uFEFF", "\u200E", "\u202E", "\u0085", "\u0000", "x", "😀");

    /** What was typed and what it must read as ({@code empty} when it must be refused). */
    record Typed(String text, Optional<String> hex) {}

    @Example
    void everyCodeThePolicyGivesHasAMessageInBothLanguages() {
        REFUSALS.forEach(code ->
                assertThat(Translations.translated("refusal." + code)).as(code).isTrue());
        WARNINGS.forEach(code ->
                assertThat(Translations.translated("warning." + code)).as(code).isTrue());
        assertThat(Translations.translated("refusal.COLOR_SUGGESTIONS")).isTrue();
        assertThat(Translations.translated("warning.COLOR_SUGGESTIONS")).isTrue();
    }

    @Property(tries = 1000)
    void typedColoursParseExactlyWhenTheyAreHashAndSixHexDigits(@ForAll("typedColours") Typed typed) {
        Optional<Rgb> parsed = Rgb.parse(typed.text());
        Statistics.label("valid").collect(typed.hex().isPresent());
        assertThat(parsed.map(Rgb::hex)).isEqualTo(typed.hex());
    }

    @Property(tries = 1000)
    void whatParsesIsCanonicalAndParsesBackToItself(@ForAll("anything") String text) {
        Optional<Rgb> parsed = Rgb.parse(text);
        Statistics.label("parsed").collect(parsed.isPresent());
        parsed.ifPresent(color -> {
            assertThat(color.hex()).matches("#[0-9A-F]{6}");
            assertThat(Rgb.parse(color.hex())).contains(color);
        });
    }

    @Property(tries = 1000)
    void everyColourReadsBackFromItsCanonicalAndItsTypedForms(
            @ForAll("channels") int red, @ForAll("channels") int green, @ForAll("channels") int blue) {
        Rgb color = new Rgb(red, green, blue);
        String hex = color.hex();
        assertThat(hex).matches("#[0-9A-F]{6}");
        assertThat(Rgb.parse(hex)).contains(color);
        assertThat(Rgb.parse(hex.toLowerCase(java.util.Locale.ROOT))).contains(color);
        assertThat(Rgb.parse(TrickyText.toFullWidth(hex))).contains(color);
        assertThat(Rgb.parse("\u3000" + hex + " ")).contains(color);
        assertThat(color.toString()).isEqualTo(hex);
    }

    @Property(tries = 1000)
    void anyInputIsEitherAColourOrRefusedAsInvalidWithKnownTranslatedCodes(
            @ForAll("anything") String text,
            @ForAll("rules") ColorRules rules,
            @ForAll Kind kind,
            @ForAll boolean mayUseReserved,
            @ForAll("siblings") List<Sibling> siblings) {
        Verdict verdict = new ColorPolicy(rules).check(text, kind, mayUseReserved, siblings);

        Optional<Rgb> parsed = Rgb.parse(text);
        assertThat(verdict.color()).isEqualTo(parsed);
        if (parsed.isEmpty()) {
            assertThat(verdict.refusals()).extracting(Finding::code).containsExactly("COLOR_INVALID");
            assertThat(verdict.warnings()).isEmpty();
        } else {
            assertThat(verdict.refusals()).extracting(Finding::code).doesNotContain("COLOR_INVALID");
        }
        for (Finding refusal : verdict.refusals()) {
            assertThat(refusal.code()).isIn(REFUSALS);
            assertThat(Translations.fillable("refusal." + refusal.code(), refusal.args()))
                    .as("message of %s", refusal.code())
                    .isTrue();
        }
        for (Finding warning : verdict.warnings()) {
            assertThat(warning.code()).isIn(WARNINGS);
            assertThat(Translations.fillable("warning." + warning.code(), warning.args()))
                    .as("message of %s", warning.code())
                    .isTrue();
        }
    }

    @Property(tries = 500)
    void everySuggestedColourPassesTheGroupsRules(
            @ForAll("rules") ColorRules rules,
            @ForAll Kind kind,
            @ForAll boolean mayUseReserved,
            @ForAll("siblings") List<Sibling> siblings) {
        ColorPolicy policy = new ColorPolicy(rules);
        for (String suggestion : policy.suggestions(kind, mayUseReserved, siblings)) {
            Verdict verdict = policy.check(suggestion, kind, mayUseReserved, siblings);
            assertThat(verdict.refusals()).as(suggestion).isEmpty();
            assertThat(verdict.warnings()).extracting(Finding::code).doesNotContain("COLOR_CLOSE");
        }
    }

    @Property(tries = 1000)
    void ciede2000IsSymmetricNonNegativeAndZeroForTheSameColour(@ForAll("labs") Lab first, @ForAll("labs") Lab second) {
        double there = Ciede2000.difference(first, second);
        double back = Ciede2000.difference(second, first);
        assertThat(there).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(back).isCloseTo(there, within(1e-9 * Math.max(1, there)));
        assertThat(Ciede2000.difference(first, first)).isZero();
        assertThat(Ciede2000.difference(second, second)).isZero();
    }

    @Property(tries = 1000)
    void differentSrgbColoursAreApartAndTheSameColourIsNot(
            @ForAll("colours") Rgb first, @ForAll("colours") Rgb second) {
        double there = first.lab().deltaE2000(second.lab());
        assertThat(second.lab().deltaE2000(first.lab())).isCloseTo(there, within(1e-9 * Math.max(1, there)));
        assertThat(first.lab().deltaE2000(first.lab())).isZero();
        if (first.equals(second)) {
            assertThat(there).isZero();
        } else {
            assertThat(there).isPositive();
        }
    }

    // --- generators ---------------------------------------------------------------------------

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.oneOf(
                        TrickyText.strings(),
                        typedColours().map(Typed::text),
                        colours().map(Rgb::hex))
                .injectNull(0.01);
    }

    /**
     * Six hex digits in any case, each maybe full-width, after {@code #} or {@code ＃}; sometimes
     * with spaces around (forgiven), something else around or inside (refused), or the wrong number of
     * digits or hashes (refused).
     */
    @Provide
    Arbitrary<Typed> typedColours() {
        Arbitrary<String> digit = Arbitraries.of("0123456789abcdefABCDEF".split(""))
                .flatMap(d -> Arbitraries.of(d, TrickyText.toFullWidth(d)));
        Arbitrary<List<String>> digits = Arbitraries.frequencyOf(
                Tuple.of(6, digit.list().ofSize(6)),
                Tuple.of(1, digit.list().ofMinSize(0).ofMaxSize(9)));
        Arbitrary<String> hash = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("#", "＃")), Tuple.of(1, Arbitraries.of("", "##", "＃#", "♯", "﹟")));
        Arbitrary<String> around = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.of(FORGIVEN_AROUND)),
                Tuple.of(1, Arbitraries.of(NOT_FORGIVEN)));
        // anything but a digit or a hash, which would make another well-formed colour
        Arbitrary<String> inside = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("")),
                Tuple.of(1, TrickyText.piece().filter(ColorParsingProperties::hasNoHexDigitOrHash)),
                Tuple.of(1, Arbitraries.of(" ")));
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 6);
        return Combinators.combine(hash, digits, around, around, inside, where)
                .as((h, ds, before, after, extra, at) -> {
                    StringBuilder body = new StringBuilder(h);
                    ds.forEach(body::append);
                    // inside: after the hash, before the last digit
                    int digitsBefore = Math.min(at, Math.max(0, ds.size() - 1));
                    body.insert(
                            h.length()
                                    + String.join("", ds.subList(0, digitsBefore))
                                            .length(),
                            extra);
                    String text = before + body + after;
                    boolean valid = (h.equals("#") || h.equals("＃") || h.equals("﹟"))
                            && ds.size() == 6
                            && extra.isEmpty()
                            && !NOT_FORGIVEN.contains(before)
                            && !NOT_FORGIVEN.contains(after);
                    String hex = "#" + String.join("", ds).toUpperCase(java.util.Locale.ROOT);
                    return new Typed(text, valid ? Optional.of(fromFullWidth(hex)) : Optional.empty());
                });
    }

    @Provide
    Arbitrary<Integer> channels() {
        return Arbitraries.integers().between(0, 255);
    }

    @Provide
    Arbitrary<Rgb> colours() {
        return Combinators.combine(channels(), channels(), channels()).as(Rgb::new);
    }

    @Provide
    Arbitrary<Lab> labs() {
        Arbitrary<Double> lightness = Arbitraries.doubles().between(0, 100);
        Arbitrary<Double> axis = Arbitraries.doubles().between(-128, 127);
        return Arbitraries.oneOf(
                Combinators.combine(lightness, axis, axis).as(Lab::new),
                // grey axis and exact zeros, where the hue branches of the formula meet
                Combinators.combine(lightness, Arbitraries.of(0.0, -0.0, 1e-9), Arbitraries.of(0.0, -0.0, 1e-9))
                        .as(Lab::new),
                colours().map(Rgb::lab));
    }

    @Provide
    Arbitrary<List<Sibling>> siblings() {
        return Combinators.combine(TrickyText.strings(), colours())
                .as(Sibling::new)
                .list()
                .ofMaxSize(8);
    }

    @Provide
    Arbitrary<ColorRules> rules() {
        Arbitrary<Double> threshold = Arbitraries.integers().between(0, 10000).map(hundredths -> hundredths / 100.0);
        return Combinators.combine(
                        colours().list().ofMaxSize(6),
                        Arbitraries.of(ColorRules.HueRule.class),
                        Arbitraries.subsetOf(HueFamily.values()),
                        threshold,
                        threshold)
                .as((palette, hueRule, reserved, a, b) ->
                        new ColorRules(palette, hueRule, reserved, Math.min(a, b), Math.max(a, b)));
    }

    private static boolean hasNoHexDigitOrHash(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC)
                .toUpperCase(java.util.Locale.ROOT)
                .chars()
                .noneMatch(c -> c == '#' || c >= '0' && c <= '9' || c >= 'A' && c <= 'F');
    }

    private static String fromFullWidth(String text) {
        StringBuilder narrow = new StringBuilder();
        text.chars().forEach(c -> narrow.append(c >= 0xFF01 && c <= 0xFF5E ? (char) (c - 0xFEE0) : (char) c));
        return narrow.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
