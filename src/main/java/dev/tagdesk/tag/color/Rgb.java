package dev.tagdesk.tag.color;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/** An sRGB colour as TagDesk stores it: {@code #RRGGBB}, upper case. */
public record Rgb(int red, int green, int blue) {

    private static final Pattern HEX = Pattern.compile("#[0-9A-F]{6}");

    public Rgb {
        if (red < 0 || red > 255 || green < 0 || green > 255 || blue < 0 || blue > 255) {
            throw new IllegalArgumentException("channel out of range");
        }
    }

    /**
     * Reads {@code #RRGGBB}; lower case and a full-width {@code ＃} (NFKC) are accepted, anything else
     * (names, three digits, alpha) is not.
     */
    public static Optional<Rgb> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex = Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toUpperCase(java.util.Locale.ROOT);
        if (!HEX.matcher(hex).matches()) {
            return Optional.empty();
        }
        int value = Integer.parseInt(hex.substring(1), 16);
        return Optional.of(new Rgb(value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF));
    }

    /** The colour of a hue in degrees [0, 360), a saturation and a value in [0, 1] (HSV). */
    public static Rgb ofHsv(double hue, double saturation, double value) {
        double chroma = value * saturation;
        double sector = (hue % 360) / 60;
        double x = chroma * (1 - Math.abs(sector % 2 - 1));
        double[] rgb =
                switch ((int) sector) {
                    case 0 -> new double[] {chroma, x, 0};
                    case 1 -> new double[] {x, chroma, 0};
                    case 2 -> new double[] {0, chroma, x};
                    case 3 -> new double[] {0, x, chroma};
                    case 4 -> new double[] {x, 0, chroma};
                    default -> new double[] {chroma, 0, x};
                };
        double m = value - chroma;
        return new Rgb(channel(rgb[0] + m), channel(rgb[1] + m), channel(rgb[2] + m));
    }

    private static int channel(double fraction) {
        return (int) Math.round(Math.max(0, Math.min(1, fraction)) * 255);
    }

    public String hex() {
        return String.format("#%02X%02X%02X", red, green, blue);
    }

    /** CIELAB (D65) of this sRGB colour. */
    public Lab lab() {
        double r = linear(red), g = linear(green), b = linear(blue);
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b);
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new Lab(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    /** Hue in degrees [0, 360), saturation and value in [0, 1] (HSV). */
    double[] hsv() {
        double r = red / 255.0, g = green / 255.0, b = blue / 255.0;
        double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        double delta = max - min;
        double hue;
        if (delta == 0) {
            hue = 0;
        } else if (max == r) {
            hue = 60 * ((g - b) / delta); // in [-60, 60]: negative hues wrap below
        } else if (max == g) {
            hue = 60 * ((b - r) / delta + 2);
        } else {
            hue = 60 * ((r - g) / delta + 4);
        }
        if (hue < 0) {
            hue += 360;
        }
        return new double[] {hue, max == 0 ? 0 : delta / max, max};
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    @Override
    public String toString() {
        return hex();
    }
}
