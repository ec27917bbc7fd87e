package dev.tagdesk.tag;

import dev.tagdesk.audit.AuditRecord;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Removes assignments whose shelf life has run out. Reads never show them anyway (they go through
 * {@code live_member_tag}); this keeps the table small. One statement per batch, each its own
 * transaction, so a million expired rows never hold one long lock; one audit entry with the count.
 */
@Service
public class ExpiredAssignments {

    static final int BATCH_SIZE = 50_000;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ExpiredAssignments(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Removes every assignment expired by now and returns how many there were. */
    public long remove() {
        long total = 0;
        int removed;
        do {
            removed = jdbc.sql("""
                            delete from member_tag where ctid = any(array(
                                select ctid from member_tag where expires_at <= now() limit :batch))""").param("batch", BATCH_SIZE).update();
            total += removed;
        } while (removed == BATCH_SIZE);
        if (total > 0) {
            events.publishEvent(
                    new AuditRecord("ASSIGNMENTS_EXPIRED", "member_tag", null, null, Map.of("count", total), "system"));
        }
        return total;
    }
}
