package dev.tagdesk.tag.color;

/** A CIELAB colour: lightness L* and the opponent axes a* (green–red) and b* (blue–yellow). */
public record Lab(double l, double a, double b) {

    /** The CIEDE2000 colour difference to another colour (kL = kC = kH = 1). */
    public double deltaE2000(Lab other) {
        return Ciede2000.difference(this, other);
    }
}
