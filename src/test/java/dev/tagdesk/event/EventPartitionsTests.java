package dev.tagdesk.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The events table's monthly partitions: created ahead (at start-up), a missing month's events caught
 * by the default partition and moved into the month's partition when it is created, months past every
 * type's retention dropped whole, and event ids forgotten after the keeping period.
 */
@WebTest
class EventPartitionsTests {

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    EventPartitions partitions;

    long member;
    long type;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        member = demo.count("select min(id) from member");
        type = demo.count("select id from event_type where name = 'consult'");
    }

    void receivedAt(String eventId, Instant received) {
        demo.update("""
                insert into member_event (member_id, type_id, occurred_at, received_at, event_id)
                values (?, ?, ?, ?, ?)""", member, type, Timestamp.from(received), Timestamp.from(received), eventId);
    }

    String partitionOf(String eventId) {
        return demo.text("select tableoid::regclass::text from member_event where event_id = ?", eventId);
    }

    @Test
    void thisMonthAndTheNextOnesHaveTheirPartitionsFromTheStart() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        assertThat(partitions.monthly())
                .contains(
                        EventPartitions.name(now),
                        EventPartitions.name(now.plusMonths(1)),
                        EventPartitions.name(now.plusMonths(2)));
        receivedAt("part-now", Instant.now());
        assertThat(partitionOf("part-now")).isEqualTo(EventPartitions.name(now));
        assertThat(demo.count("""
                        select count(*) from pg_indexes where tablename = ? and indexdef like '%(member_id, type_id, occurred_at)%'""", EventPartitions.name(now)))
                .as("each partition has the (member, type, occurred_at) index")
                .isEqualTo(1);
    }

    @Test
    void aMonthWithoutAPartitionLandsInTheDefaultAndMovesIntoItsPartitionWhenItIsCreated() {
        YearMonth month = YearMonth.of(2031, 5);
        Instant inMay = month.atDay(10).atStartOfDay().toInstant(ZoneOffset.UTC);
        receivedAt("stray-1", inMay);
        receivedAt("stray-2", inMay.plusSeconds(3600));
        assertThat(partitionOf("stray-1")).isEqualTo("member_event_default");

        partitions.ensureMonths(inMay, inMay);
        assertThat(partitionOf("stray-1")).isEqualTo("member_event_y2031m05");
        assertThat(partitionOf("stray-2")).isEqualTo("member_event_y2031m05");
        assertThat(demo.count("select count(*) from member_event_default")).isZero();
        partitions.ensureMonths(inMay, inMay); // again: nothing to do
        assertThat(demo.count("select count(*) from member_event where event_id like 'stray-%'"))
                .isEqualTo(2);
        demo.update("drop table member_event_y2031m05");
    }

    @Test
    void monthsPastTheLongestRetentionAreDroppedWholeAndYoungerOnesKept() {
        Instant now = Instant.now();
        // consult keeps 365 days, click 180: a month is dropped once it is over a year old.
        Instant old = now.minus(java.time.Duration.ofDays(500));
        Instant recent = now.minus(java.time.Duration.ofDays(200));
        partitions.ensureMonths(old, old);
        partitions.ensureMonths(recent, recent);
        receivedAt("old-1", old);
        receivedAt("recent-1", recent);
        String oldMonth = EventPartitions.name(YearMonth.from(old.atZone(ZoneOffset.UTC)));
        String recentMonth = EventPartitions.name(YearMonth.from(recent.atZone(ZoneOffset.UTC)));

        assertThat(partitions.dropExpired(now)).contains(oldMonth).doesNotContain(recentMonth);
        assertThat(partitions.monthly()).doesNotContain(oldMonth).contains(recentMonth);
        assertThat(demo.count("select count(*) from member_event where event_id = 'old-1'"))
                .isZero();
        assertThat(demo.count("select count(*) from member_event where event_id = 'recent-1'"))
                .isEqualTo(1);

        demo.update("update event_type set retention_days = 100");
        assertThat(partitions.dropExpired(now))
                .as("a shorter retention drops more")
                .contains(recentMonth);
        assertThat(partitions.monthly()).contains(EventPartitions.name(YearMonth.from(now.atZone(ZoneOffset.UTC))));
    }

    @Test
    void eventIdsAreForgottenAfterTheKeepingPeriodAndNotBefore() {
        Instant now = Instant.now();
        demo.update(
                "insert into event_receipt (event_id, received_at) values ('id-31-days', ?), ('id-40-days', ?)",
                Timestamp.from(now.minus(java.time.Duration.ofDays(31))),
                Timestamp.from(now.minus(java.time.Duration.ofDays(40))));
        partitions.forgetOldIds(now);
        assertThat(demo.count("select count(*) from event_receipt where event_id = 'id-31-days'"))
                .as("kept at least 30 days")
                .isEqualTo(1);
        assertThat(demo.count("select count(*) from event_receipt where event_id = 'id-40-days'"))
                .isZero();
    }
}
