package dev.tagdesk.transfer;

import dev.tagdesk.tag.BulkAssignments;
import dev.tagdesk.tag.MemberTagging;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pass of checks writes, in batches, in the caller's transaction: the problems it finds to
 * {@code import_problem}, and, when applying, the assignments, which the tag module writes
 * ({@link BulkAssignments}: deletions first, then {@code INSERT … ON CONFLICT} of the pairs sorted by
 * key). {@link ImportPass} decides when a batch
 * is written; this holds one batch of each.
 */
final class ImportWrites {

    private static final String INSERT_PROBLEMS = """
            insert into import_problem (job_id, line, col, code, value)
            select ?, p.line, p.col, p.code, left(p.value, 400)
            from unnest(cast(? as bigint[]), cast(? as int[]), cast(? as text[]), cast(? as text[])) as p(line, col, code, value)""";

    private static final int PROBLEM_BATCH = 5_000;

    private final Connection connection;
    private final BulkAssignments assignments;
    private final long job;
    /** Who applies, or null when only checking. */
    private final String applyingUser;

    private final ImportProgress.Tracker progress;
    private final int changeBatch;
    private final Problems problems = new Problems();
    private final Pairs additions = new Pairs();
    private final Pairs removals = new Pairs();
    private long added;
    private long removed;

    ImportWrites(
            Connection connection,
            BulkAssignments assignments,
            long job,
            String applyingUser,
            ImportProgress.Tracker progress,
            int changeBatch) {
        this.connection = connection;
        this.assignments = assignments;
        this.job = job;
        this.applyingUser = applyingUser;
        this.progress = progress;
        this.changeBatch = changeBatch;
    }

    /** Gathers a problem; returns whether a batch is full. */
    boolean problem(long line, int column, ProblemCode code, String value) {
        problems.add(line, column, code, value);
        return problems.size() >= PROBLEM_BATCH;
    }

    boolean problemsGathered() {
        return problems.size() > 0;
    }

    void flushProblems() {
        if (problems.size() == 0) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_PROBLEMS)) {
            insert.setLong(1, job);
            insert.setArray(2, connection.createArrayOf("bigint", problems.lines.toArray()));
            insert.setArray(3, connection.createArrayOf("integer", problems.columns.toArray()));
            insert.setArray(4, connection.createArrayOf("text", problems.codes.toArray()));
            insert.setArray(5, connection.createArrayOf("text", problems.values.toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the import's problems", e);
        }
        problems.clear();
    }

    /**
     * Gathers the assignments one member gains, keeps (listing a tag the member carries refreshes its
     * expiry: it is written too) and loses; returns whether a batch is full.
     */
    boolean gather(AccountFindings findings) {
        for (int i = 0; i < findings.listedCount(); i++) {
            additions.add(findings.member(), findings.listedTag(i));
        }
        for (int i = 0; i < findings.removedCount(); i++) {
            removals.add(findings.member(), findings.removedTag(i));
        }
        return additions.size() >= changeBatch || removals.size() >= changeBatch;
    }

    /** Forgets the gathered assignments: the apply is refused. */
    void dropChanges() {
        additions.clear();
        removals.clear();
    }

    /** Writes the gathered assignments: removals, then additions. */
    void flushChanges() {
        if (removals.size() > 0) {
            removed += assignments.removePairs(removals.members, removals.tags);
            removals.clear();
        }
        if (additions.size() > 0) {
            added += assignments.addPairs(MemberTagging.Source.IMPORT, applyingUser, additions.members, additions.tags);
            additions.clear();
        }
        progress.applied(added + removed);
    }

    /** The assignments added (not those only refreshed) so far. */
    long added() {
        return added;
    }

    long removed() {
        return removed;
    }

    /** Problems gathered for one statement, as columns (JDBC arrays take objects). */
    private static final class Problems {
        private final List<Long> lines = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private final List<String> codes = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        void add(long line, int column, ProblemCode code, String value) {
            lines.add(line);
            columns.add(column);
            codes.add(code.name());
            values.add(value);
        }

        int size() {
            return lines.size();
        }

        void clear() {
            lines.clear();
            columns.clear();
            codes.clear();
            values.clear();
        }
    }

    /** (member, tag) pairs gathered for one statement, as two columns. */
    private static final class Pairs {
        private final List<Long> members = new ArrayList<>();
        private final List<Long> tags = new ArrayList<>();

        void add(long member, long tag) {
            members.add(member);
            tags.add(tag);
        }

        int size() {
            return members.size();
        }

        void clear() {
            members.clear();
            tags.clear();
        }
    }
}
