package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.transfer.ImportErrorReport.RowWithProblems;
import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The staged rows give back every cell exactly as the file had it, whatever characters it holds. */
@WebTest
class ImportStagingTests {

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers users;

    @Autowired
    CurrentScope scopes;

    @Autowired
    ImportRunner imports;

    @Autowired
    ImportErrorReport reports;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void cellsWithQuotesBackslashesSeparatorsLineBreaksAndArraySyntaxComeBackAsTheyWere() throws Exception {
        String longName = "长".repeat(199) + "😀"; // cut at 200 characters, never half the emoji
        String file = "姓名,账号,标签1,标签2,标签3,标签4\r\n"
                + "\"引\"\"号\",\"a\\\\b\",\"x\"\"y\",,\"{z}\",NULL\r\n"
                + "换行é£,\"c,d\",\"第一行\n第二行\",\"\\\",,\"" + longName + "\"\r\n";
        var scope = scopes.of(users.user("admin"));
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        ImportReport report = imports.preview(
                scope, "特殊字符.csv", new ByteArrayInputStream(bytes), bytes.length, MemberTagImports.Mode.MERGE, false);
        assertThat(report.rows()).isEqualTo(2);

        List<RowWithProblems> rows = new ArrayList<>();
        reports.rowsWithProblems(scope, report.id(), rows::add);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).name()).isEqualTo("引\"号");
        assertThat(rows.get(0).account()).isEqualTo("a\\\\b");
        assertThat(rows.get(0).tags()).isEqualTo(Map.of(3, "x\"y", 5, "{z}", 6, "NULL"));
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).name()).isEqualTo("换行é£");
        assertThat(rows.get(1).account()).isEqualTo("c,d");
        assertThat(rows.get(1).tags()).isEqualTo(Map.of(3, "第一行\n第二行", 4, "\\", 6, "长".repeat(199)));
        assertThat(rows.get(0).problems())
                .extracting(MemberTagImports.ImportProblem::code)
                .contains(ProblemCode.ACCOUNT_UNKNOWN);
    }
}
