package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tagdesk.support.Translations;
import dev.tagdesk.support.TrickyText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The member-tag reader against whatever is uploaded: random bytes, byte-order marks that lie,
 * broken quoting, mixed encodings and cut-off files end in rows or in problems with a known code and
 * a place, never in an exception and never in a hang; well-formed files in every supported encoding
 * and separator give back exactly their cells; and a problem put on a known row is reported there.
 *
 * <p>Each property is a QuickTheories theory. A failure reports the smallest falsifying value it
 * shrank to and the seed of the run ({@code Seed was …}); {@code mvn test
 * -Dtest='MemberTagCsvReaderProperties#aTruncatedFileGivesTheRowsBeforeTheCut' -DQT_SEED=<seed>} runs
 * that property again with the same values, shrinking included.
 */
class MemberTagCsvReaderProperties {

    static final Set<ProblemCode> CODES = codes();

    /** Problems about the file as a whole: line 0. */
    static final Set<ProblemCode> FILE_CODES =
            Set.of(ProblemCode.FILE_EMPTY, ProblemCode.FILE_TOO_LARGE, ProblemCode.FILE_NOT_TEXT);

    static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Reads run here, so that one that never ends fails its property instead of hanging the build. */
    static final ExecutorService READER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "csv-reader-property");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Whether a read of the running property has not finished within {@link #PATIENCE}. From then on
     * {@link #untilAReadHangs} refuses every value, which ends QuickTheories' shrinking: it reports the
     * file that hung as found instead of spending the patience again on every smaller candidate.
     */
    static final AtomicBoolean HUNG = new AtomicBoolean();

    private static final Map<Integer, Boolean> ROUND_TRIPS_GB18030 = new ConcurrentHashMap<>();

    /** About 400 bytes in UTF-8 and GB18030: a few hundred padding rows pass the reader's look-ahead. */
    static final String PADDING_TAG = "渠道_线上活动_双十一_".repeat(12) + "尾";

    enum Encoding {
        UTF_8("UTF-8", StandardCharsets.UTF_8),
        UTF_8_BOM("UTF-8", StandardCharsets.UTF_8, 0xEF, 0xBB, 0xBF),
        UTF_16LE("UTF-16", StandardCharsets.UTF_16LE, 0xFF, 0xFE),
        UTF_16BE("UTF-16", StandardCharsets.UTF_16BE, 0xFE, 0xFF),
        GB18030("GB18030", MemberTagCsvReader.GB18030);

        final String reported;
        final Charset charset;
        final byte[] bom;

        Encoding(String reported, Charset charset, int... bom) {
            this.reported = reported;
            this.charset = charset;
            this.bom = new byte[bom.length];
            for (int i = 0; i < bom.length; i++) {
                this.bom[i] = (byte) bom[i];
            }
        }

        /** Bytes this encoding cannot decode wherever they stand between two characters. */
        List<byte[]> badBytes() {
            return switch (this) {
                case UTF_8, UTF_8_BOM -> List.of(bytes(0xFF), bytes(0x80), bytes(0xED, 0xA0, 0x80));
                case UTF_16LE -> List.of(bytes(0x00, 0xDC));
                case UTF_16BE -> List.of(bytes(0xDC, 0x00));
                case GB18030 -> List.of(bytes(0xFF), bytes(0x80));
            };
        }

        /** {@code text} without what this encoding cannot carry (or, without a BOM, what looks binary). */
        String carried(String text) {
            StringBuilder kept = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                boolean carried = Character.getType(cp) != Character.SURROGATE
                        && (charset != MemberTagCsvReader.GB18030
                                || ROUND_TRIPS_GB18030.computeIfAbsent(cp, c -> {
                                    String character = Character.toString(c);
                                    return new String(character.getBytes(charset), charset).equals(character);
                                }));
                if (carried && !(cp == 0 && bom.length == 0)) {
                    kept.appendCodePoint(cp);
                }
            });
            return kept.toString();
        }
    }

    enum Separator {
        COMMA(',', "COMMA"),
        TAB('\t', "TAB"),
        FULLWIDTH_COMMA('，', "FULLWIDTH_COMMA");

        final char character;
        final String reported;

        Separator(char character, String reported) {
            this.character = character;
            this.reported = reported;
        }
    }

    /** A line of the file as cells, which of them to quote even when they need not be, and its line end. */
    record Row(List<String> cells, List<Boolean> quote, String ending) {

        String render(char separator) {
            List<String> rendered = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                rendered.add(cell(cells.get(i), i < quote.size() && quote.get(i), separator));
            }
            return String.join(String.valueOf(separator), rendered);
        }
    }

    /**
     * A well-formed file: encoding, separator, header (Chinese or English, N tag columns, maybe empty
     * cells after), rows, and {@code padding} plain rows first that make it larger than the reader's
     * 64 KiB look-ahead and its 8 Ki-character buffer.
     */
    record Spec(
            Encoding encoding,
            Separator separator,
            boolean chinese,
            int tagColumns,
            int emptyHeaderCells,
            String headerEnding,
            int padding,
            String paddingEnding,
            List<Row> rows,
            boolean finalLineEnd) {

        /** Separated by full-width commas (as a file saved by hand on a Chinese keyboard may be). */
        Spec withFullWidthCommas() {
            return new Spec(
                    encoding,
                    Separator.FULLWIDTH_COMMA,
                    chinese,
                    tagColumns,
                    emptyHeaderCells,
                    headerEnding,
                    padding,
                    paddingEnding,
                    rows,
                    finalLineEnd);
        }

        /** The Chinese header, which tells UTF-8 from GB18030 whatever the rows hold. */
        Spec withChineseHeader() {
            return new Spec(
                    encoding,
                    separator,
                    true,
                    tagColumns,
                    emptyHeaderCells,
                    headerEnding,
                    padding,
                    paddingEnding,
                    rows,
                    finalLineEnd);
        }

        /** The spec as its file (header, padding and rows), so that a failure shows what was read. */
        @Override
        public String toString() {
            return build(this, rows, "").toString();
        }

        String header() {
            List<String> cells = new ArrayList<>(chinese ? List.of("姓名", "账号") : List.of("Name", "account"));
            for (int i = 1; i <= tagColumns; i++) {
                cells.add((chinese ? "标签" : i % 2 == 0 ? "TAG" : "tag") + i);
            }
            for (int i = 0; i < emptyHeaderCells; i++) {
                cells.add("");
            }
            return String.join(String.valueOf(separator.character), cells);
        }
    }

    /** A file as built: its text, its bytes, where each of the spec's rows starts, and the rows it must give. */
    record CsvFile(Spec spec, String text, byte[] bytes, List<Integer> rowStarts, List<MemberTagRow> expected) {

        /** The physical line at a character offset of the text (CR, LF and CRLF each end a line). */
        long lineAt(int offset) {
            return 1 + lineEnds(text.substring(0, offset));
        }

        @Override
        public String toString() {
            return spec.encoding() + ", " + spec.separator() + ", " + bytes.length + " bytes, " + expected.size()
                    + " rows:\n" + shown(text);
        }
    }

    record Read(MemberTagCsvReader.Outcome outcome, List<MemberTagRow> rows) {}

    // --- properties ---------------------------------------------------------------------------

    @BeforeEach
    void noReadHasHungYet() {
        HUNG.set(false);
    }

    @Test
    void everyCodeTheReaderGivesHasAMessageInBothLanguages() {
        assertThat(CODES)
                .contains(ProblemCode.ENCODING_INVALID, ProblemCode.ROW_MALFORMED, ProblemCode.CELL_OUTSIDE_HEADER);
        CODES.forEach(code -> assertThat(Translations.translated(code.messageKey()))
                .as(code.name())
                .isTrue());
    }

    @Test
    void anyBytesEndInRowsOrPlacedProblemsNeverInAnException() {
        qt().withExamples(3000)
                .forAll(untilAReadHangs(anyFiles()), Generate.booleans())
                .checkAssert((file, fullWidthSeparator) -> {
                    Read read = read(file, fullWidthSeparator);

                    long lastLine = 1 + lineEndBytes(file);
                    for (CsvProblem problem : read.outcome().problems()) {
                        String key = problem.code().messageKey();
                        assertThat(problem.code()).isIn(CODES);
                        assertThat(Translations.fillable(key, problem.line(), problem.column(), problem.value()))
                                .as("message of %s", problem)
                                .isTrue();
                        assertThat(problem.line()).as("line of %s", problem).isBetween(0L, lastLine);
                        assertThat(problem.column()).as("column of %s", problem).isNotNegative();
                        if (FILE_CODES.contains(problem.code())) {
                            assertThat(problem.line()).isZero();
                        }
                        if (Translations.uses(key, 0)) {
                            assertThat(problem.line()).as("line of %s", problem).isPositive();
                        }
                        if (Translations.uses(key, 1)) {
                            assertThat(problem.column())
                                    .as("column of %s", problem)
                                    .isPositive();
                        }
                        if (problem.value() != null) {
                            assertThat(TrickyText.isWellFormed(problem.value()))
                                    .as("value of %s is whole text", problem)
                                    .isTrue();
                        }
                    }
                    long previous = 1;
                    for (MemberTagRow row : read.rows()) {
                        assertThat(row.line()).isGreaterThan(previous).isLessThanOrEqualTo(lastLine);
                        previous = row.line();
                        for (MemberTagRow.TagCell tag : row.tags()) {
                            assertThat(tag.column()).isGreaterThanOrEqualTo(3);
                            if (read.outcome().complete()) {
                                assertThat(tag.column())
                                        .isLessThanOrEqualTo(2 + read.outcome().tagColumns());
                            }
                            assertThat(tag.value())
                                    .isNotBlank()
                                    .isEqualTo(tag.value().strip());
                        }
                    }
                    if (read.outcome().complete()) {
                        assertThat(read.outcome().rows()).isEqualTo(read.rows().size());
                    }
                });
    }

    @Test
    void aWellFormedFileGivesBackExactlyItsCells() {
        qt().withExamples(2000)
                .forAll(untilAReadHangs(specs()), Generate.booleans())
                .checkAssert((spec, fullWidthSeparator) -> {
                    CsvFile file = build(spec, spec.rows(), "");
                    Read read = read(file.bytes(), fullWidthSeparator || spec.separator() == Separator.FULLWIDTH_COMMA);

                    assertThat(read.outcome().problems()).isEmpty();
                    assertThat(read.outcome().encoding()).isEqualTo(spec.encoding().reported);
                    assertThat(read.outcome().separator()).isEqualTo(spec.separator().reported);
                    assertThat(read.outcome().tagColumns()).isEqualTo(spec.tagColumns());
                    assertThat(read.rows()).isEqualTo(file.expected());
                    assertThat(read.outcome().rows()).isEqualTo(file.expected().size());
                });
    }

    @Test
    void aFullWidthCommaHeaderIsRefusedAtItsFirstFullWidthComma() {
        qt().withExamples(1000).forAll(untilAReadHangs(specs())).checkAssert(spec -> {
            Spec fullWidth = spec.withFullWidthCommas();
            CsvFile file = build(fullWidth, fullWidth.rows(), "");
            Read read = read(file.bytes(), false);

            assertThat(read.outcome().problems())
                    .singleElement()
                    .isEqualTo(new CsvProblem(
                            ProblemCode.SEPARATOR_FULLWIDTH,
                            1,
                            fullWidth.header().indexOf('，') + 1,
                            "，"));
            assertThat(read.rows()).isEmpty();
        });
    }

    @Test
    void aCellBeyondTheHeaderIsReportedAtItsRowAndColumn() {
        qt().withExamples(1500)
                .forAll(untilAReadHangs(specs()), Generate.range(0, 1000), cellValues(), Generate.range(0, 2))
                .checkAssert((spec, rowPick, extra, blanksBefore) -> {
                    List<Row> rows = new ArrayList<>(spec.rows());
                    int at = rowPick % (rows.size() + 1);
                    Row original =
                            at < rows.size() ? rows.get(at) : new Row(List.of("张伟", "zhang.wei"), List.of(), "\r\n");
                    String value = spec.encoding().carried(extra).strip();
                    List<String> cells = new ArrayList<>(original.cells());
                    while (cells.size() < 2 + spec.tagColumns()) {
                        cells.add("");
                    }
                    cells = new ArrayList<>(cells.subList(0, 2 + spec.tagColumns()));
                    for (int i = 0; i < blanksBefore; i++) {
                        cells.add(" ");
                    }
                    cells.add(value.isEmpty() ? "多出来的" : value);
                    int column = cells.size();
                    Row outside = new Row(cells, original.quote(), original.ending());
                    if (at < rows.size()) {
                        rows.set(at, outside);
                    } else {
                        rows.add(outside);
                    }
                    CsvFile file = build(spec, rows, "");

                    Read read = read(file.bytes(), spec.separator() == Separator.FULLWIDTH_COMMA);

                    assertThat(read.outcome().problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.code()).isEqualTo(ProblemCode.CELL_OUTSIDE_HEADER);
                        assertThat(problem.line())
                                .isEqualTo(file.lineAt(file.rowStarts().get(at)));
                        assertThat(problem.column()).isEqualTo(column);
                        assertThat(TrickyText.isWellFormed(problem.value()))
                                .as("the value, shortened, is still whole text: %s", problem.value())
                                .isTrue();
                    });
                    assertThat(read.rows()).isEqualTo(file.expected());
                });
    }

    @Test
    void anUnterminatedQuoteIsReportedWhereItOpens() {
        qt().withExamples(1500)
                .forAll(untilAReadHangs(specs()), Generate.range(0, 1000), Generate.range(0, 1000), cellValues())
                .checkAssert((spec, rowPick, cellPick, rest) -> {
                    int at = rowPick % (spec.rows().size() + 1);
                    List<Row> before = spec.rows().subList(0, at);
                    Row opened = at < spec.rows().size()
                            ? spec.rows().get(at)
                            : new Row(List.of("张伟", "zhang.wei", "VIP"), List.of(), "\r\n");
                    int cells = cellPick % (opened.cells().size() + 1);
                    String tail = new Row(opened.cells().subList(0, cells), opened.quote(), "")
                                    .render(spec.separator().character)
                            + (cells > 0 ? String.valueOf(spec.separator().character) : "")
                            + "\""
                            + spec.encoding().carried(rest).replace("\"", "");
                    CsvFile file = build(spec, before, tail);

                    Read read = read(file.bytes(), spec.separator() == Separator.FULLWIDTH_COMMA);

                    assertThat(read.outcome().problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.code()).isEqualTo(ProblemCode.ROW_MALFORMED);
                        assertThat(problem.line())
                                .isEqualTo(file.lineAt(file.text().length() - tail.length()));
                        assertThat(problem.column()).isEqualTo(cells + 1);
                    });
                    assertThat(read.outcome().complete()).isFalse();
                    assertThat(read.rows()).isEqualTo(file.expected());
                });
    }

    @Test
    void undecodableBytesAreReportedOnTheirLine() {
        qt().withExamples(2000)
                .forAll(
                        untilAReadHangs(specs()),
                        Generate.range(0, 1000),
                        Generate.range(-300, 1000),
                        Generate.range(0, 10))
                .checkAssert((generated, rowPick, offsetPick, badPick) -> {
                    // Without a BOM, an ASCII header leaves the choice to the rest of the file, and a stray
                    // byte in UTF-8 text can make it read as GB18030 (by design); the Chinese header decides.
                    Spec spec = generated.encoding().bom.length == 0 ? generated.withChineseHeader() : generated;
                    List<Row> rows = new ArrayList<>(spec.rows());
                    if (rows.isEmpty()) {
                        rows.add(new Row(List.of("张伟", "zhang.wei", "VIP"), List.of(), "\r\n"));
                    }
                    CsvFile file = build(spec, rows, "");
                    int at = rowPick % rows.size();
                    int start = file.rowStarts().get(at);
                    int end = at + 1 < rows.size()
                            ? file.rowStarts().get(at + 1)
                            : file.text().length();
                    // now and then right at the start of the row, just after the line end before it
                    int picked = offsetPick < 0 ? start : start + offsetPick % (end - start + 1);
                    boolean inPair = picked > 0
                            && picked < file.text().length()
                            && Character.isLowSurrogate(file.text().charAt(picked))
                            && Character.isHighSurrogate(file.text().charAt(picked - 1));
                    int offset = inPair ? picked - 1 : picked;
                    List<byte[]> bad = spec.encoding().badBytes();
                    byte[] bytes = concat(
                            spec.encoding().bom,
                            file.text().substring(0, offset).getBytes(spec.encoding().charset),
                            bad.get(badPick % bad.size()),
                            file.text().substring(offset).getBytes(spec.encoding().charset));

                    Read read = read(bytes, spec.separator() == Separator.FULLWIDTH_COMMA);

                    assertThat(read.outcome().problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.code()).isEqualTo(ProblemCode.ENCODING_INVALID);
                        assertThat(problem.line()).as("line").isEqualTo(file.lineAt(offset));
                    });
                });
    }

    @Test
    void aTruncatedFileGivesTheRowsBeforeTheCut() {
        qt().withExamples(1500)
                .forAll(untilAReadHangs(specs()), Generate.range(0, 100_000))
                .checkAssert((spec, cutPick) -> {
                    CsvFile file = build(spec, spec.rows(), "");
                    int cut = cutPick % (file.bytes().length + 1);
                    byte[] truncated = java.util.Arrays.copyOf(file.bytes(), cut);

                    Read read = read(truncated, spec.separator() == Separator.FULLWIDTH_COMMA);

                    assertThat(read.outcome().problems())
                            .extracting(CsvProblem::code)
                            .isSubsetOf(
                                    ProblemCode.ROW_MALFORMED,
                                    ProblemCode.ENCODING_INVALID,
                                    ProblemCode.FILE_EMPTY,
                                    ProblemCode.HEADER_INVALID);
                    List<MemberTagRow> rows = read.rows();
                    assertThat(rows.size()).isLessThanOrEqualTo(file.expected().size());
                    if (!rows.isEmpty()) {
                        int last = rows.size() - 1;
                        assertThat(rows.subList(0, last))
                                .isEqualTo(file.expected().subList(0, last));
                        assertThat(rows.get(last).line())
                                .isEqualTo(file.expected().get(last).line());
                    }
                });
    }

    @Test
    void aLargeFileIsReadInItsEncodingWhereverTheLookAheadEnds() {
        qt().withExamples(500)
                .forAll(untilAReadHangs(lineEnd()), Generate.range(0, 40), twoCharacterWords())
                .checkAssert((lineEnd, shift, words) -> {
                    // An English header reads the same in UTF-8 and GB18030, so the first 64 KiB decide;
                    // Chinese words of two characters are six bytes in UTF-8, which GB18030 reads as three
                    // characters.
                    String row = "成员,member.x," + String.join("_", words) + lineEnd;
                    String text = "name,account,tag1" + lineEnd + "李娜,li.na" + "x".repeat(shift) + ",VIP" + lineEnd
                            + row.repeat(70 * 1024 / row.getBytes(StandardCharsets.UTF_8).length + 1);

                    Read read = read(text.getBytes(StandardCharsets.UTF_8), false);

                    assertThat(read.outcome().encoding()).isEqualTo("UTF-8");
                    assertThat(read.outcome().problems()).isEmpty();
                    assertThat(read.rows().get(0).name()).isEqualTo("李娜");
                    assertThat(read.rows().get(1).tags().get(0).value()).isEqualTo(String.join("_", words));
                });
    }

    // --- reading, building --------------------------------------------------------------------

    /** Reads on another thread and gives up after {@link #PATIENCE}; an exception of the reader is rethrown. */
    static Read read(byte[] bytes, boolean fullWidthSeparator) {
        List<MemberTagRow> rows = new ArrayList<>();
        Future<MemberTagCsvReader.Outcome> reading = READER.submit(() -> new MemberTagCsvReader(100L * 1024 * 1024)
                .read(new ByteArrayInputStream(bytes), bytes.length, fullWidthSeparator, rows::add));
        try {
            return new Read(reading.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), List.copyOf(rows));
        } catch (TimeoutException e) {
            reading.cancel(true);
            HUNG.set(true);
            throw new AssertionError("the reader did not finish within " + PATIENCE, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked; // what a user would get as an unexpected error
            }
            throw new AssertionError("the reader failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The file of {@code spec} with {@code rows}, then {@code tail} (text that is not a whole row). */
    static CsvFile build(Spec spec, List<Row> rows, String tail) {
        Builder text = new Builder(spec);
        for (int i = 0; i < spec.padding(); i++) {
            text.add(
                    new Row(List.of("成员" + i, "member." + i, PADDING_TAG), List.of(), spec.paddingEnding()),
                    spec.paddingEnding());
        }
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            boolean last = i == rows.size() - 1 && tail.isEmpty();
            starts.add(text.text.length());
            text.add(row, last && !spec.finalLineEnd() ? "" : row.ending());
        }
        text.text.append(tail);
        String all = text.text.toString();
        return new CsvFile(
                spec, all, concat(spec.encoding().bom, all.getBytes(spec.encoding().charset)), starts, text.expected);
    }

    /** Writes a file row by row and notes what the reader must give for each row. */
    private static final class Builder {
        final Spec spec;
        final StringBuilder text;
        final List<MemberTagRow> expected = new ArrayList<>();
        int counted;
        long lineEnds;

        Builder(Spec spec) {
            this.spec = spec;
            this.text = new StringBuilder(spec.header()).append(spec.headerEnding());
        }

        /** Appends a row and, unless it is blank, its cells stripped, empty tags dropped, nothing beyond the header. */
        void add(Row row, String ending) {
            long line = 1 + lineEndsSoFar();
            text.append(row.render(spec.separator().character)).append(ending);
            List<String> cells = row.cells().stream().map(String::strip).toList();
            if (cells.stream().allMatch(String::isEmpty)) {
                return;
            }
            List<MemberTagRow.TagCell> tags = new ArrayList<>();
            for (int i = 2; i < Math.min(cells.size(), 2 + spec.tagColumns()); i++) {
                if (!cells.get(i).isEmpty()) {
                    tags.add(new MemberTagRow.TagCell(i + 1, cells.get(i)));
                }
            }
            boolean outsideHeader = cells.stream().skip(2L + spec.tagColumns()).anyMatch(cell -> !cell.isEmpty());
            expected.add(new MemberTagRow(
                    line, cells.get(0), cells.size() > 1 ? cells.get(1) : "", List.copyOf(tags), outsideHeader));
        }

        private long lineEndsSoFar() {
            for (; counted < text.length(); counted++) {
                char c = text.charAt(counted);
                if (c == '\r' || c == '\n' && (counted == 0 || text.charAt(counted - 1) != '\r')) {
                    lineEnds++;
                }
            }
            return lineEnds;
        }
    }

    /** A cell as a careful writer writes it: quoted when it must be (or when asked), quotes doubled. */
    static String cell(String value, boolean quote, char separator) {
        boolean must = value.indexOf(separator) >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        return must || quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    static long lineEnds(CharSequence text) {
        long ends = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r') || c == '\r') {
                ends++;
            }
        }
        return ends;
    }

    /** An upper bound of the line ends in any encoding: every CR or LF has a 0x0D or 0x0A byte. */
    static long lineEndBytes(byte[] bytes) {
        long count = 0;
        for (byte b : bytes) {
            if (b == '\r' || b == '\n') {
                count++;
            }
        }
        return count;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String shown(String text) {
        String shown = text.length() > 3000
                ? text.substring(0, 1500) + "\n[…]\n" + text.substring(text.length() - 1500)
                : text;
        return shown.replace("\r", "␍").replace("\t", "␉").replace("\n", "␊\n");
    }

    /** Bytes as a failure report shows them: how many, and in hex (the first and last 600 of a long file). */
    private static String hex(byte[] bytes) {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        String shown = bytes.length > 1200
                ? hex.formatHex(bytes, 0, 600) + " […] " + hex.formatHex(bytes, bytes.length - 600, bytes.length)
                : hex.formatHex(bytes);
        return bytes.length + " bytes: " + shown;
    }

    /** The codes the reader gives: those it stops at, and cells outside the header. */
    private static Set<ProblemCode> codes() {
        Set<ProblemCode> codes = new HashSet<>();
        for (ProblemCode code : ProblemCode.values()) {
            if (code.stopsReading()) {
                codes.add(code);
            }
        }
        codes.add(ProblemCode.CELL_OUTSIDE_HEADER);
        return Set.copyOf(codes);
    }

    // --- generators ---------------------------------------------------------------------------

    /** {@code values}, until a read has hung (see {@link #HUNG}). */
    static <T> Gen<T> untilAReadHangs(Gen<T> values) {
        return values.assuming(value -> !HUNG.get());
    }

    /**
     * Well-formed files: any encoding and separator, one to five tag columns, up to eight rows, and
     * now and then a few hundred padding rows first.
     */
    static Gen<Spec> specs() {
        Gen<Encoding> encodings = Generate.enumValues(Encoding.class);
        Gen<Separator> separators = Generate.enumValues(Separator.class);
        Gen<Integer> tagColumns = Generate.range(1, 5);
        Gen<Boolean> booleans = Generate.booleans();
        Gen<Integer> emptyHeaderCells = Generate.range(0, 2);
        Gen<Integer> padding =
                Generate.frequency(Pair.of(12, Generate.constant(0)), Pair.of(1, Generate.range(150, 350)));
        // More values than Gen.zip takes, and the rows depend on the encoding and the tag columns: drawn
        // one after the other from the same source, in a fixed order, so that they shrink together.
        return in -> {
            Encoding encoding = encodings.generate(in);
            Separator separator = separators.generate(in);
            int columns = tagColumns.generate(in);
            // GB18030 is told from UTF-8 by a Chinese header; an ASCII one is ambiguous by design
            boolean chinese = booleans.generate(in) || encoding == Encoding.GB18030;
            return new Spec(
                    encoding,
                    separator,
                    chinese,
                    columns,
                    emptyHeaderCells.generate(in),
                    lineEnd().generate(in),
                    padding.generate(in),
                    lineEnd().generate(in),
                    lists().of(row(encoding, columns)).ofSizeBetween(0, 8).generate(in),
                    booleans.generate(in));
        };
    }

    /** A data row: name, account and up to N tags with Excel's empty cells after, or a blank line. */
    private static Gen<Row> row(Encoding encoding, int tagColumns) {
        Gen<String> value = cellValues().map(encoding::carried);
        Gen<List<String>> filled = value.zip(
                accounts(),
                lists().of(value).ofSizeBetween(0, tagColumns),
                lists().of(Generate.pick(List.of("", " "))).ofSizeBetween(0, 2),
                (name, account, tags, empty) -> {
                    List<String> cells = new ArrayList<>(List.of(name, account));
                    cells.addAll(tags);
                    if (tags.size() == tagColumns) {
                        cells.addAll(empty); // Excel's empty cells beyond the header
                    }
                    return cells;
                });
        Gen<List<String>> blank =
                lists().of(Generate.pick(List.of("", " ", "\u3000", "\t"))).ofSizeBetween(1, tagColumns + 3);
        return Generate.frequency(Pair.of(6, filled), Pair.of(1, blank))
                .zip(lists().of(Generate.booleans()).ofSize(12), lineEnd(), Row::new);
    }

    static Gen<String> cellValues() {
        return Generate.frequency(
                        Pair.of(
                                3,
                                Generate.pick(List.of(
                                        "渠道_线上活动_双十一", "偏好_数码", "VIP", "张伟", "李娜", "生命周期_新客", "", " ", "  待激活  "))),
                        Pair.of(3, TrickyText.joined(TrickyText.piece(), 0, 6)),
                        // longer than the 60 characters a problem quotes, emoji and all
                        Pair.of(
                                1,
                                TrickyText.piece().zip(Generate.range(20, 200), (piece, times) -> piece.repeat(times))),
                        // around that limit, with a surrogate pair at every alignment
                        Pair.of(
                                1,
                                Generate.range(50, 65)
                                        .zip(
                                                TrickyText.emoji(),
                                                (plain, emoji) -> "渠".repeat(plain) + emoji.repeat(4))),
                        Pair.of(
                                2,
                                TrickyText.joined(
                                        Generate.pick(List.of(
                                                ",", "\t", "，", "\"", "\"\"", " ", "\r\n", "\n", "\r", "a\"b", "x",
                                                "偏好")),
                                        0,
                                        5)))
                .describedAs(TrickyText::shown);
    }

    private static Gen<String> accounts() {
        Gen<String> character = Generate.pick(List.of("abcdefghijklmnopqrstuvwxyz0123456789._@-".split("")));
        return TrickyText.joined(character, 0, 12)
                .zip(Generate.booleans(), (account, spaced) -> spaced ? " " + account + " " : account);
    }

    static Gen<List<String>> twoCharacterWords() {
        return lists().of(Generate.pick(List.of("渠道", "线上", "活动", "偏好", "数码", "母婴", "新客", "高端", "会员", "意向")))
                .ofSizeBetween(1, 4);
    }

    static Gen<String> lineEnd() {
        return Generate.pick(List.of("\r\n", "\n", "\r")).describedAs(TrickyText::shown);
    }

    /** Random bytes, lying byte-order marks, CSV-ish text in any encoding, and well-formed files broken. */
    static Gen<byte[]> anyFiles() {
        Gen<byte[]> bom = Generate.pick(List.of(
                bytes(),
                bytes(0xEF, 0xBB, 0xBF),
                bytes(0xFF, 0xFE),
                bytes(0xFE, 0xFF),
                bytes(0xFF, 0xFE, 0x00, 0x00),
                bytes(0x00, 0x00, 0xFE, 0xFF),
                bytes(0x2B, 0x2F, 0x76, 0x38),
                bytes(0xEF, 0xBB),
                bytes(0x84, 0x31, 0x95, 0x33)));
        Gen<byte[]> randomBytes =
                Generate.byteArrays(Generate.range(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        Gen<Charset> charset = Generate.pick(List.of(
                StandardCharsets.UTF_8,
                StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE,
                MemberTagCsvReader.GB18030,
                StandardCharsets.ISO_8859_1));
        Gen<String> csvish = TrickyText.joined(
                Generate.frequency(
                        Pair.of(
                                4,
                                Generate.pick(List.of(
                                        "姓名",
                                        "账号",
                                        "标签1",
                                        "标签2",
                                        "标签",
                                        "name",
                                        "account",
                                        "tag1",
                                        "Tag2",
                                        "tag99999999999",
                                        "标签4294967297",
                                        "tag0",
                                        "标签01",
                                        ",",
                                        ",",
                                        "\t",
                                        "，",
                                        ";",
                                        "\"",
                                        "\"\"",
                                        "\r\n",
                                        "\n",
                                        "\r",
                                        " ",
                                        "张伟",
                                        "zhang.wei",
                                        "渠道_双十一"))),
                        Pair.of(2, TrickyText.piece())),
                0,
                40);
        Gen<String> header = Generate.pick(
                        List.of("姓名,账号,", "name,account,", "姓名\t账号\t", "Name，Account，", "\"姓名\",\"账号\","))
                .zip(csvish, String::concat);
        Gen<String> headerCell = Generate.frequency(
                Pair.of(3, Generate.pick(List.of("标签1", "tag1", "Tag2", "标签2", "标签3", "TAG3"))),
                Pair.of(
                        3,
                        Generate.pick(List.of(
                                "tag99999999999",
                                "标签4294967297",
                                "tag2147483648",
                                "标签-1",
                                "tag01",
                                "标签",
                                "tag",
                                "标签1.5",
                                "tag１",
                                "标签١",
                                " tag1 ",
                                "\"标签1\""))),
                Pair.of(1, TrickyText.piece()));
        Gen<String> knownHeader = Generate.pick(List.of("姓名,账号", "name,account", "Name,ACCOUNT", " 姓名 , 账号 "))
                .zip(
                        lists().of(headerCell).ofSizeBetween(1, 4),
                        Generate.pick(List.of(",", ",", "\t", "，", ";")),
                        lineEnd(),
                        csvish,
                        (start, tags, separator, end, rest) ->
                                start.replace(",", separator) + separator + String.join(separator, tags) + end + rest);
        Gen<String> body = Generate.frequency(Pair.of(1, csvish), Pair.of(1, header), Pair.of(3, knownHeader));
        Gen<byte[]> text = Generate.frequency(
                Pair.of(
                        3,
                        Generate.enumValues(Encoding.class)
                                .zip(
                                        body,
                                        (encoding, chars) -> concat(encoding.bom, chars.getBytes(encoding.charset)))),
                Pair.of(1, bom.zip(charset, body, (mark, encoding, chars) -> concat(mark, chars.getBytes(encoding)))));
        Gen<byte[]> broken = specs().map(spec -> build(spec, spec.rows(), "").bytes())
                .zip(
                        Generate.range(0, 3),
                        Generate.range(0, 1_000_000),
                        randomBytes,
                        MemberTagCsvReaderProperties::broken);
        return Generate.frequency(
                        Pair.of(2, randomBytes),
                        Pair.of(2, bom.zip(randomBytes, (mark, noise) -> concat(mark, noise))),
                        Pair.of(4, text),
                        Pair.of(4, broken))
                .describedAs(MemberTagCsvReaderProperties::hex);
    }

    /** A well-formed file cut short, with a byte changed, with bytes put in, or with a quote put in. */
    private static byte[] broken(byte[] file, int how, int where, byte[] noise) {
        int at = where % (file.length + 1);
        return switch (how) {
            case 0 -> java.util.Arrays.copyOf(file, at);
            case 1 -> {
                byte[] changed = file.clone();
                if (changed.length > 0) {
                    changed[Math.min(at, changed.length - 1)] ^= (byte) (noise.length > 0 ? noise[0] | 1 : 0x55);
                }
                yield changed;
            }
            case 2 ->
                concat(
                        java.util.Arrays.copyOfRange(file, 0, at),
                        noise,
                        java.util.Arrays.copyOfRange(file, at, file.length));
            default ->
                concat(
                        java.util.Arrays.copyOfRange(file, 0, at),
                        bytes('"'),
                        java.util.Arrays.copyOfRange(file, at, file.length));
        };
    }
}
