package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of an import on one account's rows, without a database. */
class ImportCheckTests {

    // Departments: /1/ the company, /1/2/ sales, /1/2/3/ sales east, /1/4/ purchasing.
    static final ImportableTags.Tag DIGITAL = tag(10, "偏好_数码", 100, false, true);
    static final ImportableTags.Tag DOUBLE_ELEVEN = tag(11, "渠道_线上活动_双十一", 101, false, true);
    static final ImportableTags.Tag GOLD = tag(20, "会员_等级_金卡", 200, true, true);
    static final ImportableTags.Tag SILVER = tag(21, "会员_等级_银卡", 200, true, true);
    static final ImportableTags.Tag SALES_ONLY =
            new ImportableTags.Tag(30, "SALES_复购_季度", 300, false, false, new String[] {"/1/2/"}, new boolean[] {true});
    static final ImportableTags.Tag SALES_EXACTLY =
            new ImportableTags.Tag(31, "SALES_新客_首单", 300, false, false, new String[] {"/1/2/"}, new boolean[] {false});

    final ImportableTags tags =
            ImportableTags.of(List.of(DIGITAL, DOUBLE_ELEVEN, GOLD, SILVER, SALES_ONLY, SALES_EXACTLY));
    final Recorded outcome = new Recorded();

    static ImportableTags.Tag tag(long id, String name, long group, boolean exclusive, boolean wholeCompany) {
        return new ImportableTags.Tag(id, name, group, exclusive, wholeCompany, new String[0], new boolean[0]);
    }

    static ImportCheck.Row row(long line, String name, String account, String... tags) {
        return new ImportCheck.Row(line, name, account, tags);
    }

    static ImportCheck.Member member(long id, String name, String department, long... live) {
        return new ImportCheck.Member(id, name, new String[] {department}, live);
    }

    @Test
    void aCleanRowListsItsTagsAndCountsWhatTheMemberHasAlready() {
        new ImportCheck(tags, Mode.MERGE)
                .check(
                        List.of(row(2, "张三", "zhang.san", "偏好_数码", null, "渠道_线上活动_双十一", "偏好_数码")),
                        member(7, "张三", "/1/2/3/", 10),
                        outcome);
        assertThat(outcome.problems).isEmpty();
        assertThat(outcome.listed).containsExactly("7:10 present", "7:11 new");
        assertThat(outcome.removed).isEmpty();
    }

    @Test
    void anUnknownAccountAndAnEmptyOneAreErrorsAndListNothing() {
        ImportCheck check = new ImportCheck(tags, Mode.REPLACE);
        check.check(List.of(row(2, "某人", "no.such", "偏好_数码", "不存在")), null, outcome);
        check.check(List.of(row(3, "无号", "", "偏好_数码"), row(4, "也无号", "")), null, outcome);
        assertThat(outcome.problems)
                .containsExactly(
                        "2:2 ACCOUNT_UNKNOWN no.such",
                        "2:4 TAG_UNKNOWN 不存在",
                        "3:2 ACCOUNT_EMPTY 无号",
                        "4:2 ACCOUNT_EMPTY 也无号");
        assertThat(outcome.listed).isEmpty();
        assertThat(outcome.removed).isEmpty();
    }

    @Test
    void warningsNameTheRowAndTheCell() {
        new ImportCheck(tags, Mode.MERGE)
                .check(
                        List.of(row(2, "张三丰", "zhang.san", "渠道_线上活动＿双十一"), row(9, "", "zhang.san", "偏好_数码")),
                        member(7, "张三", "/1/2/3/"),
                        outcome);
        assertThat(outcome.problems)
                .containsExactly(
                        "2:1 NAME_MISMATCH 张三丰",
                        "2:3 TAG_NORMALISED 渠道_线上活动＿双十一 → 渠道_线上活动_双十一",
                        "9:2 ACCOUNT_REPEATED zhang.san");
        assertThat(outcome.listed).containsExactly("7:11 new", "7:10 new");
    }

    @Test
    void aTagIsAvailableToTheDepartmentsItIsVisibleToAndTheirSubDepartmentsWhenTicked() {
        ImportCheck check = new ImportCheck(tags, Mode.MERGE);
        check.check(List.of(row(2, "", "east", "SALES_复购_季度", "SALES_新客_首单")), member(1, "甲", "/1/2/3/"), outcome);
        check.check(List.of(row(3, "", "sales", "SALES_复购_季度", "SALES_新客_首单")), member(2, "乙", "/1/2/"), outcome);
        check.check(List.of(row(4, "", "buyer", "SALES_复购_季度")), member(3, "丙", "/1/4/"), outcome);
        assertThat(outcome.problems)
                .containsExactly("2:4 TAG_NOT_AVAILABLE SALES_新客_首单", "4:3 TAG_NOT_AVAILABLE SALES_复购_季度");
    }

    @Test
    void twoTagsOfAnExclusiveGroupConflictOnEveryCellEvenAcrossRepeatedRows() {
        new ImportCheck(tags, Mode.MERGE)
                .check(
                        List.of(row(2, "", "zhang.san", "会员_等级_金卡", "偏好_数码"), row(40, "", "zhang.san", "会员_等级_银卡")),
                        member(7, "张三", "/1/"),
                        outcome);
        assertThat(outcome.problems)
                .containsExactlyInAnyOrder(
                        "40:2 ACCOUNT_REPEATED zhang.san",
                        "2:3 TAG_EXCLUSIVE_CONFLICT 会员_等级_金卡",
                        "40:3 TAG_EXCLUSIVE_CONFLICT 会员_等级_银卡");
    }

    @Test
    void mergeTakesOffOnlyTheOldTagOfAnExclusiveGroupTheFileNames() {
        new ImportCheck(tags, Mode.MERGE)
                .check(List.of(row(2, "", "zhang.san", "会员_等级_金卡")), member(7, "张三", "/1/", 21, 10), outcome);
        assertThat(outcome.listed).containsExactly("7:20 new");
        assertThat(outcome.removed).containsExactly("7:21 by 20");
    }

    @Test
    void replaceTakesOffEveryUnlistedTagTheImporterCanSeeAndNoOther() {
        // 99 is a tag outside the importer's scope: not theirs to take off.
        new ImportCheck(tags, Mode.REPLACE)
                .check(List.of(row(2, "", "zhang.san", "偏好_数码")), member(7, "张三", "/1/", 10, 11, 21, 99), outcome);
        assertThat(outcome.listed).containsExactly("7:10 present");
        assertThat(outcome.removed).containsExactly("7:11", "7:21");
    }

    @Test
    void replaceSaysWhichListedTagReplacesTheOldTagOfAnExclusiveGroup() {
        new ImportCheck(tags, Mode.REPLACE)
                .check(List.of(row(2, "", "zhang.san", "会员_等级_金卡")), member(7, "张三", "/1/", 10, 21), outcome);
        assertThat(outcome.listed).containsExactly("7:20 new");
        assertThat(outcome.removed).containsExactly("7:10", "7:21 by 20");
    }

    /** What the checks said, as short strings. */
    static final class Recorded implements ImportCheck.Outcome {
        final List<String> problems = new ArrayList<>();
        final List<String> listed = new ArrayList<>();
        final List<String> removed = new ArrayList<>();

        @Override
        public void problem(long line, int column, ProblemCode code, String value) {
            problems.add(line + ":" + column + " " + code + " " + value);
        }

        @Override
        public void listed(long member, long tag, boolean present) {
            listed.add(member + ":" + tag + (present ? " present" : " new"));
        }

        @Override
        public void removed(long member, long tag, long replacedBy) {
            removed.add(member + ":" + tag + (replacedBy == 0 ? "" : " by " + replacedBy));
        }
    }
}
