package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The expiry job removes exactly the expired assignments, in one statement or in batches. */
@WebTest
class ExpiredAssignmentsTests {

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    long live;

    @BeforeEach
    void sevenExpiredAssignments() {
        reset.toDemoData();
        demo.update("update member_tag set expires_at = null");
        demo.update("""
                update member_tag set expires_at = now() - interval '1 hour'
                where (member_id, tag_id) in (select member_id, tag_id from member_tag order by 1, 2 limit 7)""");
        demo.update("""
                update member_tag set expires_at = now() + interval '1 day'
                where (member_id, tag_id) in (select member_id, tag_id from member_tag order by 1 desc, 2 limit 3)""");
        live = demo.count("select count(*) from member_tag") - 7;
    }

    @Test
    void upToOneBatchGoesInOneStatement() {
        assertThat(new ExpiredAssignments(jdbc, events, 7).remove()).isEqualTo(7);
        assertRemovedAndAudited();
    }

    @Test
    void moreThanOneBatchGoesInBatchesUntilTheCountedRowsAreGone() {
        assertThat(new ExpiredAssignments(jdbc, events, 2).remove()).isEqualTo(7);
        assertRemovedAndAudited();
    }

    @Test
    void nothingExpiredChangesNothingAndAuditsNothing() {
        demo.update("update member_tag set expires_at = null where expires_at <= now()");
        assertThat(new ExpiredAssignments(jdbc, events, 2).remove()).isZero();
        assertThat(demo.count("select count(*) from audit_event where action = 'ASSIGNMENTS_EXPIRED'"))
                .isZero();
    }

    private void assertRemovedAndAudited() {
        assertThat(demo.count("select count(*) from member_tag")).isEqualTo(live);
        assertThat(demo.count("select count(*) from member_tag where expires_at > now()"))
                .isEqualTo(3);
        assertThat(demo.count("""
                        select count(*) from audit_event
                        where action = 'ASSIGNMENTS_EXPIRED' and after_state ->> 'count' = '7'""")).isEqualTo(1);
    }
}
