package dev.tagdesk.event;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly partitions of {@code member_event} (by the time TagDesk received an event, in UTC): the
 * current month's and {@code tagdesk.events.partitions-ahead} more are created at start-up and every
 * night; a month whose every event is past the longest retention of any event type is dropped whole.
 * Event ids older than {@code tagdesk.events.keep-ids-days} are forgotten the same night.
 *
 * <p>Should a month's partition be missing when its events arrive (the job did not run), they land in
 * the default partition, and creating the month's partition later moves them into it in the same
 * transaction. Several instances may do this at once: each step holds one advisory lock.
 */
@Component
public class EventPartitions implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);

    /** The advisory lock of partition maintenance ("events" in ASCII). */
    static final long LOCK_KEY = 0x6576656e7473L;

    private static final Pattern NAME = Pattern.compile("member_event_y(\\d{4})m(\\d{2})");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventProperties properties;
    private final Clock clock;

    EventPartitions(JdbcClient jdbc, TransactionTemplate transactions, EventProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Before anything can receive an event (and before the demo data is seeded). */
    @Override
    public void run(ApplicationArguments args) {
        createAhead(clock.instant());
    }

    @Override
    public int getOrder() {
        return -10;
    }

    @Scheduled(cron = "${tagdesk.events.maintenance-cron:0 20 3 * * *}", zone = "${tagdesk.zone:Asia/Shanghai}")
    void nightly() {
        Instant now = clock.instant();
        createAhead(now);
        List<String> dropped = dropExpired(now);
        int forgotten = forgetOldIds(now);
        log.info("Event partitions: dropped {}, forgot {} event ids", dropped, forgotten);
    }

    /** The current month's partition and the configured number ahead. */
    public void createAhead(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        for (int i = 0; i <= properties.partitionsAhead(); i++) {
            ensure(current.plusMonths(i));
        }
    }

    /** The partitions of every month from one instant's to another's (the demo's past events). */
    public void ensureMonths(Instant from, Instant to) {
        YearMonth last = YearMonth.from(to.atZone(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            ensure(m);
        }
    }

    /** The month's partition, created if missing, with whatever the default partition held for it. */
    void ensure(YearMonth month) {
        String name = name(month);
        String from = bound(month);
        String to = bound(month.plusMonths(1));
        transactions.executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)")
                    .param(LOCK_KEY)
                    .query(Object.class)
                    .single();
            if (exists(name)) {
                return;
            }
            boolean stray = jdbc.sql("select exists (select 1 from member_event_default"
                            + " where received_at >= cast(? as timestamptz) and received_at < cast(? as timestamptz))")
                    .params(from, to)
                    .query(Boolean.class)
                    .single();
            if (!stray) {
                jdbc.sql("create table " + name + " partition of member_event for values from ('" + from + "') to ('"
                                + to + "')")
                        .update();
                return;
            }
            jdbc.sql("create table " + name + " (like member_event including defaults)")
                    .update();
            int moved = jdbc.sql("with moved as (delete from member_event_default where received_at >= cast(? as"
                            + " timestamptz) and received_at < cast(? as timestamptz) returning *) insert into " + name
                            + " select * from moved")
                    .params(from, to)
                    .update();
            jdbc.sql("alter table member_event attach partition " + name + " for values from ('" + from + "') to ('"
                            + to + "')")
                    .update();
            log.warn("Created event partition {} and moved {} events into it from the default partition", name, moved);
        });
    }

    /**
     * Drops the monthly partitions whose whole month is older than the longest retention of any event
     * type (a shorter-lived type's events are hidden from reads and rules until then).
     *
     * @return the partitions dropped
     */
    public List<String> dropExpired(Instant now) {
        return transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)")
                    .param(LOCK_KEY)
                    .query(Object.class)
                    .single();
            Integer longest = jdbc.sql("select max(retention_days) from event_type")
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            List<String> dropped = new ArrayList<>();
            if (longest == null) {
                return dropped;
            }
            LocalDate keepFrom = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(longest);
            for (String partition : monthly()) {
                Matcher m = NAME.matcher(partition);
                if (!m.matches()) {
                    continue;
                }
                YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                if (!month.plusMonths(1).atDay(1).isAfter(keepFrom)) {
                    jdbc.sql("drop table " + partition).update();
                    dropped.add(partition);
                }
            }
            return dropped;
        });
    }

    /** Forgets the event ids received before the keeping period: an older batch sent again is new. */
    public int forgetOldIds(Instant now) {
        return jdbc.sql("delete from event_receipt where received_at < ?")
                .param(Timestamp.from(now.minus(java.time.Duration.ofDays(properties.keepIdsDays()))))
                .update();
    }

    /** The monthly partitions that exist, by name. */
    public List<String> monthly() {
        return jdbc.sql("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = 'member_event'::regclass and c.relname <> 'member_event_default'
                        order by c.relname""").query(String.class).list();
    }

    private boolean exists(String name) {
        return jdbc.sql("select to_regclass(?) is not null")
                .param(name)
                .query(Boolean.class)
                .single();
    }

    static String name(YearMonth month) {
        return "member_event_y%04dm%02d".formatted(month.getYear(), month.getMonthValue());
    }

    private static String bound(YearMonth month) {
        return month.atDay(1) + " 00:00:00+00";
    }
}
