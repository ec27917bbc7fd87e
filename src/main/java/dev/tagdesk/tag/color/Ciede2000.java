package dev.tagdesk.tag.color;

/**
 * The CIEDE2000 colour difference ΔE00, as in Sharma, Wu and Dalal (2005), "The CIEDE2000
 * color-difference formula: implementation notes, supplementary test data, and mathematical
 * observations", with kL = kC = kH = 1. Tested against all 34 pairs of their Table 1.
 */
public final class Ciede2000 {

    private static final double POW25_7 = Math.pow(25, 7);

    private Ciede2000() {}

    public static double difference(Lab first, Lab second) {
        double l1 = first.l(), a1 = first.a(), b1 = first.b();
        double l2 = second.l(), a2 = second.a(), b2 = second.b();

        double c1 = Math.hypot(a1, b1), c2 = Math.hypot(a2, b2);
        double cMean = (c1 + c2) / 2;
        double cMean7 = Math.pow(cMean, 7);
        double g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + POW25_7)));
        double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
        double c1p = Math.hypot(a1p, b1), c2p = Math.hypot(a2p, b2);
        double h1p = hueAngle(b1, a1p), h2p = hueAngle(b2, a2p);

        double deltaLp = l2 - l1;
        double deltaCp = c2p - c1p;
        double deltahp;
        if (c1p * c2p == 0) {
            deltahp = 0;
        } else if (Math.abs(h2p - h1p) <= 180) {
            deltahp = h2p - h1p;
        } else if (h2p - h1p > 180) {
            deltahp = h2p - h1p - 360;
        } else {
            deltahp = h2p - h1p + 360;
        }
        double deltaHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(deltahp / 2));

        double lpMean = (l1 + l2) / 2;
        double cpMean = (c1p + c2p) / 2;
        double hpMean;
        if (c1p * c2p == 0) {
            hpMean = h1p + h2p;
        } else if (Math.abs(h1p - h2p) <= 180) {
            hpMean = (h1p + h2p) / 2;
        } else if (h1p + h2p < 360) {
            hpMean = (h1p + h2p + 360) / 2;
        } else {
            hpMean = (h1p + h2p - 360) / 2;
        }

        double t = 1
                - 0.17 * Math.cos(Math.toRadians(hpMean - 30))
                + 0.24 * Math.cos(Math.toRadians(2 * hpMean))
                + 0.32 * Math.cos(Math.toRadians(3 * hpMean + 6))
                - 0.20 * Math.cos(Math.toRadians(4 * hpMean - 63));
        double deltaTheta = 30 * Math.exp(-Math.pow((hpMean - 275) / 25, 2));
        double cpMean7 = Math.pow(cpMean, 7);
        double rc = 2 * Math.sqrt(cpMean7 / (cpMean7 + POW25_7));
        double lpMeanMinus50Sq = Math.pow(lpMean - 50, 2);
        double sl = 1 + 0.015 * lpMeanMinus50Sq / Math.sqrt(20 + lpMeanMinus50Sq);
        double sc = 1 + 0.045 * cpMean;
        double sh = 1 + 0.015 * cpMean * t;
        double rt = -Math.sin(Math.toRadians(2 * deltaTheta)) * rc;

        double dl = deltaLp / sl, dc = deltaCp / sc, dh = deltaHp / sh;
        return Math.sqrt(dl * dl + dc * dc + dh * dh + rt * dc * dh);
    }

    private static double hueAngle(double b, double ap) {
        if (b == 0 && ap == 0) {
            return 0;
        }
        double degrees = Math.toDegrees(Math.atan2(b, ap));
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
