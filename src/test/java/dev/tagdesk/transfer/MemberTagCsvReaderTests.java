package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberTagCsvReaderTests {

    static final String HEADER = "姓名,账号,标签1,标签2,标签3\r\n";
    final MemberTagCsvReader reader = new MemberTagCsvReader(100L * 1024 * 1024);
    final List<MemberTagRow> rows = new ArrayList<>();

    MemberTagCsvReader.Outcome read(byte[] bytes) throws IOException {
        return read(bytes, false);
    }

    MemberTagCsvReader.Outcome read(byte[] bytes, boolean fullWidthSeparator) throws IOException {
        rows.clear();
        return reader.read(new ByteArrayInputStream(bytes), bytes.length, fullWidthSeparator, rows::add);
    }

    static byte[] bytes(String text, Charset charset, byte... bom) {
        byte[] body = text.getBytes(charset);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        return all;
    }

    static byte[] utf8Bom(String text) {
        return bytes(text, StandardCharsets.UTF_8, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    }

    static CsvProblem only(MemberTagCsvReader.Outcome outcome) {
        assertThat(outcome.problems()).hasSize(1);
        return outcome.problems().get(0);
    }

    @Test
    void utf8WithBomAsExcelSavesIt() throws IOException {
        var outcome = read(utf8Bom(HEADER + "张伟,zhang.wei,渠道_线上活动_双十一,偏好_数码,\r\n"));
        assertThat(outcome.encoding()).isEqualTo("UTF-8");
        assertThat(outcome.separator()).isEqualTo("COMMA");
        assertThat(outcome.tagColumns()).isEqualTo(3);
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.name()).isEqualTo("张伟");
            assertThat(row.account()).isEqualTo("zhang.wei");
            assertThat(row.tags()).extracting(MemberTagRow.TagCell::value).containsExactly("渠道_线上活动_双十一", "偏好_数码");
            assertThat(row.tags()).extracting(MemberTagRow.TagCell::column).containsExactly(3, 4);
        });
    }

    @Test
    void utf8WithoutBom() throws IOException {
        var outcome = read(bytes(HEADER + "张伟,zhang.wei,偏好_数码\n", StandardCharsets.UTF_8));
        assertThat(outcome.encoding()).isEqualTo("UTF-8");
        assertThat(rows).hasSize(1);
    }

    @Test
    void gbkAsExcelSavesPlainCsvOnChineseWindows() throws IOException {
        var outcome = read(bytes(HEADER + "李娜,li.na,偏好_母婴\r\n", MemberTagCsvReader.GB18030));
        assertThat(outcome.encoding()).isEqualTo("GB18030");
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.name()).isEqualTo("李娜"));
        var gbk = read(bytes(HEADER + "李娜,li.na,偏好_母婴\r\n", Charset.forName("GBK")));
        assertThat(gbk.encoding()).isEqualTo("GB18030");
        assertThat(rows.get(0).tags().get(0).value()).isEqualTo("偏好_母婴");
    }

    @Test
    void anAsciiHeaderWithGbkRowsIsReadAsGb18030() throws IOException {
        var outcome = read(bytes("name,account,tag1\r\n李娜,li.na,偏好_母婴\r\n", MemberTagCsvReader.GB18030));
        assertThat(outcome.encoding()).isEqualTo("GB18030");
        assertThat(rows.get(0).name()).isEqualTo("李娜");
    }

    @Test
    void utf16WithBomAndTabsAsExcelUnicodeText() throws IOException {
        String text = "姓名\t账号\t标签1\r\n王芳\twang.fang\t生命周期_新客\r\n";
        var le = read(bytes(text, StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE));
        assertThat(le.encoding()).isEqualTo("UTF-16");
        assertThat(le.separator()).isEqualTo("TAB");
        assertThat(rows.get(0).tags().get(0).value()).isEqualTo("生命周期_新客");
        var be = read(bytes(text, StandardCharsets.UTF_16BE, (byte) 0xFE, (byte) 0xFF));
        assertThat(be.encoding()).isEqualTo("UTF-16");
        assertThat(rows).hasSize(1);
    }

    @Test
    void theEnglishHeaderIsAcceptedToo() throws IOException {
        var outcome = read(utf8Bom("Name,Account,Tag1,Tag2\r\nZhang Wei,zhang.wei,VIP,\r\n"));
        assertThat(outcome.tagColumns()).isEqualTo(2);
        assertThat(rows).hasSize(1);
    }

    @Test
    void undecodableBytesAreReportedWithTheirLine() throws IOException {
        byte[] good = (HEADER + "张伟,zhang.wei,偏好_数码\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = "李娜,li.na,偏好_母婴\r\n".getBytes(MemberTagCsvReader.GB18030);
        byte[] file = new byte[good.length + bad.length];
        System.arraycopy(good, 0, file, 0, good.length);
        System.arraycopy(bad, 0, file, good.length, bad.length);
        CsvProblem problem = only(read(file));
        assertThat(problem.code()).isEqualTo(ProblemCode.ENCODING_INVALID);
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.value()).isNotBlank();
    }

    @Test
    void undecodableBytesAfterALoneCarriageReturnAreOnTheNextLine() throws IOException {
        // Found by MemberTagCsvReaderProperties: a CR alone ends a line, but the line was counted only
        // after reading past it, so bytes that could not be read there were reported one line too early.
        byte[] afterHeader = concat(
                "姓名,账号,标签1,标签2,标签3\r".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF},
                "张伟,zhang.wei,VIP\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(only(read(afterHeader)).line()).isEqualTo(2);
        byte[] afterRow = concat(
                (HEADER + "张伟,zhang.wei,VIP\r").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF},
                "李娜,li.na,偏好_母婴\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(only(read(afterRow)).line()).isEqualTo(3);
        byte[] insideQuotes = concat(
                (HEADER + "张伟,zhang.wei,\"多行\r").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF},
                "标签\"\r\n".getBytes(StandardCharsets.UTF_8));
        CsvProblem problem = only(read(insideQuotes));
        assertThat(problem.code()).isEqualTo(ProblemCode.ENCODING_INVALID);
        assertThat(problem.line()).isEqualTo(3);
    }

    @Test
    void aFileWhoseLastLineHasNoLineEndIsReadToItsEnd() throws IOException {
        // Found by MemberTagCsvReaderProperties: asking for more after the end of such a file decoded
        // again on a finished decoder and failed with an IllegalStateException (an unexpected error).
        var outcome = read(bytes(HEADER + "张伟,zhang.wei,偏好_数码", StandardCharsets.UTF_8));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.tags()).hasSize(1));
        assertThat(read(utf8Bom(HEADER + "张伟,zhang.wei,偏好_数码\r")).problems()).isEmpty();
        assertThat(rows).hasSize(1);
        var headerOnly = read(bytes("姓名,账号,标签1", StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE));
        assertThat(headerOnly.problems()).isEmpty();
        assertThat(headerOnly.tagColumns()).isEqualTo(1);
    }

    @Test
    void aTagColumnNumberTooLargeForAColumnIsAWrongHeader() throws IOException {
        // Found by MemberTagCsvReaderProperties: the number was parsed as an int and overflowed with a
        // NumberFormatException (an unexpected error) instead of refusing the header.
        assertThat(only(read(bytes("name,account,tag99999999999\r\n", StandardCharsets.UTF_8)))
                        .code())
                .isEqualTo(ProblemCode.HEADER_INVALID);
        assertThat(only(read(utf8Bom("姓名,账号,标签1,标签4294967297\r\n"))).code()).isEqualTo(ProblemCode.HEADER_INVALID);
    }

    @Test
    void aLargeUtf8FileWithCarriageReturnLineEndsIsNotTakenForGb18030() throws IOException {
        // Found by MemberTagCsvReaderProperties: without an LF the 64 KiB sample ended inside a character,
        // was not UTF-8, read as GB18030, and every name came out garbled (李娜 as 鏉庡) without a problem.
        String text = "name,account,tag1\r李娜,li.na,VIP\r" + "成员,member.x,渠道\r".repeat(5000);
        var outcome = read(bytes(text, StandardCharsets.UTF_8));
        assertThat(outcome.encoding()).isEqualTo("UTF-8");
        assertThat(rows.get(0).name()).isEqualTo("李娜");
    }

    @Test
    void aLongValueIsShortenedWithoutCuttingAnEmojiInHalf() throws IOException {
        // Found by MemberTagCsvReaderProperties: the 60th UTF-16 unit was the first half of 😀.
        String value = "渠".repeat(53) + "😀".repeat(4);
        var outcome = read(utf8Bom("姓名,账号,标签1\r\n张伟,zhang.wei,VIP," + value + "\r\n"));
        assertThat(only(outcome).code()).isEqualTo(ProblemCode.CELL_OUTSIDE_HEADER);
        assertThat(only(outcome).value()).isEqualTo("渠".repeat(53) + "😀".repeat(3) + "…");
    }

    static byte[] concat(byte[]... parts) {
        var all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void aFullWidthCommaHeaderIsRefusedWithItsPositionAndCanBeAccepted() throws IOException {
        byte[] file = utf8Bom("姓名，账号，标签1\r\n张伟，zhang.wei，偏好_数码\r\n");
        CsvProblem problem = only(read(file));
        assertThat(problem.code()).isEqualTo(ProblemCode.SEPARATOR_FULLWIDTH);
        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.column()).isEqualTo(3);
        var accepted = read(file, true);
        assertThat(accepted.separator()).isEqualTo("FULLWIDTH_COMMA");
        assertThat(rows.get(0).tags().get(0).value()).isEqualTo("偏好_数码");
    }

    @Test
    void blankLinesBeforeTheHeaderAreSkippedAndLinesKeepTheirNumbers() throws IOException {
        var outcome = read(utf8Bom("\r\n  \r\n" + HEADER + "\r\n张伟,zhang.wei,偏好_数码\r\n"));
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.tagColumns()).isEqualTo(3);
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.line()).isEqualTo(5));

        var gbk = read(bytes("\n\n" + HEADER + "张伟,zhang.wei,偏好_数码\n", Charset.forName("GB18030")));
        assertThat(gbk.encoding()).isEqualTo("GB18030");
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.name()).isEqualTo("张伟"));

        CsvProblem fullWidth = only(read(utf8Bom("\r\n姓名，账号，标签1\r\n")));
        assertThat(fullWidth.code()).isEqualTo(ProblemCode.SEPARATOR_FULLWIDTH);
        assertThat(fullWidth.line()).isEqualTo(2);
        assertThat(only(read(utf8Bom("\r\n\r\n \r\n"))).code()).isEqualTo(ProblemCode.FILE_EMPTY);
    }

    @Test
    void cellsOutsideTheHeaderAreListedUpToAThousandAndAllCounted() throws IOException {
        StringBuilder text = new StringBuilder("姓名,账号,标签1\r\n");
        for (int i = 0; i < 1_500; i++) {
            text.append("张伟,zhang.wei,偏好_数码,多出来的\r\n");
        }
        var outcome = read(utf8Bom(text.toString()));
        assertThat(rows).hasSize(1_500);
        assertThat(outcome.problems()).hasSize(MemberTagCsvReader.PROBLEMS_LISTED);
        assertThat(outcome.problems()).allSatisfy(p -> assertThat(p.code()).isEqualTo(ProblemCode.CELL_OUTSIDE_HEADER));
        assertThat(outcome.unlisted()).isEqualTo(500);
        assertThat(outcome.complete()).isTrue();
    }

    @Test
    void aWrongHeaderIsRefused() throws IOException {
        assertThat(only(read(utf8Bom("账号,姓名,标签1\r\nzhang.wei,张伟,VIP\r\n"))).code())
                .isEqualTo(ProblemCode.HEADER_INVALID);
        assertThat(only(read(utf8Bom("姓名,账号\r\n张伟,zhang.wei\r\n"))).code()).isEqualTo(ProblemCode.HEADER_INVALID);
        assertThat(only(read(utf8Bom("姓名,账号,标签1,标签3\r\n"))).code()).isEqualTo(ProblemCode.HEADER_INVALID);
    }

    @Test
    void rfc4180QuotingWithNewlinesKeepsLineNumbersRight() throws IOException {
        var outcome =
                read(utf8Bom(HEADER + "\"张,伟\",zhang.wei,\"带\"\"引号\"\"的_标签\",\"多行\r\n标签\"\r\n" + "李娜,li.na,偏好_母婴\r\n"));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).name()).isEqualTo("张,伟");
        assertThat(rows.get(0).tags())
                .extracting(MemberTagRow.TagCell::value)
                .containsExactly("带\"引号\"的_标签", "多行\r\n标签");
        assertThat(rows.get(1).line()).isEqualTo(4);
    }

    @Test
    void anUnterminatedQuoteIsAMalformedRowAtTheLineItStarts() throws IOException {
        CsvProblem problem =
                only(read(utf8Bom(HEADER + "张伟,zhang.wei,偏好_数码\r\n李娜,li.na,\"偏好_母婴\r\n王芳,wang.fang,x\r\n")));
        assertThat(problem.code()).isEqualTo(ProblemCode.ROW_MALFORMED);
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.column()).isEqualTo(3);
    }

    @Test
    void anUnterminatedQuoteIsReportedAtTheFirstLineOfItsRowNotWhereTheQuoteOpens() throws IOException {
        // Commons CSV names the line the quote opened on (4 here) and no cell; the row starts on line 3.
        CsvProblem problem = only(read(utf8Bom(HEADER + "张伟,zhang.wei,偏好_数码\r\n李娜,li.na,\"多行\r\n标签\",\"偏好_母婴\r\n")));
        assertThat(problem.code()).isEqualTo(ProblemCode.ROW_MALFORMED);
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.column()).isEqualTo(4);
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.line()).isEqualTo(2));
    }

    @Test
    void anUnterminatedQuoteInTheHeaderIsAMalformedRowOnTheHeadersLine() throws IOException {
        // Before Commons CSV the header was parsed on its own and this was reported on line 1.
        CsvProblem problem = only(read(utf8Bom("\r\n\r\n姓名,账号,\"标签1\r\n张伟,zhang.wei,VIP\r\n")));
        assertThat(problem.code()).isEqualTo(ProblemCode.ROW_MALFORMED);
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.column()).isEqualTo(3);
    }

    @Test
    void aCellEndingInAnEmojiWhoseSecondHalfIsTheEndMarkIsStillACell() throws IOException {
        // 🐀 is U+1F400: its second UTF-16 unit, U+DC00, is also the mark CsvRecords puts after the text.
        String rat = "🐀";
        assertThat(rat.charAt(1)).isEqualTo('\uDC00');
        var outcome = read(bytes(HEADER + "张伟,zhang.wei,偏好" + rat + "\r\n" + rat, StandardCharsets.UTF_8));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).extracting(MemberTagRow::name).containsExactly("张伟", rat);
        assertThat(rows.get(0).tags()).extracting(MemberTagRow.TagCell::value).containsExactly("偏好" + rat);

        read(bytes(HEADER + "张伟,zhang.wei,\"偏好" + rat + "\"", StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE));
        assertThat(rows)
                .singleElement()
                .satisfies(row -> assertThat(row.tags().get(0).value()).isEqualTo("偏好" + rat));
        CsvProblem open = only(read(utf8Bom(HEADER + "张伟,zhang.wei,\"偏好\n" + rat)));
        assertThat(open.code()).isEqualTo(ProblemCode.ROW_MALFORMED);
        assertThat(open.line()).isEqualTo(2);
        assertThat(open.column()).isEqualTo(3);
    }

    @Test
    void textAfterAClosingQuoteIsKeptAsText() throws IOException {
        var outcome = read(utf8Bom(HEADER + "\"张伟\" ,zhang.wei,\"偏好\"_数码,\"渠道\"\"\"_\"线上\"\r\n"));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("张伟");
            assertThat(row.tags()).extracting(MemberTagRow.TagCell::value).containsExactly("偏好_数码", "渠道\"_\"线上\"");
        });
    }

    @Test
    void fullWidthCommasSeparateQuotedCellsThatHoldThem() throws IOException {
        var outcome = read(utf8Bom("姓名，账号，标签1，标签2\r\n\"张，伟\"，zhang.wei，\"偏好，数码\"，VIP\r\n"), true);
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("张，伟");
            assertThat(row.tags()).extracting(MemberTagRow.TagCell::value).containsExactly("偏好，数码", "VIP");
        });
    }

    @Test
    void blankLinesAndTrailingEmptyCellsAreIgnored() throws IOException {
        var outcome = read(utf8Bom(HEADER + "\r\n张伟,zhang.wei,偏好_数码,,\r\n,,,,\r\n\r\n李娜,li.na,,偏好_母婴\r\n\r\n"));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).extracting(MemberTagRow::line).containsExactly(3L, 6L);
        assertThat(rows.get(1).tags()).extracting(MemberTagRow.TagCell::column).containsExactly(4);
    }

    @Test
    void cellsBeyondTheHeaderAreReported() throws IOException {
        var outcome = read(utf8Bom("姓名,账号,标签1\r\n张伟,zhang.wei,偏好_数码,多出来的\r\n"));
        assertThat(outcome.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.CELL_OUTSIDE_HEADER);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(4);
        });
    }

    @Test
    void emptyFilesAndHeaderOnlyFiles() throws IOException {
        assertThat(only(read(new byte[0])).code()).isEqualTo(ProblemCode.FILE_EMPTY);
        assertThat(only(read(utf8Bom(""))).code()).isEqualTo(ProblemCode.FILE_EMPTY);
        assertThat(only(read(utf8Bom("\r\n\r\n"))).code()).isEqualTo(ProblemCode.FILE_EMPTY);
        var headerOnly = read(utf8Bom(HEADER));
        assertThat(headerOnly.problems()).isEmpty();
        assertThat(headerOnly.rows()).isZero();
        assertThat(headerOnly.complete()).isTrue();
    }

    @Test
    void filesThatAreNotTextAreRefused() throws IOException {
        assertThat(only(read(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0})).code()).isEqualTo(ProblemCode.FILE_NOT_TEXT);
        assertThat(only(read(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}))
                        .code())
                .isEqualTo(ProblemCode.FILE_NOT_TEXT);
        assertThat(only(read(new byte[] {'a', 0, 'b', 0})).code()).isEqualTo(ProblemCode.FILE_NOT_TEXT);
    }

    @Test
    void tooLargeIsRefusedBeforeReadingAByte() throws IOException {
        MemberTagCsvReader small = new MemberTagCsvReader(10);
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the file must not be read");
            }
        };
        var outcome = small.read(untouchable, 11, false, rows::add);
        assertThat(only(outcome).code()).isEqualTo(ProblemCode.FILE_TOO_LARGE);
    }

    @Test
    void largeFilesStreamRowByRow() throws IOException {
        InputStream file = new InputStream() {
            final byte[] header = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_8);
            final byte[] row = "成员,member.x,渠道_线上活动_双十一,偏好_数码,生命周期_新客\r\n".getBytes(StandardCharsets.UTF_8);
            long position;
            final long total = header.length + 200_000L * row.length;

            @Override
            public int read() {
                if (position >= total) {
                    return -1;
                }
                long p = position++;
                return (p < header.length ? header[(int) p] : row[(int) ((p - header.length) % row.length)]) & 0xFF;
            }
        };
        long[] tags = {0};
        var outcome = reader.read(file, 0, false, row -> tags[0] += row.tags().size());
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.rows()).isEqualTo(200_000);
        assertThat(tags[0]).isEqualTo(600_000);
    }

    @Test
    void theQuoteAnExportPutsInFrontOfFormulaCellsIsTakenOff() throws IOException {
        var outcome = read(utf8Bom(HEADER + "\"'=HYPERLINK(\"\"x\"\")\",'@acct,'=1+1,''-2,'普通\r\n"));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("=HYPERLINK(\"x\")");
            assertThat(row.account()).isEqualTo("@acct");
            assertThat(row.tags()).extracting(MemberTagRow.TagCell::value).containsExactly("=1+1", "'-2", "'普通");
        });
    }

    @Test
    void theQuoteInFrontOfFullWidthFormulasAndFormulasAfterWhitespaceIsTakenOffToo() throws IOException {
        var outcome = read(utf8Bom(HEADER + "'＝HYPERLINK(1),'\u3000@acct,'＋1,' -2,'''＠3\r\n"));
        assertThat(outcome.problems()).isEmpty();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("＝HYPERLINK(1)");
            assertThat(row.account()).isEqualTo("@acct");
            assertThat(row.tags()).extracting(MemberTagRow.TagCell::value).containsExactly("＋1", "-2", "''＠3");
        });
    }
}
