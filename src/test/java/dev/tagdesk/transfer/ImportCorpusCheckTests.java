package dev.tagdesk.transfer;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The checking half of the import corpus: one committed file per case in {@code imports/checks},
 * uploaded by ops.sales (华东区 and 华南区 in scope, 采购部 not). The files name members by placeholder
 * ({@code {seller}}: a 华东区 member, {@code {south}}: a 华南区 one, {@code {buyer}}: a 采购部 one), since
 * demo accounts are generated; everything else is as committed.
 */
@WebTest
class ImportCorpusCheckTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    String withMembers(String text) {
        for (String[] placeholder : new String[][] {{"seller", "SALES-E"}, {"south", "SALES-S"}, {"buyer", "PUR"}}) {
            String account = demo.memberOf(placeholder[1]);
            String name = jdbc.sql("select name from member where account = ?")
                    .param(account)
                    .query(String.class)
                    .single();
            text = text.replace("{" + placeholder[0] + "Name}", name).replace("{" + placeholder[0] + "}", account);
        }
        return text;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # file                       | code                   | line | column | kind     | errors
            account-empty.csv            | ACCOUNT_EMPTY          | 3    | 2      | errors   | 1
            account-unknown.csv          | ACCOUNT_UNKNOWN        | 3    | 2      | errors   | 1
            account-out-of-scope.csv     | ACCOUNT_UNKNOWN        | 3    | 2      | errors   | 1
            tag-unknown.csv              | TAG_UNKNOWN            | 2    | 4      | errors   | 1
            tag-out-of-scope.csv         | TAG_UNKNOWN            | 2    | 4      | errors   | 1
            tag-not-available.csv        | TAG_NOT_AVAILABLE      | 2    | 4      | errors   | 1
            tag-exclusive-conflict.csv   | TAG_EXCLUSIVE_CONFLICT | 2    | 3      | errors   | 2
            name-mismatch.csv            | NAME_MISMATCH          | 2    | 1      | warnings | 0
            tag-normalised.csv           | TAG_NORMALISED         | 2    | 3      | warnings | 0
            account-repeated.csv         | ACCOUNT_REPEATED       | 3    | 2      | warnings | 0
            """)
    void eachFileOfTheCorpusIsCheckedAsExpected(
            String file, String code, long line, int column, String kind, int errors) throws Exception {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/imports/checks/" + file)) {
            bytes = withMembers(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        }
        long before = demo.count("select count(*) from member_tag");
        mvc.perform(multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", file, "text/csv", bytes))
                        .with(httpBasic("ops.sales", "tagdesk-demo")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PREVIEWED"))
                .andExpect(jsonPath("$.errorCount").value(errors))
                .andExpect(jsonPath("$." + kind + "[0].code").value(code))
                .andExpect(jsonPath("$." + kind + "[0].line").value(line))
                .andExpect(jsonPath("$." + kind + "[0].column").value(column))
                .andExpect(jsonPath("$." + kind + "[0].message").isNotEmpty());
        org.assertj.core.api.Assertions.assertThat(demo.count("select count(*) from member_tag"))
                .as("a preview changes nothing")
                .isEqualTo(before);
    }
}
