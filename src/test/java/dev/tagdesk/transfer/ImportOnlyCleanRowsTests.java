package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.transfer.MemberTagImports.CleanRows;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Importing only the rows without errors, as a service: a file with clean and bad rows applies only
 * the clean ones when asked to, in either mode, and reports the rest; by default it applies nothing.
 * In replace mode a member with an error on any row is left as they were.
 */
@WebTest
class ImportOnlyCleanRowsTests {

    static final String HEADER = "\uFEFF姓名,账号,标签1,标签2\r\n";

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ImportRunner runner;

    @Autowired
    MemberTagImports imports;

    @Autowired
    ImportChangeList lists;

    @Autowired
    ImportErrorReport errorReport;

    @Autowired
    CurrentScope scopes;

    Scope opsSales;
    /** Five members of 华东区 only, carrying no tag. */
    List<String> sellers;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        opsSales = scopes.of(demo.user("ops.sales"));
        sellers = jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E'
                        group by m.account having count(*) = 1 order by m.account limit 5""").query(String.class).list();
        for (String account : sellers) {
            demo.update("delete from member_tag where member_id = (select id from member where account = ?)", account);
        }
    }

    String a() {
        return sellers.get(0);
    }

    String b() {
        return sellers.get(1);
    }

    String c() {
        return sellers.get(2);
    }

    String d() {
        return sellers.get(3);
    }

    String row(String account, String... tags) {
        String name = jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .optional()
                .orElse("某人");
        return name + "," + account + "," + String.join(",", tags) + "\r\n";
    }

    ImportReport preview(Mode mode, String rows) throws Exception {
        byte[] file = (HEADER + rows).getBytes(StandardCharsets.UTF_8);
        return runner.preview(opsSales, "混合.csv", new ByteArrayInputStream(file), file.length, mode, false);
    }

    List<String> tagsOf(String account) {
        return jdbc.sql("""
                        select t.name from member_tag mt join tag t on t.id = mt.tag_id join member m on m.id = mt.member_id
                        where m.account = ? order by t.name""").param(account).query(String.class).list();
    }

    void give(String account, String tag) {
        demo.update(
                "insert into member_tag (member_id, tag_id, source, assigned_by) select m.id, t.id, 'MANUAL', 'admin'"
                        + " from member m, tag t where m.account = ? and t.name = ?",
                account,
                tag);
    }

    /** Three clean rows, then a row naming a tag that does not exist and a row naming no member. */
    String threeCleanTwoBad() {
        return row(a(), "偏好_数码")
                + row(b(), "偏好_美妆")
                + row(c(), "生命周期_新客")
                + row(d(), "偏好_不存在的标签")
                + row("no.such.member", "偏好_数码");
    }

    @Test
    void byDefaultAFileWithErrorsChangesNothingAndOnlyCleanRowsAppliesTheCleanOnesAndReportsTheRest() throws Exception {
        ImportReport preview = preview(Mode.MERGE, threeCleanTwoBad());
        assertThat(preview.status()).isEqualTo(ImportStatus.PREVIEWED);
        assertThat(preview.errorCount()).isEqualTo(2);
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(3, 2, 3, 0));
        assertThat(preview.mayApplyOnlyCleanRows()).isTrue();

        // All or nothing stays the default: checked again, the errors are there, nothing changes.
        ImportReport whole = runner.apply(opsSales, preview.id());
        assertThat(whole.applied()).isFalse();
        assertThat(whole.status()).isEqualTo(ImportStatus.PREVIEWED);
        assertThat(whole.errorCount()).isEqualTo(2);
        assertThat(whole.cleanRows()).isEqualTo(new CleanRows(3, 2, 3, 0));
        for (String account : List.of(a(), b(), c(), d())) {
            assertThat(tagsOf(account)).as(account).isEmpty();
        }

        ImportReport clean = runner.apply(opsSales, preview.id(), true);
        assertThat(clean.applied()).isTrue();
        assertThat(clean.appliedOnlyCleanRows()).isTrue();
        assertThat(clean.cleanRows()).isEqualTo(new CleanRows(3, 2, 3, 0));
        assertThat(clean.toAdd()).isEqualTo(3);
        assertThat(clean.errorCount())
                .as("the errors stay, with the error report")
                .isEqualTo(2);
        assertThat(clean.errors())
                .extracting(MemberTagImports.ImportProblem::code)
                .containsExactly(ProblemCode.TAG_UNKNOWN, ProblemCode.ACCOUNT_UNKNOWN);
        assertThat(tagsOf(a())).containsExactly("偏好_数码");
        assertThat(tagsOf(b())).containsExactly("偏好_美妆");
        assertThat(tagsOf(c())).containsExactly("生命周期_新客");
        assertThat(tagsOf(d())).isEmpty();
        assertThat(lists.skippedRows(clean, 0, 20).items())
                .extracting(ImportChangeList.SkippedRow::line)
                .containsExactly(5L, 6L);
        assertThat(demo.count("""
                        select count(*) from audit_event where action = 'IMPORT_APPLIED_CLEAN_ROWS' and actor = 'ops.sales'
                          and after_state ->> 'rowsApplied' = '3' and after_state ->> 'rowsSkipped' = '2' and after_state ->> 'added' = '3'""")).isOne();
        assertThat(demo.count("select count(*) from audit_event where action = 'IMPORT_APPLIED'"))
                .isZero();

        // Applied that way, it is never applied whole; applying only its clean rows again changes nothing.
        assertThatThrownBy(() -> runner.apply(opsSales, preview.id()))
                .isInstanceOfSatisfying(
                        RefusedException.class,
                        e -> assertThat(e.refusals().get(0).code()).isEqualTo("IMPORT_HAS_ERRORS"));
        ImportReport again = runner.apply(opsSales, preview.id(), true);
        assertThat(again.toAdd()).isZero();
        assertThat(again.cleanRows()).isEqualTo(new CleanRows(3, 2, 0, 0));
        assertThat(tagsOf(a())).containsExactly("偏好_数码");
        assertThat(tagsOf(d())).isEmpty();
    }

    @Test
    void inReplaceModeAMemberWithAnErrorOnAnyRowKeepsTheirTagsAndTheirCleanRowIsSkippedWithThem() throws Exception {
        give(a(), "偏好_美妆");
        give(d(), "偏好_美妆");
        String rows = row(a(), "偏好_数码") + row(d(), "偏好_数码") + row(d(), "偏好_不存在的标签") + row(b(), "偏好_户外运动");
        ImportReport preview = preview(Mode.REPLACE, rows);
        assertThat(preview.errorCount()).isOne();
        // a loses 偏好_美妆 and gains 偏好_数码, b gains 偏好_户外运动; d's two rows are skipped.
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(2, 2, 2, 1));

        ImportReport clean = runner.apply(opsSales, preview.id(), true);
        assertThat(clean.cleanRows()).isEqualTo(new CleanRows(2, 2, 2, 1));
        assertThat(tagsOf(a())).containsExactly("偏好_数码");
        assertThat(tagsOf(b())).containsExactly("偏好_户外运动");
        assertThat(tagsOf(d())).as("untouched: nothing removed, nothing added").containsExactly("偏好_美妆");
        List<ImportChangeList.SkippedRow> skipped =
                lists.skippedRows(clean, 0, 20).items();
        assertThat(skipped).extracting(ImportChangeList.SkippedRow::line).containsExactly(3L, 4L);
        assertThat(skipped.get(0).reasons())
                .extracting(MemberTagImports.ImportProblem::code)
                .containsExactly(ProblemCode.ROW_SKIPPED_WITH_ACCOUNT);
        assertThat(skipped.get(1).reasons())
                .extracting(MemberTagImports.ImportProblem::code)
                .containsExactly(ProblemCode.TAG_UNKNOWN);
        assertThat(clean.errorCount()).as("a note is not an error").isOne();

        // The error report gives back both of d's rows, to be fixed and uploaded together.
        List<Long> reported = new ArrayList<>();
        errorReport.rowsWithProblems(opsSales, clean.id(), r -> reported.add(r.line()));
        assertThat(reported).containsExactly(3L, 4L);
    }

    @Test
    void inMergeModeTheOtherRowsOfAMemberWithAnErrorStillApply() throws Exception {
        give(d(), "偏好_美妆");
        String rows = row(a(), "偏好_数码") + row(d(), "偏好_数码") + row(d(), "偏好_不存在的标签");
        ImportReport preview = preview(Mode.MERGE, rows);
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(2, 1, 2, 0));
        ImportReport clean = runner.apply(opsSales, preview.id(), true);
        assertThat(clean.cleanRows()).isEqualTo(new CleanRows(2, 1, 2, 0));
        assertThat(tagsOf(a())).containsExactly("偏好_数码");
        assertThat(tagsOf(d())).containsExactly("偏好_数码", "偏好_美妆");
    }

    @Test
    void anExclusiveGroupsTagListedOnACleanRowStillReplacesTheOldOne() throws Exception {
        give(a(), "生命周期_老客");
        give(b(), "生命周期_老客");
        // b's two rows name two tags of one exclusive group: both are errors, b keeps 生命周期_老客.
        String rows = row(a(), "生命周期_新客") + row(b(), "生命周期_新客") + row(b(), "生命周期_沉睡");
        ImportReport preview = preview(Mode.MERGE, rows);
        assertThat(preview.errorCount()).isEqualTo(2);
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(1, 2, 1, 1));
        ImportChangeList.Changes changes = lists.changes(opsSales, preview, ImportChangeList.Kind.REMOVE, 0, 20);
        assertThat(changes.page().items()).hasSize(1);
        ImportChangeList.TagChange replaced =
                changes.page().items().get(0).changes().get(0);
        assertThat(replaced.kind()).isEqualTo("REPLACE");
        assertThat(replaced.tag().name()).isEqualTo("生命周期_老客");
        assertThat(replaced.replacedBy().name()).isEqualTo("生命周期_新客");

        runner.apply(opsSales, preview.id(), true);
        assertThat(tagsOf(a())).containsExactly("生命周期_新客");
        assertThat(tagsOf(b())).containsExactly("生命周期_老客");
    }

    @Test
    void aCellOutsideTheHeaderMakesItsRowOneWithAnErrorAndTheFileIsNeverAppliedWhole() throws Exception {
        byte[] file = ("\uFEFF姓名,账号,标签1\r\n" + row(a(), "偏好_数码", "多出来的一格") + row(b(), "偏好_美妆"))
                .getBytes(StandardCharsets.UTF_8);
        ImportReport preview =
                runner.preview(opsSales, "多一列.csv", new ByteArrayInputStream(file), file.length, Mode.MERGE, false);
        assertThat(preview.errors())
                .extracting(MemberTagImports.ImportProblem::code)
                .containsExactly(ProblemCode.CELL_OUTSIDE_HEADER);
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(1, 1, 1, 0));

        // The checks cannot see a cell outside the header, yet it refuses the whole file.
        ImportReport whole = runner.apply(opsSales, preview.id());
        assertThat(whole.applied()).isFalse();
        assertThat(whole.errorCount()).isOne();
        assertThat(tagsOf(a())).isEmpty();
        assertThat(tagsOf(b())).isEmpty();

        ImportReport clean = runner.apply(opsSales, preview.id(), true);
        assertThat(clean.cleanRows()).isEqualTo(new CleanRows(1, 1, 1, 0));
        assertThat(tagsOf(a())).isEmpty();
        assertThat(tagsOf(b())).containsExactly("偏好_美妆");
        assertThat(clean.errors())
                .extracting(MemberTagImports.ImportProblem::code)
                .containsExactly(ProblemCode.CELL_OUTSIDE_HEADER);
    }

    @Test
    void anAccountListedTooOftenIsSkippedWholeAndEachOfItsRowsSaysWhy() throws Exception {
        StringBuilder rows = new StringBuilder(row(b(), "偏好_美妆"));
        for (int i = 0; i < 1_005; i++) {
            rows.append(row(a(), "偏好_数码"));
        }
        ImportReport preview = preview(Mode.MERGE, rows.toString());
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(1, 1_005, 1, 0));
        ImportReport clean = runner.apply(opsSales, preview.id(), true);
        assertThat(clean.cleanRows()).isEqualTo(new CleanRows(1, 1_005, 1, 0));
        assertThat(tagsOf(a())).isEmpty();
        assertThat(tagsOf(b())).containsExactly("偏好_美妆");
        assertThat(demo.count(
                        "select count(*) from import_problem where job_id = ? and code = 'ROW_SKIPPED_WITH_ACCOUNT'",
                        clean.id()))
                .isEqualTo(1_004);
        assertThat(lists.skippedRows(clean, 0, 50).total()).isEqualTo(1_005);
    }

    @Test
    void aFileWithoutACleanRowCannotBeImportedThatWay() throws Exception {
        ImportReport preview = preview(Mode.MERGE, row(d(), "偏好_不存在的标签") + row("no.such.member", "偏好_数码"));
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(0, 2, 0, 0));
        assertThat(preview.mayApplyOnlyCleanRows()).isFalse();
        assertThatThrownBy(() -> runner.apply(opsSales, preview.id(), true))
                .isInstanceOfSatisfying(
                        RefusedException.class,
                        e -> assertThat(e.refusals().get(0).code()).isEqualTo("IMPORT_NO_CLEAN_ROWS"));
        assertThat(imports.report(opsSales, preview.id()).status()).isEqualTo(ImportStatus.PREVIEWED);
    }

    @Test
    void aFileWithoutErrorsImportedThatWayIsImportedWhole() throws Exception {
        ImportReport preview = preview(Mode.MERGE, row(a(), "偏好_数码") + row(b(), "偏好_美妆"));
        assertThat(preview.errorCount()).isZero();
        assertThat(preview.cleanRows()).isEqualTo(new CleanRows(2, 0, 2, 0));
        assertThat(preview.mayApplyOnlyCleanRows())
                .as("offered only when there are errors")
                .isFalse();
        ImportReport clean = runner.apply(opsSales, preview.id(), true);
        assertThat(clean.cleanRows()).isEqualTo(new CleanRows(2, 0, 2, 0));
        assertThat(tagsOf(a())).containsExactly("偏好_数码");
        assertThat(tagsOf(b())).containsExactly("偏好_美妆");
    }
}
