package dev.tagdesk.rule;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.NotFoundException;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.SqlArrays;
import dev.tagdesk.tag.TagCatalog;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * 运行记录: the runs {@link RuleRuns} recorded, newest first, each with what every rule added and removed
 * and why a step stopped or was skipped. An OPS user sees only the steps of rules they may read.
 */
@Service
public class RuleRunHistory {

    private final JdbcClient jdbc;
    private final TagCatalog tags;
    private final ReadableRules readable;

    RuleRunHistory(JdbcClient jdbc, TagCatalog tags, ReadableRules readable) {
        this.readable = readable;
        this.jdbc = jdbc;
        this.tags = tags;
    }

    public Page<RuleViews.RunView> history(Scope scope, int page, int size) {
        int pageSize = size <= 0 ? 20 : Math.min(size, 100);
        int from = Page.number(page);
        long total = jdbc.sql("select count(*) from rule_run").query(Long.class).single();
        List<RuleViews.RunView> runs = runs(
                scope,
                "order by r.started_at desc, r.id desc limit " + pageSize + " offset " + (long) from * pageSize,
                null);
        return new Page<>(runs, from, pageSize, total);
    }

    public RuleViews.RunView run(Scope scope, long id) {
        return runs(scope, "", id).stream().findFirst().orElseThrow(() -> new NotFoundException("run", id));
    }

    /** Runs with their steps in two statements; an OPS user sees only the steps of rules they may read. */
    private List<RuleViews.RunView> runs(Scope scope, String orderAndLimit, Long id) {
        List<Map<String, Object>> rows = jdbc.sql(
                        "select r.* from rule_run r where (cast(:id as bigint) is null or r.id = :id) " + orderAndLimit)
                .param("id", id)
                .query()
                .listOfRows();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids =
                rows.stream().map(r -> ((Number) r.get("id")).longValue()).toList();
        Map<Long, List<RuleViews.StepView>> steps = new HashMap<>();
        jdbc.sql("select s.* from rule_run_step s where s.run_id = any(cast(:ids as bigint[]))"
                        + " and (:seesAll or s.rule_id in (select r.id from tag_rule r where " + ReadableRules.CONDITION
                        + ")) order by s.run_id, s.pass, s.position")
                .param("ids", SqlArrays.ids(ids))
                .params(readable.parameters(scope))
                .query(rs -> {
                    steps.computeIfAbsent(rs.getLong("run_id"), r -> new ArrayList<>())
                            .add(new RuleViews.StepView(
                                    rs.getLong("rule_id"),
                                    rs.getString("rule_name"),
                                    rs.getInt("pass"),
                                    rs.getLong("added"),
                                    rs.getLong("removed"),
                                    rs.getLong("duration_ms"),
                                    rs.getString("status"),
                                    rs.getString("reason"),
                                    args(rs.getString("reason_args"))));
                });
        nameDeletedTags(scope, steps);
        return rows.stream()
                .map(r -> {
                    long runId = ((Number) r.get("id")).longValue();
                    // Company-wide figures and a failure's member are for company-wide roles only.
                    boolean seesAll = scope.isWholeCompany();
                    String reason = (String) r.get("reason");
                    boolean showReason = seesAll || "WINDOW_CLOSED".equals(reason) || "INTERRUPTED".equals(reason);
                    return new RuleViews.RunView(
                            runId,
                            (String) r.get("trigger"),
                            r.get("rule_id") == null ? null : ((Number) r.get("rule_id")).longValue(),
                            (String) r.get("started_by"),
                            instant(r.get("started_at")),
                            instant(r.get("finished_at")),
                            (String) r.get("status"),
                            showReason ? reason : null,
                            showReason ? args((String) r.get("reason_args")) : List.of(),
                            seesAll ? ((Number) r.get("expired")).longValue() : 0,
                            steps.getOrDefault(runId, List.of()));
                })
                .toList();
    }

    /**
     * A step skipped for deleted tags keeps their ids; they are named as the reader may see them (an
     * OPS user reads a rule touching their department, not every tag it names), else as their ids.
     */
    private void nameDeletedTags(Scope scope, Map<Long, List<RuleViews.StepView>> steps) {
        List<Long> ids = steps.values().stream()
                .flatMap(List::stream)
                .filter(s -> "TAG_DELETED".equals(s.reason()))
                .flatMap(s -> s.reasonArgs().stream())
                .map(Long::parseLong)
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return;
        }
        Map<Long, TagCatalog.NamedTag> named = tags.named(scope, ids);
        steps.replaceAll((run, list) -> list.stream()
                .map(s -> !"TAG_DELETED".equals(s.reason())
                        ? s
                        : new RuleViews.StepView(
                                s.ruleId(),
                                s.ruleName(),
                                s.pass(),
                                s.added(),
                                s.removed(),
                                s.durationMillis(),
                                s.status(),
                                s.reason(),
                                List.of(s.reasonArgs().stream()
                                        .map(Long::parseLong)
                                        .map(id -> named.containsKey(id)
                                                        && named.get(id).readable()
                                                ? named.get(id).name()
                                                : "#" + id)
                                        .collect(java.util.stream.Collectors.joining("、")))))
                .toList());
    }

    private static List<String> args(String joined) {
        return joined == null ? List.of() : Arrays.asList(joined.split(RuleRuns.SEPARATOR, -1));
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return null;
    }
}
