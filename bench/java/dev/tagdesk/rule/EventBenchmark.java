package dev.tagdesk.rule;

import static dev.tagdesk.bench.Timing.median;
import static dev.tagdesk.bench.Timing.runs;
import static dev.tagdesk.bench.Timing.seconds;

import dev.tagdesk.bench.ScaleData;
import dev.tagdesk.event.EventPartitions;
import dev.tagdesk.support.DemoReset;
import java.io.BufferedWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Behaviour events at volume, side by side with their floors in one run on one database:
 *
 * <ol>
 *   <li>1,000,000 events posted to {@code POST /api/v1/events} of the running server in batches of
 *       1,000 by 4 concurrent clients, against a raw {@code COPY} of the same rows into the events
 *       table (its index included). Goal ≤ 3×.
 *   <li>The two seed event rules over 10,000,000 events of 200,000 members, applied by TagDesk (one
 *       statement each), against the same {@code INSERT … SELECT} written by hand. Goal ≤ 2×. The 10
 *       million events are generated with one {@code INSERT … SELECT generate_series}.
 * </ol>
 *
 * <p>The API clients log in as an admin whose bcrypt cost is 4, standing in for the access tokens an
 * integration will use (a hash lookup): with the console's cost 10, HTTP Basic alone costs ≈ 60 ms of
 * CPU a call, which on two cores is most of the ingest's time and says nothing about the events.
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=EventBenchmark} ({@code -Dbench.argLine='-Xmx1g -Dbench.eventRules=false'} for the ingest alone)
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tagdesk.rules.nightly=false"})
@Import(DemoReset.class)
class EventBenchmark {

    static final int EVENTS = 1_000_000;
    static final int BATCH = 1_000;
    static final int CLIENTS = 4;
    static final int RULE_EVENTS = 10_000_000;
    static final int RUNS = 3;
    static final List<String> PRODUCTS = List.of("理财A", "理财B", "基金C", "保险D");
    static final List<String> LINKS = List.of("product-manual", "price-list", "faq", "case-study");

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    RuleEffects effects;

    @Autowired
    EventPartitions partitions;

    @Autowired
    TransactionTemplate transactions;

    @LocalServerPort
    int port;

    final JsonMapper json = new JsonMapper();
    final StringBuilder report = new StringBuilder();

    List<String> accounts;
    List<Long> memberIds;
    long consult;
    long click;

    @Test
    void aMillionEventsThroughTheApiAndTwoRulesOverTenMillion() throws Exception {
        reset.toDemoData();
        new ScaleData(jdbc, passwords).generate();
        jdbc.sql("insert into app_user (username, password_hash, role) values ('crm.bench', ?, 'ADMIN')")
                .param("{bcrypt}" + new BCryptPasswordEncoder(4).encode("crm-bench-password"))
                .update();
        accounts = new ArrayList<>();
        memberIds = new ArrayList<>();
        jdbc.sql("select id, account from member order by id").query(rs -> {
            memberIds.add(rs.getLong("id"));
            accounts.add(rs.getString("account"));
        });
        consult = jdbc.sql("select id from event_type where name = 'consult'").query(Long.class).single();
        click = jdbc.sql("select id from event_type where name = 'click'").query(Long.class).single();
        line("Machine: %d cores, Java %s; data: %,d members", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), accounts.size());

        ingest();
        if (Boolean.parseBoolean(System.getProperty("bench.eventRules", "true"))) {
            eventRules();
        }

        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "events.md"), report.toString());
        System.out.println("\n=== EventBenchmark ===\n" + report);
    }

    // --- 1. ingest ------------------------------------------------------------------------------

    void ingest() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path rows = Files.createTempFile("tagdesk-events", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
            for (int i = 0; i < EVENTS; i++) {
                boolean asks = i % 2 == 0;
                String properties = asks
                        ? "{\"product\": \"" + PRODUCTS.get(i / 2 % 4) + "\"}"
                        : "{\"link\": \"" + LINKS.get(i / 2 % 4) + "\"}";
                out.write(memberIds.get(i % memberIds.size()) + "," + (asks ? consult : click) + ","
                        + occurred(base, i) + "," + base + ",floor-" + i + ",\"" + properties.replace("\"", "\"\"")
                        + "\"\n");
            }
        }
        // The clients send what they already hold, as the floor copies a file written before it is timed.
        List<byte[]> bodies = new ArrayList<>();
        for (int batch = 0; batch < EVENTS / BATCH; batch++) {
            bodies.add(batch(base, batch).getBytes(StandardCharsets.UTF_8));
        }
        // Warm-up, not timed: the server's JIT compiles the ingest path (50 batches of other ids).
        List<byte[]> warmUp = new ArrayList<>();
        for (int batch = 0; batch < 50; batch++) {
            warmUp.add(batch(base, batch).replace("\"crm-", "\"warm-").getBytes(StandardCharsets.UTF_8));
        }
        postAll(warmUp, 50 * BATCH);
        List<Double> floor = new ArrayList<>();
        List<Double> api = new ArrayList<>();
        long[] stored = new long[2];
        for (int run = 0; run < RUNS; run++) {
            clearEvents();
            floor.add(seconds(() -> copy(rows)));
            stored[0] = count("select count(*) from member_event");
            clearEvents();
            api.add(seconds(() -> postAll(bodies, EVENTS)));
            stored[1] = count("select count(*) from member_event");
        }
        Files.delete(rows);
        line("");
        line("Ingest of %,d events (the API stored %,d; the floor %,d):", EVENTS, stored[1], stored[0]);
        line("  floor, COPY of the same rows into member_event (its index included): median %.2f s (runs %s)",
                median(floor), runs(floor));
        line("  TagDesk, POST /api/v1/events, %d clients × batches of %,d (checks, member lookup, event ids, insert): median %.2f s (runs %s), %,.0f events/s",
                CLIENTS, BATCH, median(api), runs(api), EVENTS / median(api));
        line("  ratio %.2f × (goal ≤ 3×)", median(api) / median(floor));
        clearEvents();
    }

    static Instant occurred(Instant base, int i) {
        return base.minusSeconds(60 + i % 86_400);
    }

    void clearEvents() {
        jdbc.sql("truncate member_event, event_receipt").update();
        jdbc.sql("checkpoint").update();
    }

    void copy(Path rows) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Reader reader = Files.newBufferedReader(rows, StandardCharsets.UTF_8)) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy member_event (member_id, type_id, occurred_at, received_at, event_id, properties)
                    from stdin (format csv)""", reader);
        }
    }

    /** Every batch posted once, by {@link #CLIENTS} clients taking the next batch as they finish one. */
    void postAll(List<byte[]> bodies, int expected) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("crm.bench:crm-bench-password".getBytes(StandardCharsets.UTF_8));
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int batch = next.getAndIncrement(); batch < bodies.size(); batch = next.getAndIncrement()) {
                        HttpResponse<String> answer = http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                                        .header("Authorization", auth)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(batch)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException("batch " + batch + ": " + answer.statusCode() + " " + answer.body());
                        }
                        accepted.addAndGet(json.readTree(answer.body()).get("accepted").asLong());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
        if (accepted.get() != expected) {
            throw new IllegalStateException("accepted " + accepted.get() + " of " + expected);
        }
    }

    String batch(Instant base, int batch) {
        ObjectNode body = json.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (int i = batch * BATCH; i < (batch + 1) * BATCH; i++) {
            boolean asks = i % 2 == 0;
            ObjectNode event = events.addObject();
            event.put("eventId", "crm-" + i);
            event.put("account", accounts.get(i % accounts.size()));
            event.put("type", asks ? "consult" : "click");
            event.put("occurredAt", occurred(base, i).toString());
            event.putObject("properties").put(asks ? "product" : "link", (asks ? PRODUCTS : LINKS).get(i / 2 % 4));
        }
        return json.writeValueAsString(body);
    }

    // --- 2. rules over ten million events ------------------------------------------------------

    void eventRules() throws Exception {
        Instant now = Instant.now();
        partitions.ensureMonths(now.minus(125, ChronoUnit.DAYS), now);
        double generation = seconds(() -> jdbc.sql("""
                        insert into member_event (member_id, type_id, occurred_at, received_at, event_id, properties)
                        select m.id, case when n % 2 = 0 then :consult else :click end, at, at + interval '4 minutes',
                               'gen-' || n,
                               case when n % 2 = 0 then jsonb_build_object('product', (array['理财A','理财B','基金C','保险D'])[1 + (n / 2 + n / 7) % 4])
                                    else jsonb_build_object('link', (array['product-manual','price-list','faq','case-study'])[1 + (n / 2 + n / 5) % 4]) end
                        from generate_series(1, :events) n
                        cross join lateral (select now() - interval '10 minutes' - (hashint4(n) & 2147483647) % (120 * 86400) * interval '1 second' as at) t
                        join member m on m.id = (select min(id) from member) + (hashint4(n + 7) & 2147483647) % :members""")
                .param("consult", consult)
                .param("click", click)
                .param("events", RULE_EVENTS)
                .param("members", memberIds.size())
                .update());
        jdbc.sql("vacuum analyze member_event").update();
        line("");
        line("Event rules over %,d events of %,d members (generated by one INSERT … SELECT generate_series in %.0f s):",
                count("select count(*) from member_event"), count("select count(distinct member_id) from member_event"),
                generation);
        long hq = jdbc.sql("select id from department where code = 'HQ'").query(Long.class).single();
        rule("三个月内重复咨询相同产品", "意向_高潜力培育对象", """
                select distinct member_id from (
                    select e.member_id from member_event e
                    where e.type_id = :type and e.occurred_at > now() - interval '90 days'
                      and e.received_at <= now() - interval '10 minutes'
                    group by e.member_id, e.properties ->> 'product' having count(*) >= 2) x""", consult, hq);
        rule("点击产品手册链接超 3 次", "意向_产品意向强烈", """
                select e.member_id from member_event e
                where e.type_id = :type and e.properties ->> 'link' = 'product-manual'
                  and e.occurred_at > now() - interval '30 days' and e.received_at <= now() - interval '10 minutes'
                group by e.member_id having count(*) >= 4""", click, hq);
    }

    void rule(String name, String tagName, String members, long type, long hq) throws Exception {
        long tag = jdbc.sql("select id from tag where name = ?").param(tagName).query(Long.class).single();
        long ruleId = jdbc.sql("select id from tag_rule where name = ?").param(name).query(Long.class).single();
        RuleDefinition stored = definition(ruleId, tag, hq);
        List<Double> floor = new ArrayList<>();
        List<Double> tagDesk = new ArrayList<>();
        long[] added = new long[2];
        for (int run = 0; run < RUNS; run++) {
            floor.add(seconds(() -> added[0] = jdbc.sql("insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)"
                            + " select member_id, :tag, 'RULE', 'bench', now() from (" + members + ") matched"
                            + " on conflict do nothing")
                    .param("tag", tag)
                    .param("type", type)
                    .update()));
            clearTag(tag);
            long runId = jdbc.sql("insert into rule_run (trigger, started_by) values ('MANUAL', 'bench') returning id")
                    .query(Long.class)
                    .single();
            tagDesk.add(seconds(() -> added[1] = transactions
                    .execute(s -> effects.apply(ruleId, stored, runId, "bench", false))
                    .added()));
            clearTag(tag);
            jdbc.sql("delete from rule_run_change where run_id = ?").param(runId).update();
        }
        line("  %s (TagDesk added %,d, the floor %,d):", name, added[1], added[0]);
        line("    floor, INSERT … SELECT … GROUP BY … HAVING by hand: median %.2f s (runs %s)", median(floor), runs(floor));
        line("    TagDesk, the rule's one statement (departments, visibility, run bookkeeping): median %.2f s (runs %s)",
                median(tagDesk), runs(tagDesk));
        line("    ratio %.2f × (goal ≤ 2×)", median(tagDesk) / median(floor));
    }

    RuleDefinition definition(long ruleId, long tag, long hq) {
        String condition = jdbc.sql("select condition::text from tag_rule where id = ?").param(ruleId).query(String.class).single();
        return new RuleDefinition(
                "bench",
                true,
                RuleJson.condition(json.readTree(condition)),
                new RuleAction(List.of(tag), List.of(), null),
                List.of(new RuleDefinition.Department(hq, true)));
    }

    void clearTag(long tag) {
        jdbc.sql("delete from member_tag where tag_id = ?").param(tag).update();
        jdbc.sql("vacuum analyze member_tag").update();
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
