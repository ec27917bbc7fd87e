package dev.tagdesk.tag.color;

/**
 * The colour families people name: warm ones (red, orange, yellow) for behaviour (DYNAMIC groups),
 * cool ones (green, blue, purple) for attributes (STATIC groups). Greys and near-black or near-white
 * colours are NEUTRAL and fit either.
 */
public enum HueFamily {
    RED(true),
    ORANGE(true),
    YELLOW(true),
    GREEN(false),
    BLUE(false),
    PURPLE(false),
    NEUTRAL(false);

    private final boolean warm;

    HueFamily(boolean warm) {
        this.warm = warm;
    }

    public boolean isWarm() {
        return warm;
    }

    public boolean isCool() {
        return this != NEUTRAL && !warm;
    }

    public static HueFamily of(Rgb color) {
        double[] hsv = color.hsv();
        double hue = hsv[0], saturation = hsv[1], value = hsv[2];
        if (saturation < 0.18 || value < 0.15) {
            return NEUTRAL;
        }
        if (hue < 15 || hue >= 340) {
            return RED;
        }
        if (hue < 42) {
            return ORANGE;
        }
        if (hue < 70) {
            return YELLOW;
        }
        if (hue < 165) {
            return GREEN;
        }
        if (hue < 255) {
            return BLUE;
        }
        return PURPLE;
    }
}
