package dev.tagdesk.rule;

import static dev.tagdesk.bench.Timing.median;
import static dev.tagdesk.bench.Timing.runs;
import static dev.tagdesk.bench.Timing.seconds;

import dev.tagdesk.bench.ScaleData;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.tag.ExpiredAssignments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A rule matching ≈50,000 of 200,000 members, applied by TagDesk (one statement: match, visibility,
 * exclusive groups, run bookkeeping) against the same {@code INSERT … SELECT} written by hand; and the
 * expiry job removing 100,000 expired assignments against one hand-written {@code DELETE}. Same
 * database, alternating, median of 3.
 *
 * <p>Run: {@code mvn -Pbench test -Dtest=RuleBenchmark -Dbench.argLine=-Xmx256m}
 */
@SpringBootTest(properties = "tagdesk.rules.nightly=false")
@Import(DemoReset.class)
class RuleBenchmark {

    static final int RUNS = 3;

    @Autowired
    DemoReset reset;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    RuleEffects effects;

    @Autowired
    ExpiredAssignments expired;

    @Autowired
    TransactionTemplate transactions;

    final StringBuilder report = new StringBuilder();

    @Test
    void aRuleOnFiftyThousandMembersAndTheExpiryOfAHundredThousand() throws Exception {
        reset.toDemoData();
        new ScaleData(jdbc, passwords).generate();
        long target = jdbc.sql("""
                        insert into tag (group_id, name, normalized_name, color, whole_company)
                        values ((select id from tag_group where name = '消费偏好'), 'bench_待激活', 'bench_待激活', '#FFAA00', true)
                        returning id""")
                .query(Long.class)
                .single();
        long hq = jdbc.sql("select id from department where code = 'HQ'").query(Long.class).single();
        RuleDefinition rule = new RuleDefinition(
                "bench",
                true,
                new RuleCondition.InactiveDays(22),
                new RuleAction(List.of(target), List.of(), null),
                List.of(new RuleDefinition.Department(hq, true)));
        line("Data: %,d members, %,d assignments",
                count("select count(*) from member"), count("select count(*) from member_tag"));

        List<Double> floor = new ArrayList<>();
        List<Double> tagDesk = new ArrayList<>();
        long[] added = new long[2];
        for (int run = 0; run < RUNS; run++) {
            floor.add(seconds(() -> added[0] = jdbc.sql("""
                            insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at)
                            select m.id, :tag, 'RULE', 'bench', now() from member m
                            where m.last_active_at <= now() - interval '22 days'
                            on conflict do nothing""")
                    .param("tag", target)
                    .update()));
            jdbc.sql("delete from member_tag where tag_id = ?").param(target).update();
            long runId = jdbc.sql("insert into rule_run (trigger, started_by) values ('MANUAL', 'bench') returning id")
                    .query(Long.class)
                    .single();
            tagDesk.add(seconds(() -> added[1] = transactions
                    .execute(s -> effects.apply(1, rule, runId, "bench", false))
                    .added()));
            jdbc.sql("delete from member_tag where tag_id = ?").param(target).update();
            jdbc.sql("delete from rule_run_change where run_id = ?").param(runId).update();
        }
        line("Rule matching %,d members (floor added %,d):", added[1], added[0]);
        line("  floor, INSERT … SELECT … ON CONFLICT DO NOTHING by hand: median %.3f s (runs %s)", median(floor), runs(floor));
        line("  TagDesk, one statement with visibility, exclusive groups and run bookkeeping: median %.3f s (runs %s)",
                median(tagDesk), runs(tagDesk));
        line("  ratio %.2f × (goal ≤ 2×)", median(tagDesk) / median(floor));

        jdbc.sql("""
                        create table bench_expiring as
                        select * from member_tag where tag_id in (select id from tag order by id limit 400)
                        order by member_id limit 100000""")
                .update();
        long copies = count("select count(*) from bench_expiring");
        List<Double> deleteFloor = new ArrayList<>();
        List<Double> job = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            expire();
            deleteFloor.add(seconds(() -> jdbc.sql("delete from member_tag where expires_at <= now()").update()));
            expire();
            job.add(seconds(expired::remove));
        }
        line("Expiry of %,d assignments:", copies);
        line("  floor, DELETE … WHERE expires_at <= now(): median %.3f s (runs %s)", median(deleteFloor), runs(deleteFloor));
        line("  TagDesk expiry job (count, then one DELETE per batch of up to 100,000, audited): median %.3f s (runs %s)", median(job), runs(job));
        line("  ratio %.2f × (goal ≤ 2×)", median(job) / median(deleteFloor));

        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "rules.md"), report.toString());
        System.out.println("\n=== RuleBenchmark ===\n" + report);
    }

    /** Marks the sample's assignments expired (putting back any the previous round removed). */
    private void expire() {
        jdbc.sql("""
                        insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
                        select member_id, tag_id, source, assigned_by, assigned_at, now() - interval '1 minute'
                        from bench_expiring
                        on conflict (member_id, tag_id) do update set expires_at = excluded.expires_at""")
                .update();
        jdbc.sql("vacuum analyze member_tag").update();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
