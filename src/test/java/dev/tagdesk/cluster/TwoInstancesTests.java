package dev.tagdesk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.TagDeskInstance;
import dev.tagdesk.support.Visitor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two TagDesk instances, A and B, on one database, driven over HTTP as a load balancer would drive
 * them: a visitor's requests go to either. A session started on one is the other's too (sessions live in
 * PostgreSQL), and so is its CSRF token; logging out or being disabled ends it on both. Imports started
 * on both at once take the turns of the whole cluster, not two sets of their own.
 */
class TwoInstancesTests {

    static TagDeskInstance a;
    static TagDeskInstance b;

    JdbcClient jdbc;

    /** Every scheduled job every 2 s on both instances, a lock held at least 1 s. */
    static final String EVERY_TWO_SECONDS = "*/2 * * * * *";

    @BeforeAll
    static void startTwoInstances() {
        List<String> settings = new ArrayList<>(List.of("tagdesk.jobs.lock-at-least-for=PT1S"));
        cronJobs().forEach(job -> settings.add(job.cronProperty() + "=" + EVERY_TWO_SECONDS));
        a = TagDeskInstance.start("A", settings, CountedLocks.class);
        b = TagDeskInstance.start("B", settings, CountedLocks.class);
    }

    static List<ScheduledJobsInCode.Job> cronJobs() {
        return ScheduledJobsInCode.all().stream()
                .filter(job -> job.cron() != null && job.lock() != null)
                .toList();
    }

    @AfterAll
    static void stopThem() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @BeforeEach
    void demoData() {
        a.resetToDemoData();
        jdbc = a.jdbc();
    }

    @Test
    void aLoginOnAIsValidOnBAndAFormOfAPostedToBWithItsTokenSucceeds() {
        Visitor visitor = new Visitor();
        visitor.logIn(a, "ops.sales");

        HttpResponse<String> home = visitor.get(b, "/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"current-user\"").contains("ops.sales");

        String account = memberOf("SALES-E");
        long tag = tagId("偏好_数码");
        untag(account, tag);
        HttpResponse<String> memberPage = visitor.get(a, "/members/" + account);
        assertThat(memberPage.statusCode()).isEqualTo(200);
        HttpResponse<String> tagged = visitor.post(
                b, "/members/" + account + "/tags", "tagId", String.valueOf(tag), "_csrf", Visitor.csrf(memberPage));
        assertThat(tagged.statusCode()).isEqualTo(302);
        assertThat(Visitor.location(tagged)).endsWith("/members/" + account);
        assertThat(carries(account, tag)).isTrue();
        // The flash message written by B's session is read by A on the next page.
        assertThat(visitor.get(a, "/members/" + account).body()).contains("偏好_数码");
    }

    @Test
    void loggingOutOnBEndsTheSessionOnA() {
        Visitor visitor = new Visitor();
        visitor.logIn(a, "auditor");
        HttpResponse<String> page = visitor.get(a, "/tags");
        assertThat(page.statusCode()).isEqualTo(200);

        HttpResponse<String> logout = visitor.post(b, "/logout", "_csrf", Visitor.csrf(page));
        assertThat(Visitor.location(logout)).isEqualTo("/login?logout");

        HttpResponse<String> after = visitor.get(a, "/tags");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(Visitor.location(after)).startsWith("/login");
    }

    @Test
    void aDisabledUserIsLoggedOutOnEveryInstanceAndCannotLogInAgain() {
        Visitor onA = new Visitor();
        onA.logIn(a, "ops.purchase");
        Visitor onB = new Visitor();
        onB.logIn(b, "ops.purchase");
        assertThat(onA.get(a, "/tags").statusCode()).isEqualTo(200);
        assertThat(onB.get(b, "/tags").statusCode()).isEqualTo(200);
        long id = jdbc.sql("select id from app_user where username = 'ops.purchase'")
                .query(Long.class)
                .single();

        HttpResponse<String> disabled = Visitor.api(a, "POST", "/api/v1/users/" + id + "/disable", "admin");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.body()).contains("\"enabled\":false");

        for (var visit : List.of(onA.get(b, "/tags"), onB.get(a, "/tags"), onB.get(b, "/tags"))) {
            assertThat(visit.statusCode()).isEqualTo(302);
            assertThat(Visitor.location(visit)).startsWith("/login");
        }
        assertThatLoginFails(b, "ops.purchase");
        assertThat(Visitor.api(b, "GET", "/api/v1/departments", "ops.purchase").statusCode())
                .isEqualTo(401);
        assertThat(jdbc.sql("select after_state ->> 'sessionsEnded' from audit_event where action = 'USER_DISABLED'")
                        .query(String.class)
                        .single())
                .isEqualTo("2");

        assertThat(Visitor.api(b, "POST", "/api/v1/users/" + id + "/enable", "admin")
                        .body())
                .contains("\"enabled\":true");
        new Visitor().logIn(a, "ops.purchase");
    }

    @Test
    void importsStartedOnBothInstancesAtOnceTakeTheTurnsOfTheWholeCluster() throws Exception {
        String account = memberOf("SALES-E");
        long tag = tagId("偏好_数码");
        untag(account, tag);
        byte[] file = ("\uFEFF姓名,账号,标签1\r\n" + nameOf(account) + "," + account + ",偏好_数码\r\n")
                .getBytes(StandardCharsets.UTF_8);
        DataSource database = a.bean(DataSource.class);

        // Reading: with the staging table locked, the files that have a turn stay in it, holding it.
        List<CompletableFuture<HttpResponse<String>>> previews = new ArrayList<>();
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table import_row in access exclusive mode");
            }
            for (TagDeskInstance instance : List.of(a, b, a)) {
                Visitor.Multipart upload = Visitor.multipart("turns.csv", file, "dryRun", "true");
                previews.add(Visitor.apiAsync(
                        instance, "POST", "/api/v1/imports", "ops.sales", upload.body(), upload.contentType()));
            }
            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(20), () -> turns("READING").equals(List.of(2, 1))))
                    .as("two files read at once across both instances, the third waiting: %s", turns("READING"))
                    .isTrue();
            Thread.sleep(600); // three heartbeats: nobody takes a third turn meanwhile
            assertThat(turns("READING")).isEqualTo(List.of(2, 1));
            holder.rollback();
        }
        List<Long> jobs = new ArrayList<>();
        for (var preview : previews) {
            HttpResponse<String> answer = preview.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(answer.body()).contains("\"status\":\"PREVIEWED\"");
            jobs.add(Long.valueOf(answer.body().replaceAll("(?s).*?\"id\":(\\d+).*", "$1")));
        }

        // Applying: one at a time across both instances, while another bulk write holds the lock.
        List<CompletableFuture<HttpResponse<String>>> applies = new ArrayList<>();
        try (Connection otherBulkWrite = database.getConnection()) {
            otherBulkWrite.setAutoCommit(false);
            try (Statement lock = otherBulkWrite.createStatement()) {
                lock.execute(dev.tagdesk.tag.internal.Assignments.TAKE_BULK_WRITE_LOCK);
            }
            List<TagDeskInstance> where = List.of(b, a, b);
            for (int i = 0; i < jobs.size(); i++) {
                applies.add(Visitor.apiAsync(
                        where.get(i),
                        "POST",
                        "/api/v1/imports/" + jobs.get(i) + "/apply",
                        "ops.sales",
                        java.net.http.HttpRequest.BodyPublishers.noBody(),
                        null));
            }
            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(20), () -> turns("APPLYING").equals(List.of(1, 2))))
                    .as("one apply across both instances, two waiting: %s", turns("APPLYING"))
                    .isTrue();
            Thread.sleep(600);
            assertThat(turns("APPLYING")).isEqualTo(List.of(1, 2));
            assertThat(carries(account, tag)).isFalse();
            otherBulkWrite.rollback();
        }
        for (var apply : applies) {
            HttpResponse<String> answer = apply.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":\"APPLIED\"");
        }
        assertThat(carries(account, tag)).isTrue();
        assertThat(jdbc.sql("select distinct running_on from import_job")
                        .query(String.class)
                        .list())
                .as("both instances ran some")
                .contains("A", "B");
    }

    /**
     * Both instances' schedulers fire every job at the same moments; in each of those, exactly one of
     * them takes the job's lock and runs it (the other finds it taken), for every job that has a cron.
     */
    @Test
    void eachScheduledJobRunsOncePerScheduleAcrossBothInstances() throws Exception {
        Instant from = Instant.now();
        Thread.sleep(5_500);
        List<CountedLocks.Ask> asked = CountedLocks.asked().stream()
                .filter(ask -> ask.at().isAfter(from))
                .toList();
        assertThat(cronJobs()).isNotEmpty();
        for (ScheduledJobsInCode.Job job : cronJobs()) {
            Map<Long, List<CountedLocks.Ask>> bySchedule = asked.stream()
                    .filter(ask -> ask.job().equals(job.lock()))
                    .collect(Collectors.groupingBy(ask -> (ask.at().toEpochMilli() + 500) / 2_000));
            assertThat(bySchedule).as("%s was scheduled", job.method()).isNotEmpty();
            bySchedule.forEach((moment, asks) -> assertThat(asks.stream().filter(CountedLocks.Ask::ran))
                    .as("%s at one moment: %s", job.method(), asks)
                    .hasSizeLessThanOrEqualTo(1));
            assertThat(bySchedule.values())
                    .as("%s: a moment both instances tried, one ran it", job.method())
                    .anySatisfy(asks -> {
                        assertThat(asks).extracting(CountedLocks.Ask::instance).contains("A", "B");
                        assertThat(asks.stream().filter(CountedLocks.Ask::ran)).hasSize(1);
                    });
        }
    }

    /** Running jobs of a step: [holding a turn, waiting for one]. */
    private List<Integer> turns(String status) {
        return jdbc.sql("""
                        select count(*) filter (where turn_taken_at is not null), count(*) filter (where turn_taken_at is null)
                        from import_job where status = ?""")
                .param(status)
                .query((rs, i) -> List.of(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    private void assertThatLoginFails(TagDeskInstance instance, String username) {
        Visitor visitor = new Visitor();
        HttpResponse<String> login = visitor.post(
                instance,
                "/login",
                "username",
                username,
                "password",
                "tagdesk-demo",
                "_csrf",
                Visitor.csrf(visitor.get(instance, "/login")));
        assertThat(Visitor.location(login)).isEqualTo("/login?error");
    }

    private String memberOf(String departmentCode) {
        return jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = ? order by m.account limit 1""").param(departmentCode).query(String.class).single();
    }

    private String nameOf(String account) {
        return jdbc.sql("select name from member where account = ?")
                .param(account)
                .query(String.class)
                .single();
    }

    private long tagId(String name) {
        return jdbc.sql("select id from tag where name = ? and deleted_at is null")
                .param(name)
                .query(Long.class)
                .single();
    }

    private void untag(String account, long tag) {
        jdbc.sql("delete from member_tag where tag_id = ? and member_id = (select id from member where account = ?)")
                .params(tag, account)
                .update();
    }

    private boolean carries(String account, long tag) {
        return jdbc.sql("""
                        select exists (select 1 from member_tag mt join member m on m.id = mt.member_id
                                       where m.account = ? and mt.tag_id = ?)""").params(account, tag).query(Boolean.class).single();
    }
}
