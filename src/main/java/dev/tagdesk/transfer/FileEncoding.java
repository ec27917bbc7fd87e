package dev.tagdesk.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encoding of a member-tag file, told from its first bytes: a BOM decides (UTF-8, UTF-16LE,
 * UTF-16BE); without one, the known header ({@code 姓名,账号,标签1…}) tells UTF-8 from GB18030, and an
 * ASCII header ({@code name,account,tag1}) leaves it to the rest of the sample. Files that are not
 * text (zip and so xlsx, xls, PDF, images, NUL bytes without a UTF-16 BOM) are refused here.
 *
 * @param charset the encoding, or {@code null} with a problem
 * @param bomLength the bytes of the BOM to skip before decoding
 * @param problem why the file is not read at all, or {@code null}
 */
record FileEncoding(Charset charset, int bomLength, CsvProblem problem) {

    static final Charset GB18030 = Charset.forName("GB18030");

    static FileEncoding of(byte[] head) {
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return new FileEncoding(StandardCharsets.UTF_8, 3, null);
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            return new FileEncoding(StandardCharsets.UTF_16LE, 2, null);
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            return new FileEncoding(StandardCharsets.UTF_16BE, 2, null);
        }
        if (looksBinary(head)) {
            return new FileEncoding(null, 0, CsvProblem.ofFile(ProblemCode.FILE_NOT_TEXT));
        }
        int headerStart = firstNonBlank(head); // blank lines before the header are skipped, as in the parse
        byte[] headerLine = Arrays.copyOfRange(head, headerStart, headerStart + lineEnd(head, headerStart));
        String asUtf8 = decode(headerLine, StandardCharsets.UTF_8);
        String asGb = decode(headerLine, GB18030);
        boolean utf8Header = asUtf8 != null && isKnownHeader(asUtf8);
        boolean gbHeader = asGb != null && isKnownHeader(asGb);
        if (utf8Header && !isAscii(headerLine)) {
            return new FileEncoding(StandardCharsets.UTF_8, 0, null);
        }
        if (gbHeader && !isAscii(headerLine)) {
            return new FileEncoding(GB18030, 0, null);
        }
        // An ASCII header (name,account,tag1) reads the same in both: let the rest of the sample decide.
        byte[] sample = Arrays.copyOf(head, lastLineEnd(head));
        if (decode(sample, StandardCharsets.UTF_8) == null && decode(sample, GB18030) != null) {
            return new FileEncoding(GB18030, 0, null);
        }
        if (asUtf8 == null && asGb != null) {
            return new FileEncoding(GB18030, 0, null);
        }
        return new FileEncoding(StandardCharsets.UTF_8, 0, null);
    }

    /** Nothing but white space after any BOM. */
    static boolean isBlank(byte[] head) {
        int start = startsWith(head, 0xEF, 0xBB, 0xBF)
                ? 3
                : startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF) ? 2 : 0;
        for (int i = start; i < head.length; i++) {
            byte b = head[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The name an import reports: UTF-8, UTF-16 or GB18030. */
    String name() {
        if (charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE)) {
            return "UTF-16";
        }
        return charset.equals(GB18030) ? "GB18030" : "UTF-8";
    }

    /** Zip (so also .xlsx), old .xls, PDF, images, or NUL bytes without a UTF-16 BOM. */
    private static boolean looksBinary(byte[] head) {
        if (startsWith(head, 'P', 'K', 3, 4)
                || startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)
                || startsWith(head, '%', 'P', 'D', 'F')
                || startsWith(head, 0x89, 'P', 'N', 'G')
                || startsWith(head, 0xFF, 0xD8, 0xFF)
                || startsWith(head, 'G', 'I', 'F', '8')) {
            return true;
        }
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKnownHeader(String line) {
        String[] cells = line.replace("\"", "").split("[,\t，]", -1);
        return cells.length >= 3
                && (cells[0].strip().equals("姓名") && cells[1].strip().equals("账号")
                        || cells[0].strip().equalsIgnoreCase("name")
                                && cells[1].strip().equalsIgnoreCase("account"));
    }

    private static String decode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The length of the line starting at {@code from}, without its line end. */
    private static int lineEnd(byte[] head, int from) {
        for (int i = from; i < head.length; i++) {
            if (head[i] == '\n' || head[i] == '\r') {
                return i - from;
            }
        }
        return head.length - from;
    }

    /** Where the first byte that is not white space is (an ASCII byte in every non-UTF-16 encoding). */
    private static int firstNonBlank(byte[] head) {
        int i = 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i;
    }

    /**
     * The sample up to its last complete line, so a multi-byte character is never cut in half. A CR
     * alone ends a line too: a file with CR line ends has no LF at all.
     */
    private static int lastLineEnd(byte[] head) {
        for (int i = head.length - 1; i >= 0; i--) {
            if (head[i] == '\n' || head[i] == '\r') {
                return i + 1;
            }
        }
        return head.length;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
