package dev.tagdesk.tag.color;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.tag.color.ColorPolicy.Finding;
import dev.tagdesk.tag.color.ColorPolicy.Kind;
import dev.tagdesk.tag.color.ColorPolicy.Sibling;
import dev.tagdesk.tag.color.ColorPolicy.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColorPolicyTests {

    final ColorPolicy defaults = new ColorPolicy(ColorRules.defaults());

    static Sibling sibling(String name, String hex) {
        return new Sibling(name, Rgb.parse(hex).orElseThrow());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            '#1E6FD9'   | BLUE
            '#2CA02C'   | GREEN
            '#7B2CBF'   | PURPLE
            '#D62828'   | RED
            '#FB8500'   | ORANGE
            '#FFD60A'   | YELLOW
            '#808080'   | NEUTRAL
            '#111111'   | NEUTRAL
            """)
    void colourFamilies(String hex, HueFamily family) {
        assertThat(HueFamily.of(Rgb.parse(hex).orElseThrow())).isEqualTo(family);
    }

    @ParameterizedTest(name = "{0} is not a colour")
    @CsvSource({"red", "#12345", "#1234567", "#GGGGGG", "'1E6FD9'", "''", "#1E6FD9FF"})
    void onlyHashAndSixHexDigits(String text) {
        Verdict verdict = defaults.check(text, Kind.STATIC, false, List.of());
        assertThat(verdict.refusals()).extracting(Finding::code).containsExactly("COLOR_INVALID");
    }

    @Test
    void lowerCaseAndFullWidthHashAreAccepted() {
        assertThat(defaults.check("＃1e6fd9", Kind.STATIC, false, List.of()).color())
                .map(Rgb::hex)
                .contains("#1E6FD9");
    }

    @Test
    void aColourTooCloseToASiblingIsRefusedNamingItAndOfferingFarColours() {
        Verdict verdict = defaults.check(
                "#1E70D8", Kind.STATIC, false, List.of(sibling("渠道_线上活动_双十一", "#1E6FD9"), sibling("渠道_展会", "#2CA02C")));
        assertThat(verdict.refusals()).extracting(Finding::code).containsExactly("COLOR_TOO_CLOSE");
        assertThat(verdict.refusals().get(0).args()[1].toString()).contains("渠道_线上活动_双十一");
        assertThat(verdict.nearest()).extracting(ColorPolicy.Near::name).containsExactly("渠道_线上活动_双十一");
        assertThat(verdict.suggestions()).isNotEmpty().doesNotContain("#1E6FD9");
    }

    @Test
    void aColourBetweenTheThresholdsIsAcceptedWithAWarning() {
        // ΔE00 of #1E6FD9 and #3A86FF is about 7: between block (5) and warn (12).
        Verdict verdict = defaults.check("#3A86FF", Kind.STATIC, false, List.of(sibling("渠道_线上活动_双十一", "#1E6FD9")));
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.warnings()).extracting(Finding::code).containsExactly("COLOR_CLOSE");
        assertThat(verdict.nearest().get(0).deltaE()).isBetween(5.0, 12.0);
    }

    @Test
    void farColoursPassQuietly() {
        Verdict verdict = defaults.check("#2CA02C", Kind.STATIC, false, List.of(sibling("渠道_线上活动_双十一", "#1E6FD9")));
        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).isEmpty();
        assertThat(verdict.suggestions()).isEmpty();
    }

    @Test
    void redIsReservedForTheNamedGroups() {
        assertThat(defaults.check("#D62828", Kind.DYNAMIC, false, List.of()).refusals())
                .extracting(Finding::code)
                .containsExactly("COLOR_RESERVED");
        assertThat(defaults.check("#D62828", Kind.DYNAMIC, true, List.of()).refusals())
                .isEmpty();
    }

    @Test
    void theHueRuleWarnsOrEnforcesCoolForStaticAndWarmForDynamic() {
        assertThat(defaults.check("#FB8500", Kind.STATIC, false, List.of()).warnings())
                .extracting(Finding::code)
                .containsExactly("COLOR_NOT_COOL");
        ColorPolicy enforcing = new ColorPolicy(new ColorRules(List.of(), ColorRules.HueRule.ENFORCE, Set.of(), 5, 12));
        assertThat(enforcing.check("#1E6FD9", Kind.DYNAMIC, false, List.of()).refusals())
                .extracting(Finding::code)
                .containsExactly("COLOR_NOT_WARM");
        assertThat(enforcing.check("#808080", Kind.DYNAMIC, false, List.of()).refusals())
                .isEmpty();
    }

    @Test
    void aSuggestedColourIsNeverWarnedAboutAsClose() {
        // Found by ColorParsingProperties: with a threshold off the 0.1 grid (50.31), #020001 is 50.3x
        // from #FF0000: suggested as standing out, yet the check, which compares ΔE rounded to 0.1 as it
        // shows it, warned that it was close.
        ColorPolicy policy = new ColorPolicy(new ColorRules(
                List.of(Rgb.parse("#020001").orElseThrow()), ColorRules.HueRule.OFF, Set.of(), 0, 50.31));
        List<Sibling> siblings = List.of(sibling("渠道_线上活动_双十一", "#FF0000"));
        Verdict typed = policy.check("#020001", Kind.STATIC, true, siblings);
        assertThat(typed.nearest()).extracting(ColorPolicy.Near::deltaE).containsExactly(50.3);
        assertThat(typed.warnings()).extracting(Finding::code).containsExactly("COLOR_CLOSE");
        assertThat(policy.suggestions(Kind.STATIC, true, siblings)).doesNotContain("#020001");
    }

    @Test
    void aPaletteLimitsTheChoiceAndSuggestsFromItself() {
        List<Rgb> palette = List.of(
                Rgb.parse("#1E6FD9").orElseThrow(),
                Rgb.parse("#2CA02C").orElseThrow(),
                Rgb.parse("#7B2CBF").orElseThrow());
        ColorPolicy policy = new ColorPolicy(new ColorRules(palette, ColorRules.HueRule.WARN, Set.of(), 5, 12));
        Verdict verdict = policy.check("#123456", Kind.STATIC, false, List.of(sibling("x", "#1E6FD9")));
        assertThat(verdict.refusals()).extracting(Finding::code).containsExactly("COLOR_NOT_IN_PALETTE");
        assertThat(verdict.suggestions()).containsExactlyInAnyOrder("#2CA02C", "#7B2CBF");
    }

    /** The demo's 客户来源 group (static attributes): sixteen tags in blues, greens and purples. */
    static final List<Sibling> CROWDED_COOL_GROUP = java.util.stream.Stream.of(
                    "#1E6FD9", "#408888", "#48CAE4", "#6A4C93", "#7878F0", "#9D4EDD", "#186888", "#00A896", "#6870A0",
                    "#58A870", "#118AB2", "#06D6A0", "#8000A8", "#3F37C9", "#4895EF", "#2D6A4F")
            .map(hex -> sibling("tag " + hex, hex))
            .toList();

    @Test
    void aTooCloseColourNamesTheClosestTagItsColourTheDifferenceTheThresholdAndHowManyMore() {
        Verdict verdict = defaults.check(
                "#1E70D8",
                Kind.STATIC,
                false,
                List.of(sibling("渠道_线上活动_双十一", "#1E6FD9"), sibling("渠道_展会", "#1F72DA"), sibling("x", "#2CA02C")));
        Finding tooClose = verdict.refusals().get(0);
        assertThat(tooClose.code()).isEqualTo("COLOR_TOO_CLOSE");
        assertThat(tooClose.args()).containsExactly("#1E70D8", "渠道_线上活动_双十一", "#1E6FD9", 0.4, 5.0, 1L);
    }

    @Test
    void familyFindingsCarryTheFamilyItselfSoThatPagesCanNameIt() {
        assertThat(defaults.check("#D62828", Kind.DYNAMIC, false, List.of())
                        .refusals()
                        .get(0)
                        .args())
                .containsExactly("#D62828", HueFamily.RED);
        assertThat(defaults.check("#FB8500", Kind.STATIC, false, List.of())
                        .warnings()
                        .get(0)
                        .args())
                .containsExactly("#FB8500", HueFamily.ORANGE);
    }

    @Test
    void aCrowdedGroupStillGetsVariedColouredSuggestionsThatPassEveryRuleQuietly() {
        List<String> suggestions = defaults.suggestions(Kind.STATIC, false, CROWDED_COOL_GROUP, 6);
        assertThat(suggestions).hasSize(6).doesNotHaveDuplicates();
        for (String hex : suggestions) {
            Verdict verdict = defaults.check(hex, Kind.STATIC, false, CROWDED_COOL_GROUP);
            assertThat(verdict.refusals()).as(hex).isEmpty();
            assertThat(verdict.warnings()).as(hex).isEmpty();
        }
        // not the same grey every time: coloured first, and apart from each other
        Rgb first = Rgb.parse(suggestions.get(0)).orElseThrow();
        Rgb second = Rgb.parse(suggestions.get(1)).orElseThrow();
        assertThat(HueFamily.of(first)).isNotEqualTo(HueFamily.NEUTRAL);
        assertThat(first.lab().deltaE2000(second.lab())).isGreaterThan(12);
    }

    @Test
    void theStartingColourOfACrowdedGroupPassesWithoutAWarningAndTheOldDefaultDoesNot() {
        String start = defaults.startingColor(Kind.STATIC, false, CROWDED_COOL_GROUP);
        Verdict verdict = defaults.check(start, Kind.STATIC, false, CROWDED_COOL_GROUP);
        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).isEmpty();
        // the form's old fixed default, #1F77B4, is confusable with the group's own tags
        assertThat(defaults.check("#1F77B4", Kind.STATIC, false, CROWDED_COOL_GROUP)
                        .warnings())
                .extracting(Finding::code)
                .contains("COLOR_CLOSE");
    }

    @Test
    void withoutSiblingsTheSuggestionsAreTheCuratedColoursInTheirOrder() {
        assertThat(defaults.suggestions(Kind.STATIC, false, List.of()))
                .containsExactly("#1F77B4", "#17BECF", "#2CA02C", "#9467BD", "#3A5A40");
        assertThat(defaults.startingColor(Kind.DYNAMIC, false, List.of())).isEqualTo("#FF7F0E");
    }

    @Test
    void whenNoColourOfThePaletteIsFarEnoughTheStartIsTheFarthestAcceptedOne() {
        List<Rgb> palette =
                List.of(Rgb.parse("#1E6FD9").orElseThrow(), Rgb.parse("#3A86FF").orElseThrow());
        ColorPolicy policy = new ColorPolicy(new ColorRules(palette, ColorRules.HueRule.WARN, Set.of(), 5, 12));
        List<Sibling> siblings = List.of(sibling("x", "#1E6FD9"));
        assertThat(policy.suggestions(Kind.STATIC, false, siblings)).isEmpty();
        assertThat(policy.startingColor(Kind.STATIC, false, siblings)).isEqualTo("#3A86FF");
    }
}
