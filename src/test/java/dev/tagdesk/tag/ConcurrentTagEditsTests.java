package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two admins save the same tag at the same moment, each from the version they loaded: exactly one
 * save wins, the other is told who changed the tag meanwhile, and nothing is half-written. Repeated
 * so the two requests really overlap in the database at least some of the time.
 */
@WebTest
class ConcurrentTagEditsTests {

    static final int ROUNDS = 12;

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    ExecutorService twoAdmins = Executors.newFixedThreadPool(2);

    @BeforeEach
    void aSecondAdmin() {
        reset.toDemoData();
        demo.update("""
                insert into app_user (username, password_hash, role)
                select 'admin.li', password_hash, 'ADMIN' from app_user where username = 'admin'""");
    }

    @AfterEach
    void stop() throws InterruptedException {
        twoAdmins.shutdownNow();
        twoAdmins.awaitTermination(10, TimeUnit.SECONDS);
        reset.toDemoData();
    }

    @Test
    void twoAdminsSavingTheSameTagAtOnceExactlyOneWinsAndTheOtherIsToldWho() throws Exception {
        long id = demo.count("select id from tag where name = '偏好_数码'");
        long group = demo.count("select group_id from tag where id = ?", id);
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long version = demo.count("select version from tag where id = ?", id);
            CyclicBarrier together = new CyclicBarrier(2);
            String wangsName = "偏好_数码_王" + round;
            String lisName = "偏好_数码_李" + round;
            var wang = twoAdmins.submit(() -> save(together, "admin", id, group, wangsName, version));
            var li = twoAdmins.submit(() -> save(together, "admin.li", id, group, lisName, version));
            MvcResult first = wang.get(30, TimeUnit.SECONDS);
            MvcResult second = li.get(30, TimeUnit.SECONDS);

            List<Integer> statuses = List.of(
                    first.getResponse().getStatus(), second.getResponse().getStatus());
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
            MvcResult winner = first.getResponse().getStatus() == 200 ? first : second;
            MvcResult loser = winner == first ? second : first;
            String winnerName = winner == first ? "admin" : "admin.li";
            String loserBody = loser.getResponse().getContentAsString(StandardCharsets.UTF_8);
            JsonNode loserProblem = new JsonMapper().readTree(loserBody);
            assertThat(loserProblem.get("code").asString()).isEqualTo("VERSION_STALE");
            assertThat(loserProblem.get("errors").get(1).get("code").asString()).isEqualTo("TAG_CHANGED_MEANWHILE");
            assertThat(loserProblem.get("errors").get(1).get("message").asString())
                    .as("the loser is told who won")
                    .contains("已被 " + winnerName + " 于");
            outcomes.add(winnerName);

            String saved = jdbcName(id);
            assertThat(saved).as("the winner's name, whole").isEqualTo(winner == first ? wangsName : lisName);
            assertThat(demo.count("select version from tag where id = ?", id)).isEqualTo(version + 1);
            assertThat(demo.count("""
                            select count(*) from audit_event
                            where action = 'TAG_UPDATED' and target_id = ? and actor = ?""", String.valueOf(id), winnerName)).isPositive();
        }
        assertThat(outcomes).hasSize(ROUNDS);
    }

    private MvcResult save(CyclicBarrier together, String admin, long id, long group, String name, long version)
            throws Exception {
        var request = put("/api/v1/tags/{id}", id)
                .with(demo.as(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"%s","groupId":%d,"color":"#3A86FF","wholeCompany":true,"version":%d}""".formatted(name, group, version));
        together.await(10, TimeUnit.SECONDS);
        return mvc.perform(request).andReturn();
    }

    private String jdbcName(long id) {
        return jdbc.sql("select name from tag where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }
}
