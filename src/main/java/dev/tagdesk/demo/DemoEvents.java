package dev.tagdesk.demo;

import dev.tagdesk.event.EventPartitions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's behaviour events: two event types (咨询 {@code consult} with a {@code product}, 点击
 * {@code click} with a {@code link}), some three thousand events of the last four months as a CRM
 * would have pushed them (received 3 to 5 minutes after they occurred), and the two seed event rules,
 * disabled: 三个月内重复咨询相同产品 → 意向_高潜力培育对象, 点击产品手册链接超 3 次 → 意向_产品意向强烈.
 * Deterministic (fixed seed), so the dry-run counts in tests are stable for a given day.
 */
@Component
class DemoEvents {

    static final String HIGH_POTENTIAL = "意向_高潜力培育对象";
    static final String STRONG_INTEREST = "意向_产品意向强烈";

    private static final List<String> PRODUCTS = List.of("理财A", "理财B", "基金C", "保险D");
    private static final List<String> LINKS = List.of("product-manual", "price-list", "faq", "case-study");

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final EventPartitions partitions;

    DemoEvents(JdbcClient jdbc, JdbcTemplate jdbcTemplate, EventPartitions partitions) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.partitions = partitions;
    }

    /** In the demo's transaction, after its members and tags. */
    void seed(Collection<Long> memberIds, Map<String, Long> tagIds, long headquarters, Instant now) {
        long consult = eventType("consult", "咨询", "{\"product\":\"STRING\"}", 365);
        long click = eventType("click", "点击", "{\"link\":\"STRING\"}", 180);
        Random random = new Random(20261201L);
        List<Object[]> events = new ArrayList<>();
        for (long member : memberIds) {
            // Seven in ten members asked about products in the last four months, some about one twice.
            if (random.nextInt(10) < 7) {
                int asked = 1 + random.nextInt(4);
                String favourite = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
                for (int i = 0; i < asked; i++) {
                    String product = random.nextBoolean() ? favourite : PRODUCTS.get(random.nextInt(PRODUCTS.size()));
                    events.add(
                            event(member, consult, "product", product, ago(random, 120), now, random, events.size()));
                }
            }
            // Clicks in the last six weeks: most members a few, some the product manual again and again.
            int clicks = random.nextInt(3) == 0 ? 6 + random.nextInt(10) : random.nextInt(8);
            for (int i = 0; i < clicks; i++) {
                String link = random.nextInt(3) == 0 ? LINKS.get(0) : LINKS.get(random.nextInt(LINKS.size()));
                events.add(event(member, click, "link", link, ago(random, 42), now, random, events.size()));
            }
        }
        Instant earliest = events.stream()
                .map(e -> ((Timestamp) e[3]).toInstant())
                .min(Instant::compareTo)
                .orElse(now);
        partitions.ensureMonths(earliest, now);
        jdbcTemplate.batchUpdate("""
                insert into member_event (member_id, type_id, occurred_at, received_at, event_id, properties)
                values (?, ?, ?, ?, ?, cast(? as jsonb))""", events);
        jdbc.sql("insert into event_receipt (event_id, received_at) select event_id, received_at from member_event")
                .update();
        rule(
                "三个月内重复咨询相同产品",
                "{\"events\":{\"type\":\"consult\",\"atLeast\":2,\"withinDays\":90,\"sameValueOf\":\"product\"}}",
                tagIds.get(HIGH_POTENTIAL),
                headquarters,
                now);
        rule(
                "点击产品手册链接超 3 次",
                "{\"events\":{\"type\":\"click\",\"atLeast\":4,\"withinDays\":30,\"where\":{\"link\":\"product-manual\"}}}",
                tagIds.get(STRONG_INTEREST),
                headquarters,
                now);
    }

    private long eventType(String name, String displayName, String properties, int retentionDays) {
        return jdbc.sql("""
                        insert into event_type (name, display_name, properties, retention_days, created_by)
                        values (?, ?, cast(? as jsonb), ?, 'admin') returning id""")
                .params(name, displayName, properties, retentionDays)
                .query(Long.class)
                .single();
    }

    /** How long before the seed an event occurred: 10 minutes to {@code days} days. */
    private static Duration ago(Random random, int days) {
        return Duration.ofMinutes(10 + random.nextInt(days * 24 * 60));
    }

    /** Occurred {@code ago} before {@code now}, received 3 to 5 minutes later. */
    private static Object[] event(
            long member, long type, String property, String value, Duration ago, Instant now, Random random, int n) {
        Instant occurred = now.minus(ago);
        Instant received = occurred.plus(Duration.ofSeconds(180 + random.nextInt(120)));
        return new Object[] {
            member,
            type,
            Timestamp.from(occurred),
            Timestamp.from(received),
            "demo-" + n,
            "{\"" + property + "\":\"" + value + "\"}"
        };
    }

    /** A seed event rule: disabled (an admin enables it), for every department. */
    private void rule(String name, String condition, long tag, long headquarters, Instant now) {
        long ruleId = jdbc.sql("""
                        insert into tag_rule (name, enabled, condition, action, tag_ids, created_by, created_at, updated_at)
                        values (?, false, cast(? as jsonb), cast(? as jsonb), cast(? as bigint[]), 'admin', ?, ?) returning id""")
                .params(
                        name,
                        condition,
                        "{\"add\":[" + tag + "],\"remove\":[],\"shelfLifeDays\":null}",
                        "{" + tag + "}",
                        Timestamp.from(now),
                        Timestamp.from(now))
                .query(Long.class)
                .single();
        jdbc.sql(
                        "insert into tag_rule_department (rule_id, department_id, include_sub_departments) values (?, ?, true)")
                .params(ruleId, headquarters)
                .update();
    }
}
