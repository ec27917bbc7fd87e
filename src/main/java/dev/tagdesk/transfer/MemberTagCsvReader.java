package dev.tagdesk.transfer;

import dev.tagdesk.shared.CsvWriter;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
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
 * deterministic ({@link FileEncoding}). Decoding is strict ({@link StrictDecodingReader}); Apache
 * Commons CSV tokenises the rows ({@link CsvRecords}). Rows are streamed to the caller, never held all
 * at once.
 *
 * <p>Plain Java, no Spring and no database: the import service gives it a stream and a sink.
 */
public final class MemberTagCsvReader {

    public static final Charset GB18030 = FileEncoding.GB18030;

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
            return problems.stream().noneMatch(p -> p.code().stopsReading());
        }
    }

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
            return failed(new CsvProblem(ProblemCode.FILE_TOO_LARGE, 0, 0, String.valueOf(size)));
        }
        BufferedInputStream in = new BufferedInputStream(input, PEEK);
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        if (FileEncoding.isBlank(head)) {
            return failed(CsvProblem.ofFile(ProblemCode.FILE_EMPTY));
        }
        FileEncoding encoding = FileEncoding.of(head);
        if (encoding.problem() != null) {
            return failed(encoding.problem());
        }
        in.skipNBytes(encoding.bomLength());
        return new Parse(new StrictDecodingReader(in, encoding.charset()), encoding.name(), fullWidthSeparator, rows)
                .run();
    }

    private static Outcome failed(CsvProblem problem) {
        return new Outcome(null, null, 0, 0, List.of(problem));
    }

    /**
     * One pass over the decoded text: the header, a physical line found by this class, then the rows
     * as {@link CsvRecords} gives them, with the separator the header shows.
     */
    private static final class Parse {

        private final BufferedReader text;
        private final String encoding;
        private final boolean fullWidthSeparator;
        private final Consumer<MemberTagRow> sink;
        private final List<CsvProblem> problems = new ArrayList<>();
        private long unlisted;
        private long headerAt;
        private char separator;

        Parse(Reader text, String encoding, boolean fullWidthSeparator, Consumer<MemberTagRow> sink) {
            this.text = new BufferedReader(text);
            this.encoding = encoding;
            this.fullWidthSeparator = fullWidthSeparator;
            this.sink = sink;
        }

        Outcome run() throws IOException {
            try {
                String headerLine = headerLine();
                if (headerLine == null) {
                    return new Outcome(encoding, null, 0, 0, List.of(CsvProblem.ofFile(ProblemCode.FILE_EMPTY)));
                }
                separator = separatorOf(headerLine);
                if (separator == 0) {
                    int at = headerLine.indexOf('，');
                    return new Outcome(
                            encoding,
                            null,
                            0,
                            0,
                            List.of(new CsvProblem(ProblemCode.SEPARATOR_FULLWIDTH, headerAt, at + 1, "，")));
                }
                String[] headerCells = new CsvRecords(new StringReader(headerLine), separator, headerAt)
                        .next()
                        .cells();
                List<String> header = Arrays.asList(headerCells).subList(0, withoutTrailingBlanks(headerCells));
                int tagColumns = tagColumns(header);
                if (tagColumns < 1) {
                    return new Outcome(
                            encoding,
                            name(separator),
                            0,
                            0,
                            List.of(new CsvProblem(ProblemCode.HEADER_INVALID, headerAt, 0, shorten(headerLine))));
                }
                long rows = rows(tagColumns);
                boolean englishHeader = header.get(0).strip().equalsIgnoreCase("name");
                return new Outcome(
                        encoding, name(separator), tagColumns, rows, List.copyOf(problems), unlisted, englishHeader);
            } catch (StrictDecodingReader.UndecodableBytesException e) {
                problems.add(new CsvProblem(ProblemCode.ENCODING_INVALID, e.line, 0, e.bytes));
                return new Outcome(encoding, separator == 0 ? null : name(separator), 0, 0, List.copyOf(problems));
            } catch (CsvRecords.UnterminatedQuote e) {
                problems.add(new CsvProblem(ProblemCode.ROW_MALFORMED, e.line, e.column, null));
                return new Outcome(encoding, name(separator), 0, 0, List.copyOf(problems));
            }
        }

        /**
         * The first line that is not blank, or null: blank lines are ignored wherever they are, before
         * the header too (a header on line 3 is reported as line 3). The header is one physical line,
         * a quote in it does not carry it onto the next. (BufferedReader does not read past a CR to
         * look for an LF, so bytes that cannot be decoded there are found on the line they are on.)
         */
        private String headerLine() throws IOException {
            String line;
            do {
                headerAt++;
                line = text.readLine();
            } while (line != null && line.isBlank());
            return line;
        }

        /** Gives the rows after the header to the sink, blank ones skipped; how many there were. */
        private long rows(int tagColumns) throws IOException {
            CsvRecords records = new CsvRecords(text, separator, headerAt + 1);
            long rows = 0;
            for (CsvRecords.Record record = records.next(); record != null; record = records.next()) {
                int cells = withoutTrailingBlanks(record.cells());
                if (cells > 0) {
                    rows++;
                    deliver(record.line(), record.cells(), cells, tagColumns);
                }
            }
            return rows;
        }

        /**
         * The first {@code count} cells of a row, their values without the quote TagDesk's exports
         * put in front of formula-like values (see CsvWriter).
         */
        private void deliver(long line, String[] cells, int count, int tagColumns) {
            String name = CsvWriter.restored(cells[0]).strip();
            String account = count > 1 ? CsvWriter.restored(cells[1]).strip() : "";
            List<MemberTagRow.TagCell> tags = new ArrayList<>();
            boolean outsideHeader = false;
            for (int i = 2; i < count; i++) {
                String value = CsvWriter.restored(cells[i]).strip();
                if (value.isEmpty()) {
                    continue;
                }
                if (i >= tagColumns + 2) {
                    outsideHeader = true;
                    if (problems.size() < PROBLEMS_LISTED) {
                        problems.add(new CsvProblem(ProblemCode.CELL_OUTSIDE_HEADER, line, i + 1, shorten(value)));
                    } else {
                        unlisted++;
                    }
                    continue;
                }
                tags.add(new MemberTagRow.TagCell(i + 1, value));
            }
            sink.accept(new MemberTagRow(line, name, account, List.copyOf(tags), outsideHeader));
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

        /** How many cells are left once the blank ones at the end are dropped. */
        private static int withoutTrailingBlanks(String[] cells) {
            int end = cells.length;
            while (end > 0 && cells[end - 1].isBlank()) {
                end--;
            }
            return end;
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
