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

    /** Full-width and small formula characters, and formula characters after leading whitespace. */
    static final List<String> DISGUISED_FORMULAS = List.of(
            "＝1+1",
            "＋86 138",
            "－5",
            "＠SUM(A1)",
            "﹦1+1",
            "﹢1",
            "﹣1",
            "﹫A1",
            " =1+1",
            "   +86 138",
            " -5",
            " @SUM(A1)",
            "\u00A0=1+1",
            "\u3000＝1+1",
            "\u2003-5",
            "\u200B@SUM(A1)",
            "\uFEFF=1",
            " \t=1+1",
            "\r\n=1+1");

    @Test
    void fullWidthFormulaCharactersAndWhitespaceBeforeAFormulaAreDefused() {
        for (String value : DISGUISED_FORMULAS) {
            assertThat(unquoted(CsvWriter.cell(value))).as("%s", value).isEqualTo("'" + value);
            assertThat(unquoted(CsvWriter.cell("'" + value))).as("'%s", value).isEqualTo("''" + value);
        }
    }

    @Test
    void whitespaceOrFullWidthTextThatIsNoFormulaIsLeftAlone() {
        for (String value : List.of(" 普通标签", "\u3000VIP", "＃话题", "Ａ＝Ｂ", "1-2", "a@b.c", " 'x")) {
            assertThat(CsvWriter.cell(value)).as("%s", value).isEqualTo(value);
        }
    }

    @Test
    void onlyWhatRfc4180RequiresIsQuoted() throws IOException {
        // Commons CSV's own minimal quoting would quote all but the last cell of the first row, and the
        // empty first cell of the second (docs/adr/0001-commons-csv.md): the exports keep their bytes.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(bytes)) {
            csv.row(List.of(" 普通标签", "#话题", "!重要", "VIP ", "\u0001x", "plain"));
            csv.row(List.of("", "x"));
        }
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF 普通标签,#话题,!重要,VIP ,\u0001x,plain\r\n,x\r\n");
    }

    @Test
    void restoredGivesBackDisguisedFormulasAndQuotesInFrontOfThem() {
        for (String value : DISGUISED_FORMULAS) {
            assertThat(CsvWriter.restored(unquoted(CsvWriter.cell(value))))
                    .as("%s", value)
                    .isEqualTo(value);
            assertThat(CsvWriter.restored(unquoted(CsvWriter.cell("'" + value))))
                    .as("'%s", value)
                    .isEqualTo("'" + value);
        }
        assertThat(CsvWriter.restored("' 普通标签")).isEqualTo("' 普通标签");
    }

    /** A cell as a CSV reader gives it back: RFC 4180 quotes taken off (these values hold none inside). */
    static String unquoted(String cell) {
        return cell.startsWith("\"") ? cell.substring(1, cell.length() - 1) : cell;
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
