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

    /** Used for suggestions when there is no corporate palette: well-spaced colours of every family. */
    private static final List<Rgb> FALLBACK_SUGGESTIONS = java.util.stream.Stream.of(
                    "#1F77B4", "#17BECF", "#2CA02C", "#9467BD", "#4361EE", "#0B6E4F", "#7B2CBF", "#5C7AEA", "#00A6A6",
                    "#3A5A40", "#FF7F0E", "#F4A261", "#E9C46A", "#FFB703", "#FB8500", "#BC6C25", "#D4A017", "#F77F00",
                    "#8C564B", "#7F7F7F")
            .map(hex -> Rgb.parse(hex).orElseThrow())
            .toList();

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
        if (rules.reservedFamilies().contains(family) && !groupMayUseReserved) {
            refusals.add(new Finding("COLOR_RESERVED", color.hex(), family.name()));
        }
        boolean wrongTemperature = kind == Kind.STATIC ? family.isWarm() : family.isCool();
        if (wrongTemperature && rules.hueRule() != ColorRules.HueRule.OFF) {
            Finding finding =
                    new Finding(kind == Kind.STATIC ? "COLOR_NOT_COOL" : "COLOR_NOT_WARM", color.hex(), family.name());
            (rules.hueRule() == ColorRules.HueRule.ENFORCE ? refusals : warnings).add(finding);
        }
        List<Near> nearest = nearest(color, siblings);
        Optional<Near> closest = nearest.stream().findFirst();
        if (closest.isPresent() && closest.get().deltaE() < rules.blockBelow()) {
            refusals.add(new Finding(
                    "COLOR_TOO_CLOSE", color.hex(), names(nearest, rules.blockBelow()), rules.blockBelow()));
        } else if (closest.isPresent() && closest.get().deltaE() < rules.warnBelow()) {
            warnings.add(new Finding("COLOR_CLOSE", color.hex(), names(nearest, rules.warnBelow()), rules.warnBelow()));
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

    /** Colours that would pass every rule for this group, farthest from its tags first. */
    public List<String> suggestions(Kind kind, boolean groupMayUseReserved, List<Sibling> siblings) {
        List<Rgb> candidates = rules.palette().isEmpty() ? FALLBACK_SUGGESTIONS : rules.palette();
        return candidates.stream()
                .filter(c -> groupMayUseReserved || !rules.reservedFamilies().contains(HueFamily.of(c)))
                .filter(c -> rules.hueRule() == ColorRules.HueRule.OFF
                        || (kind == Kind.STATIC
                                ? !HueFamily.of(c).isWarm()
                                : !HueFamily.of(c).isCool()))
                .map(c -> new Near(c.hex(), c.hex(), minDistance(c, siblings)))
                // compared rounded, as check() compares (and shows) it: a suggestion is never "close"
                .filter(n -> round(n.deltaE()) >= rules.warnBelow())
                .sorted(Comparator.comparingDouble(Near::deltaE).reversed())
                .limit(5)
                .map(Near::color)
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

    private static String names(List<Near> nearest, double below) {
        return String.join(
                "、",
                nearest.stream()
                        .filter(n -> n.deltaE() < below)
                        .limit(3)
                        .map(n -> n.name() + " " + n.color() + " (ΔE " + n.deltaE() + ")")
                        .toList());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
