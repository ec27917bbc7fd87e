package dev.tagdesk.tag.color;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a colour may be used for a tag of a group: the format, the palette, the hue
 * family of the group's kind, reserved families, and confusability with the other tags of the same
 * group (CIEDE2000). Plain rules, no database: the tag service gives it what it needs.
 */
public final class ColorPolicy {

    /** Whether the group is about attributes (cool colours) or behaviour (warm colours). */
    public enum Kind {
        STATIC,
        DYNAMIC
    }

    /** Another tag of the same group, to compare with. */
    public record Sibling(String name, Rgb color) {}

    /** A sibling that is close, and how close. */
    public record Near(String name, String color, double deltaE) {}

    /** A broken or doubtful rule; {@code args} fill its message. */
    public record Finding(String code, Object... args) {}

    public record Verdict(
            Optional<Rgb> color,
            List<Finding> refusals,
            List<Finding> warnings,
            List<Near> nearest,
            List<String> suggestions) {

        public boolean accepted() {
            return refusals.isEmpty();
        }
    }

    /**
     * Suggested when there is no corporate palette: well-spaced colours of every family first, then
     * hues at four strengths and a few greys, so that a crowded group still has colours far from all
     * its tags. The hues keep clear of the borders between families (15°, 42°, 70°, 165°, 255°, 340°) and from pink,
     * so that a suggestion is plainly of its family, not a pink that counts as purple.
     */
    private static final List<Rgb> FALLBACK_SUGGESTIONS = fallbackSuggestions();

    private static List<Rgb> fallbackSuggestions() {
        java.util.LinkedHashSet<Rgb> colors = new java.util.LinkedHashSet<>();
        java.util.stream.Stream.of(
                        "#1F77B4", "#17BECF", "#2CA02C", "#9467BD", "#4361EE", "#0B6E4F", "#7B2CBF", "#5C7AEA",
                        "#00A6A6", "#3A5A40", "#FF7F0E", "#F4A261", "#E9C46A", "#FFB703", "#FB8500", "#BC6C25",
                        "#D4A017", "#F77F00", "#8C564B", "#7F7F7F")
                .forEach(hex -> colors.add(Rgb.parse(hex).orElseThrow()));
        int[] hues = {0, 5, 24, 33, 52, 60, 85, 100, 120, 140, 155, 178, 192, 206, 220, 234, 245, 268, 282, 296};
        double[][] strengths = {{0.85, 0.85}, {0.65, 0.6}, {0.9, 0.4}, {0.45, 0.95}};
        for (double[] strength : strengths) {
            for (int hue : hues) {
                colors.add(Rgb.ofHsv(hue, strength[0], strength[1]));
            }
        }
        java.util.stream.Stream.of("#3D3D3D", "#5C5C5C", "#A0A0A0")
                .forEach(hex -> colors.add(Rgb.parse(hex).orElseThrow()));
        return List.copyOf(colors);
    }

    private final ColorRules rules;

    public ColorPolicy(ColorRules rules) {
        this.rules = rules;
    }

    public Verdict check(String text, Kind kind, boolean groupMayUseReserved, List<Sibling> siblings) {
        List<Finding> refusals = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        Optional<Rgb> parsed = Rgb.parse(text);
        if (parsed.isEmpty()) {
            refusals.add(new Finding("COLOR_INVALID", text == null ? "" : text.strip()));
            return new Verdict(parsed, refusals, warnings, List.of(), List.of());
        }
        Rgb color = parsed.get();
        HueFamily family = HueFamily.of(color);
        if (!rules.palette().isEmpty() && !rules.palette().contains(color)) {
            refusals.add(new Finding("COLOR_NOT_IN_PALETTE", color.hex()));
        }
        // The family travels as itself, not as its code, so that the pages can name it (红色系).
        if (rules.reservedFamilies().contains(family) && !groupMayUseReserved) {
            refusals.add(new Finding("COLOR_RESERVED", color.hex(), family));
        }
        boolean wrongTemperature = kind == Kind.STATIC ? family.isWarm() : family.isCool();
        if (wrongTemperature && rules.hueRule() != ColorRules.HueRule.OFF) {
            Finding finding =
                    new Finding(kind == Kind.STATIC ? "COLOR_NOT_COOL" : "COLOR_NOT_WARM", color.hex(), family);
            (rules.hueRule() == ColorRules.HueRule.ENFORCE ? refusals : warnings).add(finding);
        }
        List<Near> nearest = nearest(color, siblings);
        Optional<Near> closest = nearest.stream().findFirst();
        if (closest.isPresent() && closest.get().deltaE() < rules.blockBelow()) {
            refusals.add(tooClose("COLOR_TOO_CLOSE", color, nearest, rules.blockBelow()));
        } else if (closest.isPresent() && closest.get().deltaE() < rules.warnBelow()) {
            warnings.add(tooClose("COLOR_CLOSE", color, nearest, rules.warnBelow()));
        }
        boolean confusable = closest.isPresent() && closest.get().deltaE() < rules.warnBelow();
        List<String> suggestions =
                refusals.isEmpty() && !confusable ? List.of() : suggestions(kind, groupMayUseReserved, siblings);
        return new Verdict(
                parsed,
                refusals,
                warnings,
                nearest.stream().filter(n -> n.deltaE() < rules.warnBelow()).toList(),
                suggestions);
    }

    /** The sibling closest to {@code color} (ΔE00 rounded to 0.1, as the checks show it), if the group has any. */
    public Optional<Near> closest(Rgb color, List<Sibling> siblings) {
        return nearest(color, siblings).stream().findFirst();
    }

    /** Up to five colours that would pass every rule for this group, far from its tags and from each other. */
    public List<String> suggestions(Kind kind, boolean groupMayUseReserved, List<Sibling> siblings) {
        return suggestions(kind, groupMayUseReserved, siblings, 5);
    }

    /**
     * Up to {@code count} colours that pass every rule for this group (palette, warm or cool, reserved
     * families) and are at least the warning threshold away from each of its tags. Each next one is the
     * candidate farthest from the group's tags and from the colours already suggested, so the choice
     * is varied rather than five shades of one hue. Beyond twice the warning threshold a colour counts
     * as plainly distinct and the candidates' order decides (the palette's, or the curated colours
     * first); greys come only after every coloured candidate.
     */
    public List<String> suggestions(Kind kind, boolean groupMayUseReserved, List<Sibling> siblings, int count) {
        double plainlyDistinct = Math.max(2 * rules.warnBelow(), 1);
        List<Far> open = new ArrayList<>();
        for (Rgb candidate : allowed(kind, groupMayUseReserved)) {
            double distance = minDistance(candidate, siblings);
            // compared rounded, as check() compares (and shows) it: a suggestion is never "close"
            if (round(distance) >= rules.warnBelow()) {
                open.add(new Far(candidate, candidate.lab(), Math.min(distance, plainlyDistinct)));
            }
        }
        Comparator<Far> better = Comparator.<Far, Boolean>comparing(
                        far -> HueFamily.of(far.color()) != HueFamily.NEUTRAL)
                .thenComparingDouble(Far::distance);
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < count && !open.isEmpty()) {
            Far best = open.stream().max(better).orElseThrow();
            chosen.add(best.color().hex());
            open.remove(best);
            open.replaceAll(far -> new Far(
                    far.color(), far.lab(), Math.min(far.distance(), far.lab().deltaE2000(best.lab()))));
        }
        return chosen;
    }

    /**
     * The colour a new tag of this group starts with: the first suggestion; in a group so crowded that
     * no allowed colour is far from all its tags, the allowed colour farthest from them that is still
     * accepted (with a warning); failing even that, the first allowed colour (the form then says why).
     */
    public String startingColor(Kind kind, boolean groupMayUseReserved, List<Sibling> siblings) {
        List<String> first = suggestions(kind, groupMayUseReserved, siblings, 1);
        if (!first.isEmpty()) {
            return first.get(0);
        }
        List<Rgb> allowed = allowed(kind, groupMayUseReserved);
        return allowed.stream()
                .filter(c -> check(c.hex(), kind, groupMayUseReserved, siblings).accepted())
                .max(Comparator.comparingDouble(c -> minDistance(c, siblings)))
                .or(() -> allowed.stream().findFirst())
                .orElse(candidates().get(0))
                .hex();
    }

    /** A candidate colour and its distance from the colours it must stand apart from. */
    private record Far(Rgb color, Lab lab, double distance) {}

    private List<Rgb> candidates() {
        return rules.palette().isEmpty() ? FALLBACK_SUGGESTIONS : rules.palette();
    }

    /** The candidates that pass the reserved-family and warm-or-cool rules (neither refused nor warned). */
    private List<Rgb> allowed(Kind kind, boolean groupMayUseReserved) {
        return candidates().stream()
                .filter(c -> groupMayUseReserved || !rules.reservedFamilies().contains(HueFamily.of(c)))
                .filter(c -> rules.hueRule() == ColorRules.HueRule.OFF
                        || (kind == Kind.STATIC
                                ? !HueFamily.of(c).isWarm()
                                : !HueFamily.of(c).isCool()))
                .toList();
    }

    private static List<Near> nearest(Rgb color, List<Sibling> siblings) {
        Lab lab = color.lab();
        return siblings.stream()
                .map(s -> new Near(
                        s.name(),
                        s.color().hex(),
                        round(lab.deltaE2000(s.color().lab()))))
                .sorted(Comparator.comparingDouble(Near::deltaE))
                .toList();
    }

    private static double minDistance(Rgb color, List<Sibling> siblings) {
        Lab lab = color.lab();
        return siblings.stream()
                .mapToDouble(s -> lab.deltaE2000(s.color().lab()))
                .min()
                .orElse(Double.MAX_VALUE);
    }

    /**
     * Too close (or close) to a sibling: the colour, the closest sibling's name and colour, their ΔE00,
     * the threshold, and how many more siblings are below it.
     */
    private static Finding tooClose(String code, Rgb color, List<Near> nearest, double below) {
        Near closest = nearest.get(0);
        long more = nearest.stream().filter(n -> n.deltaE() < below).count() - 1;
        return new Finding(code, color.hex(), closest.name(), closest.color(), closest.deltaE(), below, more);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
