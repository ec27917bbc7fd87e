package dev.tagdesk.tag.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.support.Translations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** Reading segment expressions: the contract's shapes, and every broken one refused at the path where it breaks. */
class SegmentJsonTests {

    static final JsonMapper JSON = new JsonMapper();

    static SegmentExpression read(String json) {
        return SegmentJson.read(JSON.readTree(json));
    }

    @Test
    void theContractsExampleReadsAndWritesBackTheSame() {
        String json = "{\"all\":[{\"hasTag\":12},{\"lacksTag\":13},{\"taggedWithinDays\":{\"tag\":14,\"days\":1}}]}";
        SegmentExpression expression = read(json);
        assertThat(expression)
                .isEqualTo(new SegmentExpression.All(List.of(
                        new SegmentExpression.HasTag(12),
                        new SegmentExpression.LacksTag(13),
                        new SegmentExpression.TaggedWithinDays(14, 1))));
        assertThat(JSON.writeValueAsString(SegmentJson.write(expression))).isEqualTo(json);
        assertThat(expression.tagIds()).containsExactly(12L, 13L, 14L);
        assertThat(expression.carriedTagIds()).containsExactly(12L, 14L);
    }

    @Test
    void groupsNestAndDepartmentsReadAsInRules() {
        SegmentExpression expression = read("""
                {"any":[{"none":[{"hasTag":1},{"departmentId":5,"includeSubDepartments":true}]},
                        {"all":[{"departmentId":6}]}]}""");
        assertThat(expression)
                .isEqualTo(new SegmentExpression.Any(List.of(
                        new SegmentExpression.None(
                                List.of(new SegmentExpression.HasTag(1), new SegmentExpression.InDepartment(5, true))),
                        new SegmentExpression.All(List.of(new SegmentExpression.InDepartment(6, false))))));
        assertThat(expression.departmentIds()).containsExactly(5L, 6L);
        // a tag under none-of is not one a member "got"
        assertThat(expression.carriedTagIds()).isEmpty();
        assertThat(SegmentJson.namingClauses(expression).keySet())
                .containsExactly(
                        "expression.any[0].none[0].hasTag",
                        "expression.any[0].none[1].departmentId",
                        "expression.any[1].all[0].departmentId");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "null                                                             | expression",
                "[]                                                               | expression",
                "{}                                                               | expression",
                "{\"all\":[]}                                                     | expression.all",
                "{\"all\":{\"hasTag\":1}}                                         | expression.all",
                "{\"all\":[{\"hasTag\":1},{\"hasTag\":\"12\"}]}                   | expression.all[1].hasTag",
                "{\"all\":[{\"hasTag\":1},{\"lacksTag\":0}]}                      | expression.all[1].lacksTag",
                "{\"any\":[{\"taggedWithinDays\":{\"tag\":14,\"days\":0}}]}       | expression.any[0].taggedWithinDays.days",
                "{\"any\":[{\"taggedWithinDays\":{\"tag\":14,\"days\":3651}}]}    | expression.any[0].taggedWithinDays.days",
                "{\"any\":[{\"taggedWithinDays\":{\"tag\":14}}]}                  | expression.any[0].taggedWithinDays.days",
                "{\"any\":[{\"taggedWithinDays\":{\"tag\":14,\"days\":1,\"x\":1}}]} | expression.any[0].taggedWithinDays.x",
                "{\"any\":[{\"taggedWithinDays\":3}]}                             | expression.any[0].taggedWithinDays",
                "{\"none\":[{\"hasTag\":1,\"lacksTag\":2}]}                       | expression.none[0].lacksTag",
                "{\"none\":[{\"departmentId\":5,\"includeSubDepartments\":\"yes\"}]} | expression.none[0].includeSubDepartments",
                "{\"none\":[{\"status\":\"ACTIVE\"}]}                             | expression.none[0].status",
                "{\"all\":[{\"hasTag\":1}],\"any\":[{\"hasTag\":2}]}              | expression.any",
                "{\"all\":[{\"all\":[{\"all\":[{\"all\":[{\"all\":[{\"all\":[{\"hasTag\":1}]}]}]}]}]}]} | expression.all[0].all[0].all[0].all[0].all[0].all",
                "{\"all\":[{\"hasTag\":99999999999999999999}]}                    | expression.all[0].hasTag",
            })
    void aBrokenExpressionIsRefusedAtThePathOfTheBadClause(String json, String path) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(RefusedException.class, e -> {
            assertThat(e.code()).isEqualTo("SEGMENT_EXPRESSION_INVALID");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.refusals().get(0).field()).isEqualTo(path);
            assertThat(e.refusals().get(0).args()).containsExactly(path);
            assertThat(Translations.fillable("refusal.SEGMENT_EXPRESSION_INVALID", path))
                    .isTrue();
        });
    }

    @Test
    void anExpressionOfMoreThanTwoHundredClausesIsRefusedAsTooLarge() {
        String fifty = "[" + "{\"hasTag\":1},".repeat(49) + "{\"hasTag\":1}]";
        String group = "{\"any\":" + fifty + "}";
        String json = "{\"all\":[" + String.join(",", List.of(group, group, group, group, group)) + "]}";
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code())
                .isEqualTo("SEGMENT_EXPRESSION_TOO_LARGE"));
        assertThat(SegmentJson.size(read("{\"all\":[" + group + "," + group + "]}")))
                .isEqualTo(103);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "djE6MA", "djE6LTE", "bm9wZQ", "v1:12", "djE6MTI=", "%%%"})
    void aCursorTagDeskDidNotWriteIsRefused(String cursor) {
        if (cursor.isEmpty()) {
            assertThat(MemberCursor.read(cursor)).isEqualTo(MemberCursor.START);
            return;
        }
        assertThatThrownBy(() -> MemberCursor.read(cursor))
                .isInstanceOfSatisfying(
                        RefusedException.class, e -> assertThat(e.code()).isEqualTo("SEGMENT_CURSOR_INVALID"));
    }

    @Test
    void aCursorReadsBackWhatItWrote() {
        assertThat(MemberCursor.read(new MemberCursor(42).write())).isEqualTo(new MemberCursor(42));
        assertThat(new MemberCursor(42).write()).matches("[A-Za-z0-9_-]+");
    }
}
