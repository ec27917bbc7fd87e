package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.Translations;
import dev.tagdesk.support.WebTest;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The words of an import's state and problems are enums whose names are what the database and the API
 * hold: each has its message in both languages, and the database allows exactly these names.
 */
@WebTest
class ImportVocabularyTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyProblemCodeHasItsMessageInBothLanguages() {
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(Translations.translated(code.messageKey()))
                    .as(code.name())
                    .isTrue();
            assertThat(code.messageKey()).isEqualTo("import." + code.name());
        }
    }

    @Test
    void onlyWarningsLetTheWholeFileApplyAndOnlyTheReadersFatalProblemsStopIt() {
        assertThat(codes(ProblemCode::isWarning))
                .containsExactly("ACCOUNT_REPEATED", "NAME_MISMATCH", "TAG_NORMALISED");
        assertThat(codes(ProblemCode::stopsReading))
                .containsExactly(
                        "ENCODING_INVALID",
                        "FILE_EMPTY",
                        "FILE_NOT_TEXT",
                        "FILE_TOO_LARGE",
                        "HEADER_INVALID",
                        "ROW_MALFORMED",
                        "SEPARATOR_FULLWIDTH");
        assertThat(codes(code -> !code.isError() && !code.isWarning())).containsExactly("ROW_SKIPPED_WITH_ACCOUNT");
    }

    @Test
    void everyStatusAndStepHasItsMessageInBothLanguages() {
        for (ImportStatus status : ImportStatus.values()) {
            assertThat(Translations.translated("imports.status." + status.name()))
                    .as(status.name())
                    .isTrue();
        }
        for (ImportStep step : ImportStep.values()) {
            assertThat(Translations.translated("imports.failed." + step.name()))
                    .as(step.name())
                    .isTrue();
        }
    }

    @Test
    void theDatabaseAllowsExactlyTheStatusesAndSteps() {
        assertThat(allowed("import_job_status_valid")).isEqualTo(names(ImportStatus.values()));
        assertThat(allowed("import_job_failed_during_valid")).isEqualTo(names(ImportStep.values()));
        assertThat(allowed("import_job_mode_valid")).isEqualTo(names(MemberTagImports.Mode.values()));
    }

    private static Set<String> codes(java.util.function.Predicate<ProblemCode> which) {
        return new TreeSet<>(Arrays.asList(ProblemCode.names(which)));
    }

    private static Set<String> names(Enum<?>[] values) {
        return new TreeSet<>(Arrays.stream(values).map(Enum::name).toList());
    }

    /** The values a check constraint on import_job lists. */
    private Set<String> allowed(String constraint) {
        String definition = jdbc.sql("select pg_get_constraintdef(oid) from pg_constraint where conname = ?")
                .param(constraint)
                .query(String.class)
                .single();
        Set<String> values = new TreeSet<>();
        Matcher quoted = Pattern.compile("'([A-Z_]+)'").matcher(definition);
        while (quoted.find()) {
            values.add(quoted.group(1));
        }
        return values;
    }
}
