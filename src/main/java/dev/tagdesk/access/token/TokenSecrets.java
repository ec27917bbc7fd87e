package dev.tagdesk.access.token;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The shape of a TagDesk access token, like GitHub's and GitLab's: {@code tdk_}, 32 random base62
 * characters (190 bits) and a 6-character base62 CRC32 checksum. A typo, or a string a leak scanner
 * found, is told apart from a real token without asking the database.
 */
public final class TokenSecrets {

    public static final String PREFIX = "tdk_";

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final Pattern SHAPE = Pattern.compile("tdk_[0-9A-Za-z]{" + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}");

    /** Anything that looks like a token, wherever it is written (a URL, a log line). */
    public static final Pattern ANYWHERE =
            Pattern.compile("tdk_[0-9A-Za-z]{" + (RANDOM_LENGTH + CHECKSUM_LENGTH) + "}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    public static String generate() {
        StringBuilder random = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            random.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return PREFIX + random + checksum(random);
    }

    /** Shaped like a token and its checksum agrees. */
    public static boolean wellFormed(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return false;
        }
        String random = token.substring(PREFIX.length(), PREFIX.length() + RANDOM_LENGTH);
        return token.endsWith(checksum(random));
    }

    /** What lists show to tell tokens apart: {@code tdk_} and the first four random characters. */
    public static String displayPrefix(String token) {
        return token.substring(0, PREFIX.length() + 4);
    }

    static String checksum(CharSequence random) {
        CRC32 crc = new CRC32();
        crc.update(random.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
