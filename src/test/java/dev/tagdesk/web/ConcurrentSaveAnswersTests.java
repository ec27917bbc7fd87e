package dev.tagdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Two saves of one row that both pass their read (and its version check) before either writes: the
 * later write finds the row's version changed and Hibernate's optimistic lock refuses it
 * ({@code ConcurrencyFailureException}). ApiErrors and PageErrors answer that with 409, never a 500.
 *
 * <p>The race is real and made certain: the test holds the row with {@code SELECT … FOR UPDATE} on a
 * connection of its own while both saves read it and reach their {@code UPDATE … WHERE version = ?},
 * waits until PostgreSQL shows both waiting for that lock, and lets go. One save then writes; the
 * other, re-checking its {@code WHERE} against the new row (READ COMMITTED), updates nothing.
 */
@WebTest
class ConcurrentSaveAnswersTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    final ExecutorService twoSaves = Executors.newFixedThreadPool(2);

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @AfterEach
    void stop() throws InterruptedException {
        twoSaves.shutdownNow();
        twoSaves.awaitTermination(10, TimeUnit.SECONDS);
        reset.toDemoData();
    }

    @Test
    void twoApiSavesOfOneMemberThatRaceEndInOneSaveAndA409VersionStaleNeverA500() throws Exception {
        String account = demo.memberOf("SALES-E");
        long member = demo.count("select id from member where account = ?", account);
        long department = demo.departmentId("SALES-E");
        long version = demo.count("select version from member where id = ?", member);

        List<MvcResult> answers = whileRowIsHeld(
                "member",
                member,
                List.of("王一", "李二").stream()
                        .map(name -> (MockHttpServletRequestBuilder) put("/api/v1/members/{account}", account)
                                .with(demo.as("admin"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("""
                                {"name":"%s","departmentIds":[%d],"status":"ACTIVE","version":%d}""".formatted(name, department, version)))
                        .toList());

        assertThat(answers).extracting(a -> a.getResponse().getStatus()).containsExactlyInAnyOrder(200, 409);
        MvcResult lost = answers.stream()
                .filter(a -> a.getResponse().getStatus() == 409)
                .findFirst()
                .orElseThrow();
        assertThat(lost.getResponse().getContentType()).startsWith("application/problem+json");
        String body = lost.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body)
                .contains("\"code\":\"VERSION_STALE\"")
                .contains("数据已被他人修改")
                .doesNotContain("incident");
        assertThat(demo.count("select version from member where id = ?", member))
                .isEqualTo(version + 1);
        String winner = answers.stream()
                .filter(a -> a.getResponse().getStatus() == 200)
                .findFirst()
                .orElseThrow()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String saved = jdbc.sql("select name from member where id = ?")
                .param(member)
                .query(String.class)
                .single();
        assertThat(winner).contains("\"name\":\"" + saved + "\"");
    }

    @Test
    void twoPageSavesOfOneTagGroupThatRaceEndInOneSaveAndThe409PageNeverA500() throws Exception {
        long group = demo.count("select id from tag_group where name = '客户来源'");
        long version = demo.count("select version from tag_group where id = ?", group);

        List<MvcResult> answers = whileRowIsHeld(
                "tag_group",
                group,
                List.of("客户来源_甲", "客户来源_乙").stream()
                        .map(name -> (MockHttpServletRequestBuilder) post("/tag-groups/{id}", group)
                                .with(demo.as("admin"))
                                .with(csrf())
                                .param("name", name)
                                .param("kind", "STATIC")
                                .param("sortOrder", "1")
                                .param("version", String.valueOf(version)))
                        .toList());

        assertThat(answers).extracting(a -> a.getResponse().getStatus()).containsExactlyInAnyOrder(302, 409);
        MvcResult lost = answers.stream()
                .filter(a -> a.getResponse().getStatus() == 409)
                .findFirst()
                .orElseThrow();
        assertThat(lost.getModelAndView()).isNotNull();
        assertThat(lost.getModelAndView().getViewName()).isEqualTo("error/409");
        assertThat(lost.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("已被他人修改")
                .contains("您的修改没有保存");
        assertThat(demo.count("select version from tag_group where id = ?", group))
                .isEqualTo(version + 1);
    }

    /**
     * The answers to {@code saves}, sent at once while this test holds the row {@code id} of
     * {@code table}; the row is let go only when every save waits for it.
     */
    private List<MvcResult> whileRowIsHeld(String table, long id, List<MockHttpServletRequestBuilder> saves)
            throws Exception {
        List<Future<MvcResult>> answers = new ArrayList<>();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold =
                    holder.prepareStatement("select id from " + table + " where id = ? for update")) {
                hold.setLong(1, id);
                hold.executeQuery().close();
            }
            for (MockHttpServletRequestBuilder save : saves) {
                answers.add(twoSaves.submit(() -> mvc.perform(save).andReturn()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waitingToUpdate(table) < saves.size()) {
                for (Future<MvcResult> answer : answers) {
                    assertThat(answer.isDone())
                            .as(
                                    "a save answered before it waited for the row: %s",
                                    answer.isDone() ? answer.get().getResponse().getStatus() : "")
                            .isFalse();
                }
                assertThat(System.nanoTime()).as("both saves wait for the row").isLessThan(deadline);
                Thread.sleep(20);
            }
            holder.rollback();
        }
        List<MvcResult> results = new ArrayList<>();
        for (Future<MvcResult> answer : answers) {
            results.add(answer.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    /** How many sessions wait for a row lock in an UPDATE of {@code table}. */
    private long waitingToUpdate(String table) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query ilike ?""").param("update " + table + " %").query(Long.class).single();
    }
}
