package dev.tagdesk.tag.naming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.tag.naming.NamingPolicy.GroupPattern;
import dev.tagdesk.tag.naming.NamingPolicy.Problem;
import dev.tagdesk.tag.naming.NamingPolicy.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingPolicyTests {

    static final Set<String> CODES = Set.of("MKT", "SALES", "PUR");
    final NamingPolicy policy = new NamingPolicy(NamingRules.defaults());

    @ParameterizedTest(name = "{0} is accepted as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            渠道_线上活动_双十一       | 渠道_线上活动_双十一
            渠道_线上活动＿双十一      | 渠道_线上活动_双十一
            '  待激活  '               | 待激活
            ＭＫＴ_618大促            | MKT_618大促
            VIP                        | VIP
            偏好_高端 系列             | 偏好_高端 系列
            """)
    void acceptedNamesAreStoredNormalised(String raw, String stored) {
        Verdict verdict = policy.check(raw, GroupPattern.NONE, CODES);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.name()).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | NAME_REQUIRED
            '   '                                | NAME_REQUIRED
            '#渠道_线上活动'                        | NAME_FORBIDDEN_PREFIX
            ＃渠道_线上活动                       | NAME_FORBIDDEN_PREFIX
            ＠重点客户                            | NAME_FORBIDDEN_PREFIX
            渠道__双十一                          | NAME_EMPTY_SEGMENT
            _渠道                                 | NAME_EMPTY_SEGMENT
            渠道_                                 | NAME_EMPTY_SEGMENT
            渠道_ _双十一                         | NAME_EMPTY_SEGMENT
            一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三 | NAME_TOO_LONG
            a_b_c_d_e                             | NAME_TOO_MANY_SEGMENTS
            渠道\u200B_双十一                     | NAME_INVALID_CHARACTER
            """)
    void refusedNamesNameTheRule(String raw, String code) {
        String name = raw.replace("\\u200B", "\u200B");
        Verdict verdict = policy.check(name, GroupPattern.NONE, CODES);
        assertThat(verdict.problems()).extracting(Problem::code).contains(code);
    }

    @Test
    void anInvisibleCharacterIsNamedByItsCodePointAndItsPositionInCharacters() {
        // Found by NamingPolicyProperties: U+F0000 (private use, beyond the BMP) was named "U+DB80", its
        // first UTF-16 unit, and positions after an emoji were one too far.
        assertThat(policy.check("一\uDB80\uDC00x", GroupPattern.NONE, CODES).problems())
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.code()).isEqualTo("NAME_INVALID_CHARACTER");
                    assertThat(problem.args()).containsExactly("U+F0000", 2);
                });
        assertThat(policy.check("😀\u200B渠道", GroupPattern.NONE, CODES).problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.args()).containsExactly("U+200B", 2));
    }

    @Test
    void halfASurrogatePairIsRefused() {
        // Found by NamingPolicyProperties: a lone surrogate (which a JSON request can carry) was accepted.
        Verdict verdict = policy.check("渠道\uD800", GroupPattern.NONE, CODES);
        assertThat(verdict.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("NAME_INVALID_CHARACTER");
            assertThat(problem.args()).containsExactly("U+D800", 3);
        });
        assertThat(verdict.suggestion()).isEqualTo("渠道");
    }

    @Test
    void aRefusalSuggestsTheFix() {
        Verdict verdict = policy.check("#渠道_线上活动＿双十一", GroupPattern.NONE, CODES);
        assertThat(verdict.problems()).extracting(Problem::code).containsExactly("NAME_FORBIDDEN_PREFIX");
        assertThat(verdict.suggestion()).isEqualTo("渠道_线上活动_双十一");
        assertThat(policy.check("渠道__双十一", GroupPattern.NONE, CODES).suggestion())
                .isEqualTo("渠道_双十一");
        assertThat(policy.check("渠道-线上活动 双十一", GroupPattern.NONE, CODES).suggestion())
                .isNull();
        assertThat(policy.check("@@渠道", GroupPattern.NONE, CODES).suggestion()).isEqualTo("渠道");
    }

    @Test
    void fullWidthLookAlikesAreReportedAsNormalised() {
        Verdict verdict = policy.check("渠道_线上活动＿双十一", GroupPattern.NONE, CODES);
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.warnings()).extracting(Problem::code).containsExactly("NAME_NORMALISED");
    }

    @Test
    void theKeyFoldsCaseAndWidthSoLookAlikesCollide() {
        assertThat(NamingPolicy.key("ＭＫＴ_x")).isEqualTo(NamingPolicy.key("mkt_X"));
        assertThat(NamingPolicy.key("渠道_线上活动＿双十一")).isEqualTo(NamingPolicy.key("渠道_线上活动_双十一"));
    }

    @ParameterizedTest(name = "{0} under the department-code pattern: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            MKT_618大促_意向客户   | ''
            mkt_618大促_意向客户   | ''
            MKT_618大促           | NAME_PATTERN_SEGMENTS
            HR_618大促_意向客户    | NAME_PATTERN_DEPARTMENT
            """)
    void aGroupMayRequireADepartmentCodeAndThreeSegments(String raw, String code) {
        Verdict verdict = policy.check(raw, GroupPattern.DEPARTMENT_CODE_THREE_SEGMENTS, CODES);
        if (code.isEmpty()) {
            assertThat(verdict.problems()).isEmpty();
        } else {
            assertThat(verdict.problems()).extracting(Problem::code).contains(code);
        }
    }

    @Test
    void configuredRulesApply() {
        NamingPolicy strict = new NamingPolicy(new NamingRules(8, 2, List.of("#", "@", "临时")));
        assertThat(strict.check("临时_活动", GroupPattern.NONE, CODES).problems())
                .extracting(Problem::code)
                .containsExactly("NAME_FORBIDDEN_PREFIX");
        assertThat(strict.check("a_b_c", GroupPattern.NONE, CODES).problems())
                .extracting(Problem::code)
                .containsExactly("NAME_TOO_MANY_SEGMENTS");
        assertThat(strict.check("一二三四五六七八九", GroupPattern.NONE, CODES).problems())
                .extracting(Problem::code)
                .containsExactly("NAME_TOO_LONG");
    }

    @ParameterizedTest(name = "{0} is accepted")
    @CsvSource(delimiter = '|', textBlock = """
            👩‍💻
            👨‍👩‍👧‍👦
            🏳️‍🌈
            偏好_🧑🏻‍💻程序员
            VIP_❤️‍🔥_🏳️‍⚧️
            """)
    void emojiZwjSequencesAreAccepted(String name) {
        assertThat(name).contains("\u200D");
        Verdict verdict = policy.check(name, GroupPattern.NONE, CODES);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.name()).isEqualTo(name);
    }

    @Test
    void anEmojiZwjSequenceCountsAsOneCharacterAgainstTheMaxLength() {
        NamingPolicy four = new NamingPolicy(new NamingRules(4, 4, List.of()));
        for (String emoji : List.of("👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈")) {
            assertThat(four.check("abc" + emoji, GroupPattern.NONE, CODES).problems())
                    .as("three letters and %s", emoji)
                    .isEmpty();
            assertThat(four.check(emoji.repeat(4), GroupPattern.NONE, CODES).problems())
                    .as("four times %s", emoji)
                    .isEmpty();
            assertThat(four.check("abcd" + emoji, GroupPattern.NONE, CODES).problems())
                    .as("four letters and %s", emoji)
                    .singleElement()
                    .satisfies(problem -> {
                        assertThat(problem.code()).isEqualTo("NAME_TOO_LONG");
                        assertThat(problem.args()).containsExactly(5, 4);
                    });
        }
    }

    @Test
    void aNameOfManyEmojiSequencesThatWouldNotFitItsColumnIsRefused() {
        // 10 families are 10 characters but 70 code points: tag.name holds 64.
        String families = "👨‍👩‍👧‍👦".repeat(10);
        assertThat(policy.check(families, GroupPattern.NONE, CODES).problems())
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.code()).isEqualTo("NAME_TOO_LONG_TO_STORE");
                    assertThat(problem.args()).containsExactly(70, NamingPolicy.STORED_MAX_LENGTH);
                });
        assertThat(policy.check("👨‍👩‍👧‍👦".repeat(9), GroupPattern.NONE, CODES)
                        .problems())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} is refused at character {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a\\u200Db          | U+200D | 2
            渠道\\u200D          | U+200D | 3
            \\u200D渠道          | U+200D | 1
            \\u200D            | U+200D | 1
            👩\\u200D          | U+200D | 2
            \\u200D👩          | U+200D | 1
            👩\\u200D\\u200D💻   | U+200D | 2
            👩\\u200Da         | U+200D | 2
            1\\u200D2          | U+200D | 2
            👨‍👩‍👧‍👦_\\u200B渠道       | U+200B | 3
            🏳️‍🌈a\\u200Db        | U+200D | 3
            """)
    void aJoinerOutsideAnEmojiSequenceIsRefusedAndPointedAtAsAReaderCounts(String raw, String codePoint, int position) {
        String name = raw.replace("\\u200D", "\u200D").replace("\\u200B", "\u200B");
        Verdict verdict = policy.check(name, GroupPattern.NONE, CODES);
        assertThat(verdict.problems())
                .filteredOn(problem -> problem.code().equals("NAME_INVALID_CHARACTER"))
                .singleElement()
                .satisfies(problem -> assertThat(problem.args()).containsExactly(codePoint, position));
    }

    @Test
    void theSuggestionKeepsTheJoinersOfEmojiSequencesAndDropsTheOthers() {
        assertThat(policy.check("👩‍💻\u200D_程序员\u200B", GroupPattern.NONE, CODES)
                        .suggestion())
                .isEqualTo("👩‍💻_程序员");
    }
}
