package dev.tagdesk.transfer;

import dev.tagdesk.shared.CsvWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a member-tag file the way Chinese Excel and WPS users actually produce it: UTF-8 with or
 * without BOM, UTF-16 with BOM (Excel "Unicode text", tab-separated), or GB18030/GBK (Excel's plain
 * CSV on Chinese Windows); comma or tab separators; RFC 4180 quoting. The header is known
 * ({@code 姓名,账号,标签1…} or {@code name,account,tag1…}), which makes the encoding choice
 * deterministic. Decoding is strict. Rows are streamed to the caller, never held all at once.
 *
 * <p>Plain Java, no Spring and no database: the import service gives it a stream and a sink.
 */
public final class MemberTagCsvReader {

    public static final Charset GB18030 = Charset.forName("GB18030");

    /** Problems of a file are listed up to this many; the rest are only counted (a heap holds the list). */
    public static final int PROBLEMS_LISTED = 1000;

    /**
     * How a read ended: the encoding and separator found, rows delivered, and the problems: the first
     * {@link #PROBLEMS_LISTED} of them, and how many more there were ({@code unlisted}); whether the
     * header was the English one ({@code name,account,tag1…}), so that what goes back to the user
     * speaks the file's language.
     */
    public record Outcome(
            String encoding,
            String separator,
            int tagColumns,
            long rows,
            List<CsvProblem> problems,
            long unlisted,
            boolean englishHeader) {

        Outcome(String encoding, String separator, int tagColumns, long rows, List<CsvProblem> problems) {
            this(encoding, separator, tagColumns, rows, problems, 0, false);
        }

        /** False when the file could not be read to its end (the problems say why). */
        public boolean complete() {
            return problems.stream().noneMatch(p -> FATAL.contains(p.code()));
        }
    }

    static final List<String> FATAL = List.of(
            "FILE_EMPTY",
            "FILE_TOO_LARGE",
            "FILE_NOT_TEXT",
            "ENCODING_INVALID",
            "HEADER_INVALID",
            "SEPARATOR_FULLWIDTH",
            "ROW_MALFORMED");

    private static final int PEEK = 64 * 1024;
    // A tag column's number has at most nine digits, so that it always fits an int: tag99999999999 is no header.
    private static final Pattern CHINESE_TAG = Pattern.compile("标签(\\d{1,9})");
    private static final Pattern ENGLISH_TAG = Pattern.compile("tag(\\d{1,9})", Pattern.CASE_INSENSITIVE);

    private final long maxBytes;

    public MemberTagCsvReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Reads the file, giving each data row to {@code rows}.
     *
     * @param size the file's size in bytes as uploaded, checked before any parsing
     * @param fullWidthSeparator the user chose to treat {@code ，} as the separator
     */
    public Outcome read(InputStream input, long size, boolean fullWidthSeparator, Consumer<MemberTagRow> rows)
            throws IOException {
        if (size > maxBytes) {
            return failed(new CsvProblem("FILE_TOO_LARGE", 0, 0, String.valueOf(size)));
        }
        BufferedInputStream in = new BufferedInputStream(input, PEEK);
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        if (isBlank(head)) {
            return failed(CsvProblem.ofFile("FILE_EMPTY"));
        }
        Detected detected = detect(head);
        if (detected.problem() != null) {
            return failed(detected.problem());
        }
        in.skipNBytes(detected.bomLength());
        return new Parse(new StrictDecodingReader(in, detected.charset()), detected.charset(), fullWidthSeparator, rows)
                .run();
    }

    // --- detection ---------------------------------------------------------------------------

    private record Detected(Charset charset, int bomLength, CsvProblem problem) {}

    private static Detected detect(byte[] head) {
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return new Detected(StandardCharsets.UTF_8, 3, null);
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            return new Detected(StandardCharsets.UTF_16LE, 2, null);
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            return new Detected(StandardCharsets.UTF_16BE, 2, null);
        }
        if (looksBinary(head)) {
            return new Detected(null, 0, CsvProblem.ofFile("FILE_NOT_TEXT"));
        }
        int headerStart = firstNonBlank(head); // blank lines before the header are skipped, as in the parse
        byte[] headerLine = Arrays.copyOfRange(head, headerStart, headerStart + lineEnd(head, headerStart));
        String asUtf8 = decode(headerLine, StandardCharsets.UTF_8);
        String asGb = decode(headerLine, GB18030);
        boolean utf8Header = asUtf8 != null && isKnownHeader(asUtf8);
        boolean gbHeader = asGb != null && isKnownHeader(asGb);
        if (utf8Header && !isAscii(headerLine)) {
            return new Detected(StandardCharsets.UTF_8, 0, null);
        }
        if (gbHeader && !isAscii(headerLine)) {
            return new Detected(GB18030, 0, null);
        }
        // An ASCII header (name,account,tag1) reads the same in both: let the rest of the sample decide.
        byte[] sample = Arrays.copyOf(head, lastLineEnd(head));
        if (decode(sample, StandardCharsets.UTF_8) == null && decode(sample, GB18030) != null) {
            return new Detected(GB18030, 0, null);
        }
        if (asUtf8 == null && asGb != null) {
            return new Detected(GB18030, 0, null);
        }
        return new Detected(StandardCharsets.UTF_8, 0, null);
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

    static boolean isKnownHeader(String line) {
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

    private static boolean isBlank(byte[] head) {
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

    private static Outcome failed(CsvProblem problem) {
        return new Outcome(null, null, 0, 0, List.of(problem));
    }

    static String encodingName(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE)) {
            return "UTF-16";
        }
        return charset.equals(GB18030) ? "GB18030" : "UTF-8";
    }

    // --- parsing -----------------------------------------------------------------------------

    /** One pass over the decoded text: header, then rows, RFC 4180 quoting, physical line numbers. */
    private static final class Parse {

        private final Reader reader;
        private final Charset charset;
        private final boolean fullWidthSeparator;
        private final Consumer<MemberTagRow> sink;
        private final List<CsvProblem> problems = new ArrayList<>();
        private long unlisted;
        private final char[] buffer = new char[8192];
        private int position;
        private int limit;
        private int pushedBack = -1;
        private long line = 1;
        private char separator;

        Parse(Reader reader, Charset charset, boolean fullWidthSeparator, Consumer<MemberTagRow> sink) {
            this.reader = reader;
            this.charset = charset;
            this.fullWidthSeparator = fullWidthSeparator;
            this.sink = sink;
        }

        Outcome run() throws IOException {
            String encoding = encodingName(charset);
            try {
                // Blank lines are ignored wherever they are, before the header too (a header on line 3
                // is reported as line 3).
                long headerAt;
                String headerLine;
                do {
                    headerAt = line;
                    headerLine = rawLine();
                } while (headerLine != null && headerLine.isBlank());
                if (headerLine == null) {
                    return new Outcome(encoding, null, 0, 0, List.of(CsvProblem.ofFile("FILE_EMPTY")));
                }
                separator = separatorOf(headerLine);
                if (separator == 0) {
                    int at = headerLine.indexOf('，');
                    return new Outcome(
                            encoding,
                            null,
                            0,
                            0,
                            List.of(new CsvProblem("SEPARATOR_FULLWIDTH", headerAt, at + 1, "，")));
                }
                List<String> header = trimTrailingEmpty(new Parse(new StringReader(headerLine), charset, false, r -> {})
                        .withSeparator(separator)
                        .record());
                int tagColumns = tagColumns(header);
                if (tagColumns < 1) {
                    return new Outcome(
                            encoding,
                            name(separator),
                            0,
                            0,
                            List.of(new CsvProblem("HEADER_INVALID", headerAt, 0, shorten(headerLine))));
                }
                long rows = 0;
                while (true) {
                    long start = line;
                    List<String> cells = record();
                    if (cells == null) {
                        break;
                    }
                    cells = trimTrailingEmpty(cells);
                    if (cells.isEmpty()) {
                        continue;
                    }
                    rows++;
                    deliver(start, cells, tagColumns);
                }
                boolean englishHeader = header.get(0).strip().equalsIgnoreCase("name");
                return new Outcome(
                        encoding, name(separator), tagColumns, rows, List.copyOf(problems), unlisted, englishHeader);
            } catch (StrictDecodingReader.UndecodableBytesException e) {
                problems.add(new CsvProblem("ENCODING_INVALID", line, 0, e.bytes));
                return new Outcome(encoding, separator == 0 ? null : name(separator), 0, 0, List.copyOf(problems));
            } catch (UnterminatedQuote e) {
                problems.add(new CsvProblem("ROW_MALFORMED", e.startLine, e.column, null));
                return new Outcome(encoding, name(separator), 0, 0, List.copyOf(problems));
            }
        }

        private Parse withSeparator(char separator) {
            this.separator = separator;
            return this;
        }

        /** Cells lose the quote TagDesk's exports put in front of formula-like values (see CsvWriter). */
        private void deliver(long start, List<String> cells, int tagColumns) {
            String name = CsvWriter.restored(cells.get(0)).strip();
            String account = cells.size() > 1 ? CsvWriter.restored(cells.get(1)).strip() : "";
            List<MemberTagRow.TagCell> tags = new ArrayList<>();
            boolean outsideHeader = false;
            for (int i = 2; i < cells.size(); i++) {
                String value = CsvWriter.restored(cells.get(i)).strip();
                if (value.isEmpty()) {
                    continue;
                }
                if (i >= tagColumns + 2) {
                    outsideHeader = true;
                    if (problems.size() < PROBLEMS_LISTED) {
                        problems.add(new CsvProblem("CELL_OUTSIDE_HEADER", start, i + 1, shorten(value)));
                    } else {
                        unlisted++;
                    }
                    continue;
                }
                tags.add(new MemberTagRow.TagCell(i + 1, value));
            }
            sink.accept(new MemberTagRow(start, name, account, List.copyOf(tags), outsideHeader));
        }

        /** Comma or tab from the header; 0 when only full-width commas separate it (and not allowed). */
        private char separatorOf(String headerLine) {
            if (headerLine.indexOf('\t') >= 0) {
                return '\t';
            }
            if (headerLine.indexOf(',') >= 0) {
                return ',';
            }
            if (headerLine.indexOf('，') >= 0) {
                return fullWidthSeparator ? '，' : 0;
            }
            return ',';
        }

        private static int tagColumns(List<String> header) {
            if (header.size() < 3) {
                return 0;
            }
            boolean chinese =
                    header.get(0).strip().equals("姓名") && header.get(1).strip().equals("账号");
            boolean english = header.get(0).strip().equalsIgnoreCase("name")
                    && header.get(1).strip().equalsIgnoreCase("account");
            if (!chinese && !english) {
                return 0;
            }
            Pattern tag = chinese ? CHINESE_TAG : ENGLISH_TAG;
            for (int i = 2; i < header.size(); i++) {
                var matcher = tag.matcher(header.get(i).strip());
                if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != i - 1) {
                    return 0;
                }
            }
            return header.size() - 2;
        }

        private static String name(char separator) {
            return switch (separator) {
                case '\t' -> "TAB";
                case '，' -> "FULLWIDTH_COMMA";
                default -> "COMMA";
            };
        }

        /** The next physical line as text (the header has no quoted newlines). */
        private String rawLine() throws IOException {
            StringBuilder text = new StringBuilder();
            int c;
            while ((c = next()) != -1) {
                if (c == '\n') {
                    line++;
                    return text.toString();
                }
                if (c == '\r') {
                    line++; // before looking further: what follows may be undecodable, on the next line
                    int after = next();
                    if (after != '\n' && after != -1) {
                        pushedBack = after;
                    }
                    return text.toString();
                }
                text.append((char) c);
            }
            return text.isEmpty() ? null : text.toString();
        }

        /** One record (RFC 4180), or null at the end of the input. */
        private List<String> record() throws IOException {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            long start = line;
            int c = next();
            if (c == -1) {
                return null;
            }
            boolean quoted = false;
            boolean afterQuote = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new UnterminatedQuote(start, cells.size() + 1);
                    }
                    if (c == '"') {
                        int after = next();
                        if (after == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            c = after;
                            continue;
                        }
                    } else {
                        // CR, LF and CRLF each end a line; a CR is counted at once, without reading past it
                        if (c == '\r' || c == '\n' && !endsWithCarriageReturn(cell)) {
                            line++;
                        }
                        cell.append((char) c);
                    }
                } else if (c == -1 || c == '\n' || c == '\r') {
                    cells.add(cell.toString());
                    // The line is counted before reading past a CR: if the next bytes cannot be decoded,
                    // they are on the next line, and the problem must say so.
                    if (c != -1) {
                        line++;
                    }
                    if (c == '\r') {
                        int after = next();
                        if (after != '\n' && after != -1) {
                            pushedBack = after;
                        }
                    }
                    return cells;
                } else if (c == separator) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    afterQuote = false;
                } else if (c == '"' && cell.isEmpty() && !afterQuote) {
                    quoted = true;
                } else {
                    // Excel never writes text after a closing quote; where it appears, keep it as text.
                    cell.append((char) c);
                }
                c = next();
            }
        }

        /** Inside quotes the cell holds every character read since the quote opened, CR included. */
        private static boolean endsWithCarriageReturn(StringBuilder cell) {
            return !cell.isEmpty() && cell.charAt(cell.length() - 1) == '\r';
        }

        private int next() throws IOException {
            if (pushedBack != -1) {
                int c = pushedBack;
                pushedBack = -1;
                return c;
            }
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++];
        }

        private static List<String> trimTrailingEmpty(List<String> cells) {
            int end = cells.size();
            while (end > 0 && cells.get(end - 1).isBlank()) {
                end--;
            }
            return end == cells.size() ? cells : new ArrayList<>(cells.subList(0, end));
        }
    }

    /** A quote opened on {@code startLine} and never closed. */
    private static final class UnterminatedQuote extends IOException {
        final long startLine;
        final int column;

        UnterminatedQuote(long startLine, int column) {
            super("unterminated quote");
            this.startLine = startLine;
            this.column = column;
        }
    }

    static String shorten(String value) {
        if (value.length() <= 60) {
            return value;
        }
        // never half an emoji: the value is shown on the page, in the error report and stored as JSON
        int end = Character.isHighSurrogate(value.charAt(59)) ? 59 : 60;
        return value.substring(0, end) + "…";
    }
}
