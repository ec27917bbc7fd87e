package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Two imports touching the same members, applied at the same moment: OPS of 销售部 adds a tag
 * (merge), an admin sets the same members' tags to exactly one other tag (replace). Both succeed
 * (or one waits for the other), and the result is what applying them one after the other gives:
 * every member has only the admin's tag (merge first) or both tags (replace first), never a mix.
 */
@WebTest
class ConcurrentImportsTests {

    static final int ROUNDS = 8;

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    ExecutorService twoImporters = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        twoImporters.shutdownNow();
        twoImporters.awaitTermination(10, TimeUnit.SECONDS);
        reset.toDemoData();
    }

    @Test
    void twoImportsOfTheSameMembersAtOnceBothApplyAndEndAsIfOneAfterTheOther() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            reset.toDemoData();
            List<String> members = jdbc.sql("""
                            select m.account from member m
                            join member_department md on md.member_id = m.id join department d on d.id = md.department_id
                            where d.path like (select path from department where code = 'SALES') || '%'
                            group by m.account having count(*) = 1 order by m.account limit 40""").query(String.class).list();
            byte[] merge = file(members, "渠道_线上活动_双十一");
            byte[] replace = file(members, "偏好_数码");

            CyclicBarrier together = new CyclicBarrier(2);
            Future<MvcResult> ops = twoImporters.submit(() -> apply(together, "ops.sales", merge, "merge"));
            Future<MvcResult> admin = twoImporters.submit(() -> apply(together, "admin", replace, "replace"));
            for (MvcResult result : List.of(ops.get(60, TimeUnit.SECONDS), admin.get(60, TimeUnit.SECONDS))) {
                assertThat(result.getResponse().getStatus())
                        .as("round %d: %s", round, result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .isEqualTo(201);
                assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .contains("\"status\":\"APPLIED\"");
            }

            long withDigital = carrying(members, "偏好_数码");
            long withCampaign = carrying(members, "渠道_线上活动_双十一");
            long tags = jdbc.sql("""
                            select count(*) from member_tag mt join member m on m.id = mt.member_id
                            where m.account = any(cast(:accounts as text[]))""")
                    .param("accounts", members.toArray(String[]::new))
                    .query(Long.class)
                    .single();
            assertThat(withDigital)
                    .as("round " + round + ": the admin's tag on everyone")
                    .isEqualTo(members.size());
            assertThat(withCampaign)
                    .as("round " + round + ": OPS's tag on everyone or on no one")
                    .isIn(0L, (long) members.size());
            assertThat(tags).as("round " + round + ": nothing else left").isEqualTo(withDigital + withCampaign);
        }
    }

    /**
     * Reading a file takes two connections (the rows stream to PostgreSQL on one while the checks
     * record their findings on the other), so more previews at once than half the connection pool
     * could each hold one and wait for a second until the pool times out. Every one must answer.
     */
    @Test
    void morePreviewsAtOnceThanTheConnectionPoolHoldsAllAnswer() throws Exception {
        int previews = 16;
        List<String> members = jdbc.sql("select account from member order by account limit 30")
                .query(String.class)
                .list();
        byte[] file = file(members, "渠道_线上活动_双十一");
        ExecutorService importers = Executors.newFixedThreadPool(previews);
        try {
            CyclicBarrier together = new CyclicBarrier(previews);
            List<Future<MvcResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < previews; i++) {
                results.add(importers.submit(() -> preview(together, "admin", file)));
            }
            for (Future<MvcResult> result : results) {
                MvcResult answer = result.get(120, TimeUnit.SECONDS);
                assertThat(answer.getResponse().getStatus())
                        .as(answer.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .isEqualTo(201);
                assertThat(answer.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .contains("\"status\":\"PREVIEWED\"", "\"toAdd\":");
            }
        } finally {
            importers.shutdownNow();
            importers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private MvcResult preview(CyclicBarrier together, String user, byte[] file) throws Exception {
        var request = multipart("/api/v1/imports")
                .file(new MockMultipartFile("file", user + ".csv", "text/csv", file))
                .with(demo.as(user));
        together.await(10, TimeUnit.SECONDS);
        return mvc.perform(request).andReturn();
    }

    private MvcResult apply(CyclicBarrier together, String user, byte[] file, String mode) throws Exception {
        var request = multipart("/api/v1/imports")
                .file(new MockMultipartFile("file", user + ".csv", "text/csv", file))
                .param("mode", mode)
                .param("dryRun", "false")
                .with(demo.as(user));
        together.await(10, TimeUnit.SECONDS);
        return mvc.perform(request).andReturn();
    }

    private long carrying(List<String> members, String tag) {
        return jdbc.sql("""
                        select count(*) from member_tag mt join member m on m.id = mt.member_id
                        where m.account = any(cast(:accounts as text[])) and mt.tag_id = (select id from tag where name = :tag)""")
                .param("accounts", members.toArray(String[]::new))
                .param("tag", tag)
                .query(Long.class)
                .single();
    }

    private byte[] file(List<String> members, String tag) {
        StringBuilder csv = new StringBuilder("\uFEFF姓名,账号,标签1\r\n");
        for (String account : members) {
            String name = jdbc.sql("select name from member where account = ?")
                    .param(account)
                    .query(String.class)
                    .single();
            csv.append(name).append(',').append(account).append(',').append(tag).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
