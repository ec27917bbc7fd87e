package dev.tagdesk.rule;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.audit.AuditRecord;
import dev.tagdesk.directory.Members;
import dev.tagdesk.shared.RefusedException;
import dev.tagdesk.tag.ExpiredAssignments;
import dev.tagdesk.tag.TagCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the rules: every night inside the window, or now when an admin asks (the same code path).
 *
 * <p>A run first removes expired assignments, then applies the rules in dependency order (a rule after
 * the rules that feed it), each rule in its own transaction, and repeats until a pass changes nothing.
 * Every (member, tag) pair it changes is recorded: a pair changed twice in one run means two rules
 * fight over it, and the run stops as failed instead of flipping the member. At the window's end the
 * run stops between rules and the next night starts with the rule it did not reach.
 *
 * <p>Only one run happens at a time across all TagDesk instances on the database: a run holds a
 * PostgreSQL advisory lock, and the nightly run is keyed by its night (a unique index).
 */
@Service
public class RuleRuns {

    private static final Logger log = LoggerFactory.getLogger(RuleRuns.class);

    /** The advisory lock every run holds ("tagdesk" in ASCII). */
    static final long LOCK_KEY = 0x74616764657368L;

    /** Joins a reason's arguments in one column; {@link RuleRunHistory} splits them again. */
    static final String SEPARATOR = "\u001f";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final AutoTagRules rules;
    private final RuleEffects effects;
    private final ExpiredAssignments expiredAssignments;
    private final TagCatalog tags;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final RuleWindow window;
    private final Clock clock;
    private final boolean nightly;
    private final RuleRunHistory history;
    private final Members members;

    RuleRuns(
            DataSource dataSource,
            JdbcClient jdbc,
            AutoTagRules rules,
            RuleEffects effects,
            ExpiredAssignments expiredAssignments,
            TagCatalog tags,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            RuleWindow window,
            Clock clock,
            RuleRunHistory history,
            Members members,
            @Value("${tagdesk.rules.nightly:true}") boolean nightly) {
        this.history = history;
        this.members = members;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.rules = rules;
        this.effects = effects;
        this.expiredAssignments = expiredAssignments;
        this.tags = tags;
        this.transactions = transactions;
        this.events = events;
        this.window = window;
        this.clock = clock;
        this.nightly = nightly;
    }

    /** "Run now": one rule (enabled or not) or all enabled rules. Refused while another run is in progress. */
    public RuleViews.RunView runNow(Scope scope, Long ruleId) {
        scope.require(Action.MANAGE_RULES);
        List<RuleViews.RuleView> chosen = ruleId == null ? rules.enabled() : List.of(rules.get(scope, ruleId));
        Long runId = withLock(() -> {
                    long id = startRun("MANUAL", ruleId, null, scope.username());
                    execute(id, chosen, null, () -> true, scope.username());
                    return id;
                })
                .orElseThrow(() -> RefusedException.conflict("run", "RULE_RUN_BUSY"));
        return history.run(scope, runId);
    }

    /** Checks every few minutes whether tonight's window is open and tonight's run still to do. */
    @Scheduled(fixedDelayString = "${tagdesk.rules.tick:PT5M}", initialDelayString = "${tagdesk.rules.tick:PT5M}")
    @SchedulerLock(name = "rule-runs-tick")
    void tick() {
        if (nightly) {
            runNightly(clock.instant(), null);
        }
    }

    /**
     * Starts the nightly run if the window is open at {@code now} and this night has no run yet, on
     * whichever instance gets the lock. {@code windowOpen} overrides the window's end (for tests).
     *
     * @return the run's id, if this call ran it
     */
    Optional<Long> runNightly(Instant now, BooleanSupplier windowOpen) {
        Optional<RuleWindow.Night> night = window.openAt(now);
        if (night.isEmpty()) {
            return Optional.empty();
        }
        BooleanSupplier open = windowOpen != null
                ? windowOpen
                : () -> clock.instant().isBefore(night.get().closes());
        return withLock(() -> {
            failInterrupted();
            LocalDate date = night.get().date();
            if (jdbc.sql("select exists (select 1 from rule_run where night = ?)")
                    .param(date)
                    .query(Boolean.class)
                    .single()) {
                return null;
            }
            Long resume = jdbc.sql("""
                            select resume_rule_id from rule_run where night < ? and trigger = 'NIGHTLY'
                            order by night desc limit 1""")
                    .param(date)
                    .query((rs, i) -> rs.getObject("resume_rule_id", Long.class))
                    .optional()
                    .orElse(null);
            long id = startRun("NIGHTLY", null, date, "system");
            execute(id, rules.enabled(), resume, open, "system");
            return id;
        });
    }

    private void execute(
            long runId, List<RuleViews.RuleView> chosen, Long resumeRuleId, BooleanSupplier windowOpen, String actor) {
        try {
            long expired = expiredAssignments.remove();
            jdbc.sql("update rule_run set expired = ? where id = ?")
                    .params(expired, runId)
                    .update();
            Map<Long, Set<Long>> siblings = rules.exclusiveSiblings();
            List<RuleViews.RuleView> order = inDependencyOrder(chosen, siblings);
            List<RuleViews.RuleView> first = startingWith(order, resumeRuleId);
            // Rules naming a deleted tag are skipped, once, and the run says so; never "done, +0".
            Set<Long> skipped = new HashSet<>();
            for (int pass = 1; pass <= order.size() + 1; pass++) {
                long changed = 0;
                int position = 0;
                for (RuleViews.RuleView rule : pass == 1 ? first : order) {
                    if (skipped.contains(rule.id())) {
                        continue;
                    }
                    if (!windowOpen.getAsBoolean()) {
                        finish(runId, "STOPPED", "WINDOW_CLOSED", List.of(window.describe()), rule.id());
                        return;
                    }
                    long started = System.nanoTime();
                    Step done = transactions.execute(status -> {
                        List<Long> deletedTags = deletedTags(rule);
                        if (!deletedTags.isEmpty()) {
                            return new Step(null, deletedTags);
                        }
                        boolean takesOff = !rule.action().remove().isEmpty()
                                || rule.action().add().stream().anyMatch(tag -> !siblings.getOrDefault(tag, Set.of())
                                        .isEmpty());
                        RuleEffects.Applied result =
                                effects.apply(rule.id(), rule.definition(), runId, actor, takesOff);
                        if (result.changedTwice() != null) {
                            status.setRollbackOnly();
                        } else if (result.added() + result.removed() > 0) {
                            events.publishEvent(new AuditRecord(
                                    "RULE_APPLIED",
                                    "rule",
                                    String.valueOf(rule.id()),
                                    null,
                                    Map.of(
                                            "run",
                                            runId,
                                            "rule",
                                            rule.name(),
                                            "added",
                                            result.added(),
                                            "removed",
                                            result.removed()),
                                    actor));
                        }
                        return new Step(result, List.of());
                    });
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (!done.deletedTags().isEmpty()) {
                        skipped.add(rule.id());
                        List<String> ids =
                                done.deletedTags().stream().map(String::valueOf).toList();
                        step(runId, rule, pass, position++, 0, 0, millis, "SKIPPED", "TAG_DELETED", ids);
                        continue;
                    }
                    RuleEffects.Applied applied = done.applied();
                    if (applied.changedTwice() != null) {
                        List<String> args = changedTwice(applied.changedTwice(), rule.name());
                        step(runId, rule, pass, position++, 0, 0, millis, "FAILED", "CHANGED_TWICE", args);
                        finish(runId, "FAILED", "CHANGED_TWICE", args, null);
                        return;
                    }
                    step(runId, rule, pass, position++, applied.added(), applied.removed(), millis, "DONE", null, null);
                    changed += applied.added() + applied.removed();
                }
                if (changed == 0) {
                    if (skipped.isEmpty()) {
                        finish(runId, "DONE", null, null, null);
                    } else {
                        finish(runId, "DONE", "RULES_SKIPPED", List.of(String.valueOf(skipped.size())), null);
                    }
                    return;
                }
            }
            finish(runId, "FAILED", "NOT_SETTLED", List.of(String.valueOf(order.size() + 1)), null);
        } catch (RuntimeException e) {
            String incident = java.util.UUID.randomUUID().toString().substring(0, 8);
            log.error("Rule run {} failed, incident {}", runId, incident, e);
            finish(runId, "FAILED", "ERROR", List.of(incident), null);
        } finally {
            jdbc.sql("delete from rule_run_change where run_id = ?")
                    .param(runId)
                    .update();
        }
    }

    /** What one rule's step did: applied, or skipped for the deleted tags it names. */
    private record Step(RuleEffects.Applied applied, List<Long> deletedTags) {}

    /**
     * The tags the rule names that are no longer live, checked in the step's transaction with the tags
     * locked: a deletion that came first is seen, one that comes later waits for the step to commit.
     */
    private List<Long> deletedTags(RuleViews.RuleView rule) {
        Set<Long> named = rule.definition().tagIds();
        Map<Long, TagCatalog.NamedTag> live = tags.lockNamed(named);
        return named.stream()
                .filter(id -> !live.containsKey(id) || live.get(id).deleted())
                .toList();
    }

    private List<RuleViews.RuleView> inDependencyOrder(List<RuleViews.RuleView> chosen, Map<Long, Set<Long>> siblings) {
        RuleGraph graph = new RuleGraph(
                chosen.stream()
                        .map(r -> new RuleGraph.Node(r.id(), r.name(), r.condition(), r.action()))
                        .toList(),
                tag -> siblings.getOrDefault(tag, Set.of()));
        Map<Long, RuleViews.RuleView> byId = new HashMap<>();
        chosen.forEach(r -> byId.put(r.id(), r));
        return graph.dependencyOrder().stream().map(byId::get).toList();
    }

    /** The order rotated to start with the rule a stopped run did not reach. */
    private static List<RuleViews.RuleView> startingWith(List<RuleViews.RuleView> order, Long ruleId) {
        for (int i = 0; i < order.size(); i++) {
            if (ruleId != null && order.get(i).id() == ruleId) {
                List<RuleViews.RuleView> rotated = new ArrayList<>(order.subList(i, order.size()));
                rotated.addAll(order.subList(0, i));
                return rotated;
            }
        }
        return order;
    }

    private List<String> changedTwice(String pair, String ruleName) {
        String[] ids = pair.split(":");
        String account = members.account(Long.parseLong(ids[0])).orElse(ids[0]);
        long tagId = Long.parseLong(ids[1]);
        TagCatalog.NamedTag named = tags.named(null, List.of(tagId)).get(tagId);
        String tag = named == null ? ids[1] : named.name();
        return List.of(ruleName, account, tag);
    }

    private long startRun(String trigger, Long ruleId, LocalDate night, String by) {
        return jdbc.sql("""
                        insert into rule_run (trigger, rule_id, night, started_by, started_at)
                        values (?, ?, ?, ?, ?) returning id""")
                .params(trigger, ruleId, night, by, Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
    }

    private void step(
            long runId,
            RuleViews.RuleView rule,
            int pass,
            int position,
            long added,
            long removed,
            long millis,
            String status,
            String reason,
            List<String> args) {
        jdbc.sql("""
                        insert into rule_run_step (run_id, rule_id, rule_name, pass, position, added, removed, duration_ms,
                                                   status, reason, reason_args)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        runId,
                        rule.id(),
                        rule.name(),
                        pass,
                        position,
                        added,
                        removed,
                        millis,
                        status,
                        reason,
                        args == null ? null : String.join(SEPARATOR, args))
                .update();
    }

    private void finish(long runId, String status, String reason, List<String> args, Long resumeRuleId) {
        jdbc.sql("""
                        update rule_run set status = ?, reason = ?, reason_args = ?, resume_rule_id = ?, finished_at = ?
                        where id = ?""")
                .params(
                        status,
                        reason,
                        args == null ? null : String.join(SEPARATOR, args),
                        resumeRuleId,
                        Timestamp.from(clock.instant()),
                        runId)
                .update();
        Map<String, Object> totals = jdbc.sql("""
                        select r.trigger, r.expired, coalesce(sum(s.added), 0) as added, coalesce(sum(s.removed), 0) as removed
                        from rule_run r left join rule_run_step s on s.run_id = r.id where r.id = ? group by r.id""").param(runId).query().singleRow();
        Map<String, Object> after = new LinkedHashMap<>(totals);
        after.put("status", status);
        if (reason != null) {
            after.put("reason", reason);
        }
        String actor = jdbc.sql("select started_by from rule_run where id = ?")
                .param(runId)
                .query(String.class)
                .single();
        events.publishEvent(new AuditRecord("RULES_RUN", "rule_run", String.valueOf(runId), null, after, actor));
    }

    /** A run that is still "running" while nobody holds the lock was cut off (the instance stopped). */
    private void failInterrupted() {
        jdbc.sql("""
                        update rule_run set status = 'FAILED', reason = 'INTERRUPTED', finished_at = now()
                        where status = 'RUNNING'""").update();
    }

    private <T> Optional<T> withLock(Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!advisoryLock(connection, "select pg_try_advisory_lock(?)")) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(work.get());
            } finally {
                advisoryLock(connection, "select pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Could not take the rule-run lock", e);
        }
    }

    private static boolean advisoryLock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
