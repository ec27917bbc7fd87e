package dev.tagdesk.transfer;

/**
 * Something wrong with an uploaded file, where it is and what was there.
 *
 * @param code stable code, e.g. {@code ENCODING_INVALID}, {@code HEADER_INVALID}, {@code ROW_MALFORMED}
 * @param line 1-based physical line of the file (0 for the file as a whole)
 * @param column 1-based column (cell for row problems, character for header problems), 0 if none
 * @param value the offending value, shortened, or {@code null}
 */
public record CsvProblem(String code, long line, int column, String value) {

    static CsvProblem ofFile(String code) {
        return new CsvProblem(code, 0, 0, null);
    }
}
