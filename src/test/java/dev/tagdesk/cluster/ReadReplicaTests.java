package dev.tagdesk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.TagDeskInstance;
import dev.tagdesk.support.TestStandby;
import dev.tagdesk.support.Visitor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Heavy reads on a read replica ({@code tagdesk.datasource.replica.url}). The replica here is a real
 * second PostgreSQL server, a hot standby streaming the test database's WAL ({@link TestStandby}), not
 * a second pool on the same server marked read-only. With the standby's replay paused, a change is on
 * the primary only: the pages and the API show it at once (they read their own writes on the
 * primary), the export does not, until replay resumes; its audit entry is written on the primary.
 */
class ReadReplicaTests {

    static TestStandby standby;
    static TagDeskInstance instance;

    JdbcClient primary;
    String account;
    long tag;

    @BeforeAll
    static void startAStandbyAndAnInstanceThatReadsItsExportsThere() {
        standby = TestStandby.ofTheTestDatabase();
        instance = TagDeskInstance.start(
                "replicated", List.of("tagdesk.datasource.replica.url=" + standby.url("postgres")));
    }

    @AfterAll
    static void stopThem() {
        if (instance != null) {
            instance.close();
        }
        if (standby != null) {
            standby.close();
        }
    }

    @BeforeEach
    void demoData() {
        instance.resetToDemoData();
        primary = instance.jdbc();
        account = primary.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id where d.code = 'SALES-E' order by m.account limit 1""").query(String.class).single();
        tag = primary.sql("select id from tag where name = '偏好_数码' and deleted_at is null")
                .query(Long.class)
                .single();
        primary.sql("delete from member_tag where tag_id = ? and member_id = (select id from member where account = ?)")
                .params(tag, account)
                .update();
        awaitReplicaCaughtUp();
    }

    @Test
    void theReplicaIsAStandbyServerStreamingFromTheDatabase() {
        assertThat(standby.query("select pg_is_in_recovery()")).isEqualTo("t");
        assertThat(primary.sql("select state from pg_stat_replication where application_name = 'tagdesk-test-standby'")
                        .query(String.class)
                        .single())
                .isEqualTo("streaming");
        assertThat(standby.query("show port"))
                .isNotEqualTo(primary.sql("show port").query(String.class).single());
    }

    @Test
    void exportsReadTheReplicaWhilePagesReadTheirOwnWritesOnThePrimary() {
        assertThat(exportedTagsOf(account)).doesNotContain("偏好_数码");
        long exportsAudited = exportsAudited();

        standby.query("select pg_wal_replay_pause()");
        try {
            assertThat(TagDeskInstance.within(
                            Duration.ofSeconds(10), () -> standby.query("select pg_get_wal_replay_pause_state()")
                                    .equals("paused")))
                    .isTrue();
            HttpResponse<String> tagged =
                    Visitor.api(instance, "PUT", "/api/v1/members/" + account + "/tags/" + tag, "admin");
            assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(201);

            assertThat(Visitor.api(instance, "GET", "/api/v1/members/" + account, "admin")
                            .body())
                    .as("the API reads its own write")
                    .contains("偏好_数码");
            Visitor visitor = new Visitor();
            visitor.logIn(instance, "admin");
            assertThat(visitor.get(instance, "/members/" + account).body())
                    .as("the member's page reads its own write")
                    .contains("偏好_数码");
            assertThat(exportedTagsOf(account))
                    .as("the export reads the replica, which has not replayed the change yet")
                    .doesNotContain("偏好_数码");
            assertThat(exportsAudited()).as("audited on the primary").isEqualTo(exportsAudited + 1);
        } finally {
            standby.query("select pg_wal_replay_resume()");
        }
        awaitReplicaCaughtUp();
        assertThat(exportedTagsOf(account)).contains("偏好_数码");
    }

    /** The member's line of the member-tag export (from the replica). */
    private String exportedTagsOf(String member) {
        HttpResponse<String> export = Visitor.api(instance, "GET", "/api/v1/exports/member-tags.csv", "admin");
        assertThat(export.statusCode()).isEqualTo(200);
        return export.body()
                .lines()
                .filter(line -> line.split(",").length > 1 && line.split(",")[1].equals(member))
                .findFirst()
                .orElseThrow();
    }

    private long exportsAudited() {
        return primary.sql("select count(*) from audit_event where action = 'EXPORT_MEMBER_TAGS'")
                .query(Long.class)
                .single();
    }

    private void awaitReplicaCaughtUp() {
        String written = primary.sql("select pg_current_wal_lsn()::text")
                .query(String.class)
                .single();
        assertThat(TagDeskInstance.within(Duration.ofSeconds(20), () -> standby.query(
                                "select pg_last_wal_replay_lsn() >= '" + written + "'::pg_lsn")
                        .equals("t")))
                .as("the standby replayed the primary's WAL up to " + written)
                .isTrue();
    }
}
