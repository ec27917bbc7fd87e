package dev.tagdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvWriterTests {

    @Test
    void utf8WithBomCrlfAndQuoting() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(bytes)) {
            csv.row(List.of("姓名", "账号", "标签1"));
            csv.row(List.of("张,伟", "zhang.wei", "带\"引号\"\n和换行"));
        }
        byte[] out = bytes.toByteArray();
        assertThat(out).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(new String(out, 3, out.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("姓名,账号,标签1\r\n\"张,伟\",zhang.wei,\"带\"\"引号\"\"\n和换行\"\r\n");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            =1+1          | '=1+1
            +86 138       | '+86 138
            -5            | '-5
            @SUM(A1)      | '@SUM(A1)
            普通标签       | 普通标签
            """)
    void cellsThatASpreadsheetWouldRunAreDefused(String value, String written) {
        assertThat(CsvWriter.cell(value)).isEqualTo(written);
    }

    @Test
    void tabsAndLineBreaksAtTheStartAreDefusedToo() {
        assertThat(CsvWriter.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(CsvWriter.cell("\nx")).isEqualTo("\"'\nx\"");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            '=1+1         | ''=1+1
            ''-5          | '''-5
            'plain        | 'plain
            '             | '
            """)
    void aQuoteInFrontOfAFormulaGetsOneMoreSoReadingBackIsExact(String value, String written) {
        assertThat(CsvWriter.cell(value)).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            =1+1
            +86 138
            -5
            @SUM(A1)
            '=1+1
            ''-5
            'plain
            '
            ''
            普通标签
            -
            """)
    void restoredGivesBackWhatCellDefused(String value) {
        assertThat(CsvWriter.restored(CsvWriter.cell(value))).isEqualTo(value);
    }

    @Test
    void restoredLeavesCellsThatWereNeverDefusedAlone() {
        assertThat(CsvWriter.restored("'plain")).isEqualTo("'plain");
        assertThat(CsvWriter.restored("'")).isEqualTo("'");
        assertThat(CsvWriter.restored("")).isEmpty();
        assertThat(CsvWriter.restored("'\tcmd")).isEqualTo("\tcmd");
    }
}
