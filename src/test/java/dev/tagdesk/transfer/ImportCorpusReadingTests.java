package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reading half of the import corpus: one committed file per case in {@code imports/reading},
 * as Excel, WPS and other tools write them, each with what the reader must make of it. (Over the size
 * limit is tested without a 100 MB file: the size is refused before a byte is read.)
 */
class ImportCorpusReadingTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # file                           | encoding | separator | rows | code                | line | column
            utf8-bom.csv                     | UTF-8    | COMMA     | 1    | -                   | -    | -
            utf8-no-bom.csv                  | UTF-8    | COMMA     | 1    | -                   | -    | -
            gbk.csv                          | GB18030  | COMMA     | 1    | -                   | -    | -
            utf16le-bom-tab.csv              | UTF-16   | TAB       | 1    | -                   | -    | -
            utf16be-bom-tab.csv              | UTF-16   | TAB       | 1    | -                   | -    | -
            english-header.csv               | UTF-8    | COMMA     | 1    | -                   | -    | -
            quoted-newlines.csv              | UTF-8    | COMMA     | 2    | -                   | -    | -
            blank-lines-trailing-cells.csv   | UTF-8    | COMMA     | 2    | -                   | -    | -
            header-only.csv                  | UTF-8    | COMMA     | 0    | -                   | -    | -
            blank-lines-before-header.csv    | UTF-8    | COMMA     | 1    | -                   | -    | -
            gbk-blank-line-before-header.csv | GB18030  | COMMA     | 1    | -                   | -    | -
            encoding-invalid.csv             | UTF-8    | COMMA     | 1    | ENCODING_INVALID    | 3    | 0
            separator-fullwidth.csv          | UTF-8    | -         | 0    | SEPARATOR_FULLWIDTH | 1    | 3
            header-invalid.csv               | UTF-8    | COMMA     | 0    | HEADER_INVALID      | 1    | 0
            header-invalid-after-blank-line.csv | UTF-8 | COMMA     | 0    | HEADER_INVALID      | 2    | 0
            row-malformed.csv                | UTF-8    | COMMA     | 1    | ROW_MALFORMED       | 3    | 3
            cell-outside-header.csv          | UTF-8    | COMMA     | 1    | CELL_OUTSIDE_HEADER | 2    | 4
            file-empty.csv                   | -        | -         | 0    | FILE_EMPTY          | 0    | 0
            xlsx-renamed.csv                 | -        | -         | 0    | FILE_NOT_TEXT       | 0    | 0
            image.csv                        | -        | -         | 0    | FILE_NOT_TEXT       | 0    | 0
            """)
    void eachFileOfTheCorpusReadsAsExpected(
            String file, String encoding, String separator, long rows, String code, Long line, Integer column)
            throws IOException {
        List<MemberTagRow> read = new ArrayList<>();
        MemberTagCsvReader.Outcome outcome;
        try (InputStream in = getClass().getResourceAsStream("/imports/reading/" + file)) {
            assertThat(in).as(file).isNotNull();
            byte[] bytes = in.readAllBytes();
            outcome = new MemberTagCsvReader(100L * 1024 * 1024)
                    .read(new java.io.ByteArrayInputStream(bytes), bytes.length, false, read::add);
        }
        assertThat(outcome.encoding()).as("encoding").isEqualTo(encoding);
        assertThat(outcome.separator()).as("separator").isEqualTo(separator);
        assertThat(read).as("rows").hasSize((int) rows);
        if (code == null) {
            assertThat(outcome.problems()).isEmpty();
        } else {
            assertThat(outcome.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.code().name()).isEqualTo(code);
                assertThat(problem.line()).as("line").isEqualTo(line);
                assertThat(problem.column()).as("column").isEqualTo(column);
            });
        }
    }
}
