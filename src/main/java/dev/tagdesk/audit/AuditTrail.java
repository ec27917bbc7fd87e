package dev.tagdesk.audit;

import dev.tagdesk.shared.CsvWriter;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading the audit log: filtered pages for the audit page and the API, and the CSV export. Only
 * admins and auditors read it; everyone else is refused here as well as by the URL rules.
 */
@Service
public class AuditTrail {

    /** The machine code of each action has its own column, next to the action as a person reads it. */
    static final List<String> CSV_HEADER =
            List.of("时间", "操作人", "操作", "操作说明", "对象类型", "对象", "变更前", "变更后", "来源地址", "经由令牌");

    /**
     * What to look for. {@code from} and {@code to} are days (inclusive) in China; the target is a
     * tag or a department by id; a blank filter matches everything.
     */
    public record AuditFilter(
            LocalDate from,
            LocalDate to,
            String actor,
            String action,
            Long tagId,
            Long departmentId,
            int page,
            int size) {

        public AuditFilter {
            from = withinYears(from);
            to = withinYears(to);
            actor = actor == null || actor.isBlank() ? null : actor.strip();
            // Action codes are UPPER_CASE; the lower-case spelling finds the same entries.
            action = action == null || action.isBlank() ? null : action.strip().toUpperCase(java.util.Locale.ROOT);
            page = Page.number(page);
            size = size <= 0 ? 50 : Math.min(size, 200);
        }

        /**
         * A day moved into the years 1 to 9999, which PostgreSQL and every file can hold; the filter
         * still means the same ({@code from=+300000-01-01} finds nothing, {@code to=-5000-01-01} too).
         */
        private static LocalDate withinYears(LocalDate day) {
            if (day == null) {
                return null;
            }
            return day.isBefore(FIRST_DAY) ? FIRST_DAY : day.isAfter(LAST_DAY) ? LAST_DAY : day;
        }
    }

    private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 30);

    /** One entry: who did what to which thing, with its state before and after as JSON. */
    public record AuditEntry(
            long id,
            Instant occurredAt,
            String actor,
            String action,
            String targetType,
            String targetId,
            String before,
            String after,
            String remoteAddress,
            String via) {}

    private static final String WHERE = """
            where (cast(:from as timestamptz) is null or e.occurred_at >= :from)
              and (cast(:to as timestamptz) is null or e.occurred_at < :to)
              and (cast(:actor as varchar) is null or lower(e.actor) = lower(:actor))
              and (cast(:action as varchar) is null or e.action = :action)
              and (cast(:targetType as varchar) is null or (e.target_type = :targetType and e.target_id = :targetId))""";

    private static final String COLUMNS =
            "e.id, e.occurred_at, e.actor, e.action, e.target_type, e.target_id, e.before_state::text as before_state,"
                    + " e.after_state::text as after_state, e.remote_address, e.via";

    private final JdbcClient jdbc;
    private final JdbcClient cursor;
    private final ApplicationEventPublisher events;
    private final MessageSource messages;

    /** Days in the filters are days where the users are; times are shown there too. */
    private final LocalTimes times;

    AuditTrail(
            JdbcClient jdbc,
            DataSource dataSource,
            ApplicationEventPublisher events,
            MessageSource messages,
            LocalTimes times) {
        this.jdbc = jdbc;
        this.times = times;
        this.messages = messages;
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(2_000);
        this.cursor = JdbcClient.create(streaming);
        this.events = events;
    }

    @Transactional(readOnly = true)
    public Page<AuditEntry> entries(AuditFilter filter) {
        requireReader();
        Map<String, Object> params = parameters(filter);
        List<AuditEntry> items = jdbc.sql("select " + COLUMNS + " from audit_event e " + WHERE
                        + " order by e.occurred_at desc, e.id desc limit :size offset :offset")
                .params(params)
                .param("size", filter.size())
                .param("offset", (long) filter.page() * filter.size())
                .query(AuditTrail::entry)
                .list();
        long total = jdbc.sql("select count(*) from audit_event e " + WHERE)
                .params(params)
                .query(Long.class)
                .single();
        return new Page<>(items, filter.page(), filter.size(), total);
    }

    /** The action names that occur, for the filter's choices. */
    @Transactional(readOnly = true)
    public List<String> actions() {
        requireReader();
        return jdbc.sql("select distinct action from audit_event order by action")
                .query(String.class)
                .list();
    }

    /** Who has acted, for the filter's search-as-you-type list. */
    @Transactional(readOnly = true)
    public List<String> actors() {
        requireReader();
        return jdbc.sql("select distinct actor from audit_event order by actor limit 1000")
                .query(String.class)
                .list();
    }

    /**
     * The names things of a kind ({@code tag}, {@code department}) had in the log, for the filter's
     * search-as-you-type list: read from the entries' own states, so deleted things are there too.
     */
    @Transactional(readOnly = true)
    public List<String> targetNames(String targetType) {
        requireReader();
        return jdbc.sql("""
                        select name from (
                            select after_state ->> 'name' as name from audit_event where target_type = :type
                            union select before_state ->> 'name' from audit_event where target_type = :type) names
                        where name is not null order by name limit 1000""").param("type", targetType).query(String.class).list();
    }

    /** The id of the thing of this kind that last had this name in the log, if any. */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> targetIdNamed(String targetType, String name) {
        requireReader();
        return jdbc.sql("""
                        select target_id from audit_event
                        where target_type = ? and (after_state ->> 'name' = ? or before_state ->> 'name' = ?)
                          and target_id ~ '^[0-9]{1,18}$'
                        order by occurred_at desc, id desc limit 1""")
                .params(targetType, name, name)
                .query(String.class)
                .optional()
                .map(Long::valueOf);
    }

    /** Every entry of the filter (not only a page), newest first, streamed as CSV; the export is audited. */
    @Transactional
    public long export(AuditFilter filter, OutputStream out) throws IOException {
        requireReader();
        long[] rows = {0};
        try (CsvWriter csv = new CsvWriter(out)) {
            csv.row(CSV_HEADER);
            try {
                cursor.sql("select " + COLUMNS + " from audit_event e " + WHERE
                                + " order by e.occurred_at desc, e.id desc")
                        .params(parameters(filter))
                        .query(rs -> {
                            AuditEntry e = entry(rs, 0);
                            try {
                                csv.row(java.util.Arrays.asList(
                                        times.second(e.occurredAt()),
                                        e.actor(),
                                        e.action(),
                                        messages.getMessage(
                                                "audit.action." + e.action(),
                                                null,
                                                e.action(),
                                                Locale.SIMPLIFIED_CHINESE),
                                        e.targetType(),
                                        e.targetId(),
                                        e.before(),
                                        e.after(),
                                        e.remoteAddress(),
                                        e.via()));
                            } catch (IOException x) {
                                throw new UncheckedIOException(x);
                            }
                            rows[0]++;
                        });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        Map<String, Object> asked = new HashMap<>();
        asked.put("from", filter.from() == null ? null : filter.from().toString());
        asked.put("to", filter.to() == null ? null : filter.to().toString());
        asked.put("actor", filter.actor());
        asked.put("action", filter.action());
        asked.put("tagId", filter.tagId());
        asked.put("departmentId", filter.departmentId());
        events.publishEvent(
                AuditRecord.of("EXPORT_AUDIT_LOG", "export", "audit.csv", asked, Map.of("entries", rows[0])));
        return rows[0];
    }

    private Map<String, Object> parameters(AuditFilter filter) {
        if (filter.from() != null && filter.to() != null && filter.to().isBefore(filter.from())) {
            throw RefusedException.invalid("to", "AUDIT_RANGE_REVERSED");
        }
        Map<String, Object> params = new HashMap<>();
        params.put(
                "from",
                filter.from() == null
                        ? null
                        : java.sql.Timestamp.from(
                                filter.from().atStartOfDay(times.zone()).toInstant()));
        params.put(
                "to",
                filter.to() == null
                        ? null
                        : java.sql.Timestamp.from(filter.to()
                                .plusDays(1)
                                .atStartOfDay(times.zone())
                                .toInstant()));
        params.put("actor", filter.actor());
        params.put("action", filter.action());
        String targetType = filter.tagId() != null ? "tag" : filter.departmentId() != null ? "department" : null;
        params.put("targetType", targetType);
        params.put(
                "targetId",
                filter.tagId() != null
                        ? filter.tagId().toString()
                        : filter.departmentId() != null ? filter.departmentId().toString() : "");
        return params;
    }

    private static AuditEntry entry(ResultSet rs, int i) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("before_state"),
                rs.getString("after_state"),
                rs.getString("remote_address"),
                rs.getString("via"));
    }

    /**
     * Those allowed {@code READ_AUDIT} (admins, auditors, tokens with the {@code admin} scope) read the audit
     * log. (The audit module sits below access, so it asks Spring Security for the action's authority.)
     */
    private static void requireReader() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean reader = auth != null
                && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ACTION_READ_AUDIT"));
        if (!reader) {
            throw new AccessDeniedException("Only admins and auditors read the audit log");
        }
    }
}
