package dev.tagdesk.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Whether a failure means "the uploaded request is over the multipart limit". The servlet container
 * finds out when something first reads the request's parameters, which may be Spring MVC (then a
 * {@link MaxUploadSizeExceededException}) or a filter before it, such as the CSRF check (then the
 * container's own size exception, wrapped): either way the answer is 413 FILE_TOO_LARGE, translated,
 * never a 500 or a "session expired".
 */
final class UploadTooLarge {

    private UploadTooLarge() {}

    /** The size of the upload, for the message: its length in bytes, when the client said it. */
    static String size(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return length > 0 ? String.format(java.util.Locale.ROOT, "%,d", length) : "> 104,857,600";
    }

    /**
     * Whether the container refused the headers of an uploaded part, which it reports as a size
     * exceeded too: in practice a file name longer than {@code server.tomcat.max-part-header-size}
     * allows. The file itself may be small; the answer is FILE_NAME_TOO_LONG, not "file too large".
     */
    static boolean partHeadersTooLong(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("Header section has more than")) {
                return true;
            }
        }
        return false;
    }

    static boolean causedBy(Throwable failure) {
        if (partHeadersTooLong(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Tomcat's SizeLimitExceededException and FileSizeLimitExceededException, named so that
            // this does not tie the web layer to one container's classes.
            String name = t.getClass().getSimpleName();
            if (t instanceof MaxUploadSizeExceededException
                    || name.equals("SizeLimitExceededException")
                    || name.equals("FileSizeLimitExceededException")) {
                return true;
            }
        }
        return false;
    }
}
