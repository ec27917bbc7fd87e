package dev.tagdesk.transfer;

/**
 * Something wrong with an uploaded file, where it is and what was there.
 *
 * @param code what is wrong, e.g. {@link ProblemCode#ENCODING_INVALID}
 * @param line 1-based physical line of the file (0 for the file as a whole)
 * @param column 1-based column (cell for row problems, character for header problems), 0 if none
 * @param value the offending value, shortened, or {@code null}
 */
public record CsvProblem(ProblemCode code, long line, int column, String value) {

    static CsvProblem ofFile(ProblemCode code) {
        return new CsvProblem(code, 0, 0, null);
    }
}
