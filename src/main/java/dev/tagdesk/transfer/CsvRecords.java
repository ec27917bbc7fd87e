package dev.tagdesk.transfer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of decoded CSV text as Commons CSV tokenises them (RFC 4180 quoting, the file's
 * separator; CR, LF and CRLF each end a line), each with the physical line it starts on. The library
 * gives neither that line nor the cell in which a quote opened and was never closed; both are built
 * around it here (docs/adr/0001-commons-csv.md):
 *
 * <ul>
 *   <li>a record starts on the line after the line ends the parser counted up to the end of the
 *       record before, since blank lines are records too ({@code ignoreEmptyLines} off);
 *   <li>the text is followed by a line end and {@link #END}, a lone surrogate that strict decoding
 *       never yields. Read outside quotes, the mark is a record of its own, the last; inside an
 *       unterminated quote it becomes the end of that cell (the library is lenient at the end of the
 *       input), so the record comes back with the open cell last: its position is the column.
 * </ul>
 */
final class CsvRecords {

    /** A lone low surrogate: never in strictly decoded text, so a record of it alone is the end. */
    private static final String END = "\uDC00";

    /** What an unterminated quote's cell ends with: everything after the quote, then the end mark. */
    private static final String OPEN_AT_END = "\n" + END;

    /** A record: the physical line it starts on, and its cells as read (quotes taken off). */
    record Record(long line, String[] cells) {}

    /** A quote that was never closed, in cell {@code column} of the record starting on {@code line}. */
    static final class UnterminatedQuote extends IOException {
        final long line;
        final int column;

        UnterminatedQuote(long line, int column) {
            super("unterminated quote in cell " + column + " of the record on line " + line);
            this.line = line;
            this.column = column;
        }
    }

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final long firstLine;
    private long lineEndsBefore;
    private boolean ended;

    /**
     * @param text decoded text; it must not hold a lone surrogate
     * @param firstLine the physical line of the file that {@code text} starts on
     */
    CsvRecords(Reader text, char separator, long firstLine) throws IOException {
        this.parser = format(separator).parse(new EndMarked(text));
        this.records = parser.iterator();
        this.firstLine = firstLine;
    }

    static CSVFormat format(char separator) {
        return CSVFormat.RFC4180
                .builder()
                .setDelimiter(separator)
                .setIgnoreEmptyLines(false) // every line is a record, so the line count stays exact
                .setTrailingData(true) // text after a closing quote is kept as text, as Excel does
                .setLenientEof(true) // an unterminated quote comes back as a record: see END
                .get();
    }

    /**
     * The next record, or {@code null} after the last.
     *
     * @throws UnterminatedQuote where the text ended inside a quote (the records before it were given)
     */
    Record next() throws IOException {
        if (ended) {
            return null;
        }
        CSVRecord record;
        try {
            record = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the iterator wraps what the reader below threw
        }
        long line = firstLine + lineEndsBefore;
        // Every record but the mark ends with a line end, so the count is exact here.
        lineEndsBefore = parser.getCurrentLineNumber();
        String[] cells = record == null ? new String[] {END} : record.values();
        String last = cells[cells.length - 1];
        if (cells.length == 1 && last.equals(END)) {
            ended = true;
            return null;
        }
        if (last.endsWith(OPEN_AT_END)) {
            ended = true;
            throw new UnterminatedQuote(line, cells.length);
        }
        return new Record(line, cells);
    }

    /** The text, then a line end and {@link #END}. */
    private static final class EndMarked extends Reader {

        private static final char[] MARK = OPEN_AT_END.toCharArray();

        private final Reader text;
        /** How much of the mark has been given; -1 while the text lasts. */
        private int marked = -1;

        EndMarked(Reader text) {
            this.text = text;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (marked < 0) {
                int read = text.read(target, offset, length);
                if (read != -1) {
                    return read;
                }
                marked = 0;
            }
            if (marked == MARK.length) {
                return -1;
            }
            int n = Math.min(length, MARK.length - marked);
            System.arraycopy(MARK, marked, target, offset, n);
            marked += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            text.close();
        }
    }
}
