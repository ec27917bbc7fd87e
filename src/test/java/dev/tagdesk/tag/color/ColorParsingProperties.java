package dev.tagdesk.tag.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

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
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Colours as people type them: {@code #RRGGBB} in any case or width, with stray spaces, marks and
 * emoji around or inside. What parses is a canonical {@code #RRGGBB} that parses back to itself;
 * everything else is refused as COLOR_INVALID, and the policy never fails with an exception.
 *
 * <p>Each property is a QuickTheories theory. A failure reports the smallest falsifying value it
 * shrank to and the seed of the run ({@code Seed was …}); {@code mvn test
 * -Dtest='ColorParsingProperties#whatParsesIsCanonicalAndParsesBackToItself' -DQT_SEED=<seed>} runs
 * that property again with the same values, shrinking included.
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
    record Typed(String text, Optional<String> hex) {

        @Override
        public String toString() {
            return TrickyText.shown(text) + " -> " + hex.orElse("refused");
        }
    }

    /** The group a colour is asked for: its kind, whether it may use reserved colours, its sibling tags. */
    record Group(Kind kind, boolean mayUseReserved, List<Sibling> siblings) {}

    @Test
    void everyCodeThePolicyGivesHasAMessageInBothLanguages() {
        REFUSALS.forEach(code ->
                assertThat(Translations.translated("refusal." + code)).as(code).isTrue());
        WARNINGS.forEach(code ->
                assertThat(Translations.translated("warning." + code)).as(code).isTrue());
        assertThat(Translations.translated("refusal.COLOR_SUGGESTIONS")).isTrue();
        assertThat(Translations.translated("warning.COLOR_SUGGESTIONS")).isTrue();
    }

    @Test
    void typedColoursParseExactlyWhenTheyAreHashAndSixHexDigits() {
        qt().withExamples(5000).forAll(typedColours()).checkAssert(typed -> {
            Optional<Rgb> parsed = Rgb.parse(typed.text());
            assertThat(parsed.map(Rgb::hex)).isEqualTo(typed.hex());
        });
    }

    @Test
    void whatParsesIsCanonicalAndParsesBackToItself() {
        qt().withExamples(5000).forAll(anything()).checkAssert(text -> {
            Optional<Rgb> parsed = Rgb.parse(text);
            parsed.ifPresent(color -> {
                assertThat(color.hex()).matches("#[0-9A-F]{6}");
                assertThat(Rgb.parse(color.hex())).contains(color);
            });
        });
    }

    @Test
    void everyColourReadsBackFromItsCanonicalAndItsTypedForms() {
        qt().withExamples(5000).forAll(channels(), channels(), channels()).checkAssert((red, green, blue) -> {
            Rgb color = new Rgb(red, green, blue);
            String hex = color.hex();
            assertThat(hex).matches("#[0-9A-F]{6}");
            assertThat(Rgb.parse(hex)).contains(color);
            assertThat(Rgb.parse(hex.toLowerCase(java.util.Locale.ROOT))).contains(color);
            assertThat(Rgb.parse(TrickyText.toFullWidth(hex))).contains(color);
            assertThat(Rgb.parse("\u3000" + hex + " ")).contains(color);
            assertThat(color.toString()).isEqualTo(hex);
        });
    }

    @Test
    void anyInputIsEitherAColourOrRefusedAsInvalidWithKnownTranslatedCodes() {
        qt().withExamples(5000).forAll(anything(), rules(), groups()).checkAssert((text, rules, group) -> {
            Verdict verdict =
                    new ColorPolicy(rules).check(text, group.kind(), group.mayUseReserved(), group.siblings());

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
        });
    }

    @Test
    void everySuggestedColourPassesTheGroupsRules() {
        qt().withExamples(2500).forAll(rules(), groups()).checkAssert((rules, group) -> {
            ColorPolicy policy = new ColorPolicy(rules);
            for (String suggestion : policy.suggestions(group.kind(), group.mayUseReserved(), group.siblings())) {
                Verdict verdict = policy.check(suggestion, group.kind(), group.mayUseReserved(), group.siblings());
                assertThat(verdict.refusals()).as(suggestion).isEmpty();
                assertThat(verdict.warnings()).extracting(Finding::code).doesNotContain("COLOR_CLOSE");
            }
        });
    }

    @Test
    void theStartingColourPassesWheneverAnyAllowedColourCould() {
        qt().withExamples(2500).forAll(rules(), groups()).checkAssert((rules, group) -> {
            ColorPolicy policy = new ColorPolicy(rules);
            String start = policy.startingColor(group.kind(), group.mayUseReserved(), group.siblings());
            assertThat(Rgb.parse(start)).isPresent();
            Verdict verdict = policy.check(start, group.kind(), group.mayUseReserved(), group.siblings());
            if (!policy.suggestions(group.kind(), group.mayUseReserved(), group.siblings())
                    .isEmpty()) {
                assertThat(verdict.refusals()).as(start).isEmpty();
                assertThat(verdict.warnings()).as(start).isEmpty();
            }
        });
    }

    @Test
    void ciede2000IsSymmetricNonNegativeAndZeroForTheSameColour() {
        qt().withExamples(5000).forAll(labs(), labs()).checkAssert((first, second) -> {
            double there = Ciede2000.difference(first, second);
            double back = Ciede2000.difference(second, first);
            assertThat(there).isNotNaN().isGreaterThanOrEqualTo(0);
            assertThat(back).isCloseTo(there, within(1e-9 * Math.max(1, there)));
            assertThat(Ciede2000.difference(first, first)).isZero();
            assertThat(Ciede2000.difference(second, second)).isZero();
        });
    }

    @Test
    void differentSrgbColoursAreApartAndTheSameColourIsNot() {
        qt().withExamples(5000).forAll(colours(), colours()).checkAssert((first, second) -> {
            double there = first.lab().deltaE2000(second.lab());
            assertThat(second.lab().deltaE2000(first.lab())).isCloseTo(there, within(1e-9 * Math.max(1, there)));
            assertThat(first.lab().deltaE2000(first.lab())).isZero();
            if (first.equals(second)) {
                assertThat(there).isZero();
            } else {
                assertThat(there).isPositive();
            }
        });
    }

    // --- generators ---------------------------------------------------------------------------

    /** Tricky text, typed colours and canonical ones, and now and then null. */
    static Gen<String> anything() {
        return TrickyText.sometimesNull(Generate.oneOf(
                        TrickyText.strings(),
                        typedColours().map(Typed::text),
                        colours().map(Rgb::hex)))
                .describedAs(TrickyText::shown);
    }

    /**
     * Six hex digits in any case, each maybe full-width, after {@code #} or {@code ＃}; sometimes
     * with spaces around (forgiven), something else around or inside (refused), or the wrong number of
     * digits or hashes (refused).
     */
    static Gen<Typed> typedColours() {
        Gen<String> digit = Generate.pick(List.of("0123456789abcdefABCDEF".split("")))
                .zip(Generate.booleans(), (d, wide) -> wide ? TrickyText.toFullWidth(d) : d);
        Gen<List<String>> digits = Generate.frequency(
                Pair.of(6, lists().of(digit).ofSize(6)),
                Pair.of(1, lists().of(digit).ofSizeBetween(0, 9)));
        Gen<String> hash = Generate.frequency(
                Pair.of(6, Generate.pick(List.of("#", "＃"))),
                Pair.of(1, Generate.pick(List.of("", "##", "＃#", "♯", "﹟"))));
        Gen<String> around = Generate.frequency(
                Pair.of(4, Generate.constant("")),
                Pair.of(3, Generate.pick(FORGIVEN_AROUND)),
                Pair.of(1, Generate.pick(NOT_FORGIVEN)));
        // anything but a digit or a hash, which would make another well-formed colour
        Gen<String> inside = Generate.frequency(
                Pair.of(8, Generate.constant("")),
                Pair.of(1, TrickyText.piece().assuming(ColorParsingProperties::hasNoHexDigitOrHash)),
                Pair.of(1, Generate.constant(" ")));
        Gen<Pair<String, Integer>> insideWhere = inside.zip(Generate.range(0, 6), Pair::of);
        return hash.zip(digits, around, around, insideWhere, (h, ds, before, after, extraAt) -> {
            String extra = extraAt._1;
            int at = extraAt._2;
            StringBuilder body = new StringBuilder(h);
            ds.forEach(body::append);
            // inside: after the hash, before the last digit
            int digitsBefore = Math.min(at, Math.max(0, ds.size() - 1));
            body.insert(
                    h.length() + String.join("", ds.subList(0, digitsBefore)).length(), extra);
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

    static Gen<Integer> channels() {
        return Generate.range(0, 255);
    }

    static Gen<Rgb> colours() {
        return channels().zip(channels(), channels(), (red, green, blue) -> new Rgb(red, green, blue));
    }

    /** L from 0 to 100, a and b from -128 to 127, in hundredths; the grey axis and exact zeros; sRGB colours. */
    static Gen<Lab> labs() {
        Gen<Double> lightness = hundredths(0, 100);
        Gen<Double> axis = hundredths(-128, 127);
        Gen<Double> nearZero = Generate.pick(List.of(0.0, -0.0, 1e-9));
        return Generate.oneOf(
                lightness.zip(axis, axis, (l, a, b) -> new Lab(l, a, b)),
                // grey axis and exact zeros, where the hue branches of the formula meet
                lightness.zip(nearZero, nearZero, (l, a, b) -> new Lab(l, a, b)),
                colours().map(Rgb::lab));
    }

    static Gen<List<Sibling>> siblings() {
        return lists().of(TrickyText.strings().zip(colours(), Sibling::new)).ofSizeBetween(0, 8);
    }

    static Gen<Group> groups() {
        return Generate.enumValues(Kind.class).zip(Generate.booleans(), siblings(), Group::new);
    }

    static Gen<ColorRules> rules() {
        Gen<Double> threshold = hundredths(0, 100);
        return lists().of(colours())
                .ofSizeBetween(0, 6)
                .zip(
                        Generate.enumValues(ColorRules.HueRule.class),
                        subsets(HueFamily.values()),
                        threshold,
                        threshold,
                        (palette, hueRule, reserved, a, b) ->
                                new ColorRules(palette, hueRule, reserved, Math.min(a, b), Math.max(a, b)));
    }

    /** Numbers from {@code min} to {@code max} in steps of a hundredth; they shrink towards 0. */
    private static Gen<Double> hundredths(int min, int max) {
        return Generate.range(min * 100, max * 100).map(hundredths -> hundredths / 100.0);
    }

    /** Any subset of {@code values}, the empty one included; it shrinks towards the empty one. */
    private static <T> Gen<Set<T>> subsets(T[] values) {
        return lists().of(Generate.booleans()).ofSize(values.length).map(chosen -> {
            Set<T> subset = new java.util.LinkedHashSet<>();
            for (int i = 0; i < values.length; i++) {
                if (chosen.get(i)) {
                    subset.add(values[i]);
                }
            }
            return subset;
        });
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
