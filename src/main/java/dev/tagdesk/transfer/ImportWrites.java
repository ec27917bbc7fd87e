package dev.tagdesk.transfer;

import dev.tagdesk.tag.Assignments;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pass of checks writes, in batches, in the caller's transaction: the problems it finds to
 * {@code import_problem}, and, when applying, the assignments to {@code member_tag} (deletions first,
 * then {@code INSERT … ON CONFLICT} of the pairs sorted by key). {@link ImportPass} decides when a batch
 * is written; this holds one batch of each.
 */
final class ImportWrites {

    private static final String INSERT_PROBLEMS = """
            insert into import_problem (job_id, line, col, code, value)
            select ?, p.line, p.col, p.code, left(p.value, 400)
            from unnest(cast(? as bigint[]), cast(? as int[]), cast(? as text[]), cast(? as text[])) as p(line, col, code, value)""";

    /** Adds assignments; re-listing a tag refreshes its expiry. Counts only the new ones. */
    private static final String INSERT_ASSIGNMENTS =
            """
            with applied as (
                insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
                select p.member_id, p.tag_id, 'IMPORT', ?, now(),\s""" + Assignments.SHELF_LIFE_EXPIRY + """

                from unnest(cast(? as bigint[]), cast(? as bigint[])) as p(member_id, tag_id) join tag t on t.id = p.tag_id
                order by p.member_id, p.tag_id""" + Assignments.ON_REASSIGN + """

                returning assigned_at = now() as added)
            select count(*) filter (where added) from applied""";

    private static final String DELETE_ASSIGNMENTS = """
            delete from member_tag mt using unnest(cast(? as bigint[]), cast(? as bigint[])) as r(member_id, tag_id)
            where mt.member_id = r.member_id and mt.tag_id = r.tag_id""";

    private static final int PROBLEM_BATCH = 5_000;

    private final Connection connection;
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
            Connection connection, long job, String applyingUser, ImportProgress.Tracker progress, int changeBatch) {
        this.connection = connection;
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
        try {
            if (removals.size() > 0) {
                try (PreparedStatement delete = connection.prepareStatement(DELETE_ASSIGNMENTS)) {
                    delete.setArray(1, longs(removals.members));
                    delete.setArray(2, longs(removals.tags));
                    removed += delete.executeUpdate();
                }
                removals.clear();
            }
            if (additions.size() > 0) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_ASSIGNMENTS)) {
                    insert.setString(1, applyingUser);
                    insert.setArray(2, longs(additions.members));
                    insert.setArray(3, longs(additions.tags));
                    try (ResultSet count = insert.executeQuery()) {
                        count.next();
                        added += count.getLong(1);
                    }
                }
                additions.clear();
            }
            progress.applied(added + removed);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply the import", e);
        }
    }

    /** The assignments added (not those only refreshed) so far. */
    long added() {
        return added;
    }

    long removed() {
        return removed;
    }

    private Array longs(List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray());
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
