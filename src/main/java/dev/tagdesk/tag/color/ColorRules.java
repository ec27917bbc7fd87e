package dev.tagdesk.tag.color;

import java.util.List;
import java.util.Set;

/**
 * The admin's colour settings.
 *
 * @param palette the corporate palette colours must come from; empty means any colour
 * @param hueRule whether STATIC groups must use cool and DYNAMIC groups warm colours
 * @param reservedFamilies families only groups allowed to use reserved colours may use (default: red)
 * @param blockBelow ΔE00 below which a colour is refused as confusable with a sibling tag's
 * @param warnBelow ΔE00 below which it is accepted with a warning
 */
public record ColorRules(
        List<Rgb> palette, HueRule hueRule, Set<HueFamily> reservedFamilies, double blockBelow, double warnBelow) {

    public enum HueRule {
        OFF,
        WARN,
        ENFORCE
    }

    public static ColorRules defaults() {
        return new ColorRules(List.of(), HueRule.WARN, Set.of(HueFamily.RED), 5, 12);
    }

    public ColorRules {
        palette = List.copyOf(palette);
        reservedFamilies = Set.copyOf(reservedFamilies);
    }
}
