package dev.tagdesk.shared;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes CSV the way Excel on Chinese Windows opens it correctly: UTF-8 with a BOM, CRLF line ends,
 * RFC 4180 quoting, and every cell that starts with {@code = + - @}, a tab, CR or LF prefixed with
 * {@code '} so a spreadsheet never runs it as a formula (OWASP CSV injection). The full-width forms
 * {@code ＝ ＋ － ＠} (and the small forms {@code ﹦ ﹢ ﹣ ﹫}) count too, as spreadsheets and input methods
 * turn them into the half-width ones, and so do these characters after leading whitespace
 * (a space, an ideographic space, a tab: {@code " =1+1"}), which a spreadsheet may trim before it looks.
 *
 * <p>A value that already starts with quotes followed by such a character gets one quote more, so
 * {@link #restored} can give back exactly what was written, and the import reads its own exports.
 *
 * <p>Apache Commons CSV's {@link CSVPrinter} writes the rows: separators and line ends. Each value goes
 * through {@link #cell} first, which defuses it and quotes it where RFC 4180 requires: the library's
 * own minimal quoting also quotes a value that starts with a space, {@code !} or {@code #}, ends with
 * a space, or is an empty first cell, and the exports keep the bytes they had
 * (docs/adr/0001-commons-csv.md).
 */
public final class CsvWriter implements AutoCloseable {

    /** The characters a formula starts with, half-width, full-width and small. */
    private static final String FORMULA_STARTS = "=+-@＝＋－＠﹦﹢﹣﹫";

    /** RFC 4180's separator and line end; values arrive quoted by {@link #cell}, so the printer adds no quotes. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setQuote(null)
            .setRecordSeparator("\r\n")
            .get();

    private final CSVPrinter printer;

    public CsvWriter(OutputStream stream) throws IOException {
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        out.write('\uFEFF');
        this.printer = new CSVPrinter(out, FORMAT);
    }

    public void row(List<String> cells) throws IOException {
        for (String value : cells) {
            printer.print(cell(value));
        }
        printer.println();
    }

    /** A value as it is written: defused, then quoted if RFC 4180 requires it ({@code , " CR LF}). */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = formulaAfterQuotes(value, 0) ? "'" + value : value;
        boolean quote =
                safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    /** The value of a cell {@link #cell} wrote (once unquoted): its defusing quote taken off again. */
    public static String restored(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && formulaAfterQuotes(cell, 1) ? cell.substring(1) : cell;
    }

    /**
     * Whether the text from {@code start}, after any quotes, begins as a spreadsheet formula would:
     * with a tab or a line break, or with a formula character after any whitespace.
     */
    private static boolean formulaAfterQuotes(String text, int start) {
        int i = start;
        while (i < text.length() && text.charAt(i) == '\'') {
            i++;
        }
        if (i < text.length() && "\t\r\n".indexOf(text.charAt(i)) >= 0) {
            return true;
        }
        while (i < text.length() && blank(text.charAt(i))) {
            i++;
        }
        return i < text.length() && FORMULA_STARTS.indexOf(text.charAt(i)) >= 0;
    }

    /** Whitespace of any kind, the no-break and ideographic spaces included, and the zero-width ones. */
    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\u2060' || c == '\uFEFF';
    }

    public void flush() throws IOException {
        printer.flush();
    }

    /** Flushes what was written; the stream stays open, it belongs to the caller. */
    @Override
    public void close() throws IOException {
        printer.flush();
    }
}
