package dev.tagdesk.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The response headers of a CSV download: {@code text/csv; charset=UTF-8} and a Content-Disposition
 * with an ASCII file name for old clients and the real (Chinese) one percent-encoded (RFC 6266).
 */
public final class CsvDownload {

    /** What a CSV download's handler produces (its mapping's {@code produces}). */
    public static final String MEDIA_TYPE = "text/csv";

    private CsvDownload() {}

    public static void prepare(HttpServletResponse response, String asciiName, String name) {
        response.setContentType(MEDIA_TYPE + ";charset=UTF-8");
        response.setHeader("Content-Disposition", contentDisposition(asciiName, name));
    }

    public static String contentDisposition(String asciiName, String name) {
        return "attachment; filename=\"" + asciiName + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
