package dev.tagdesk.transfer;

import dev.tagdesk.transfer.MemberTagImports.ImportProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the checks found in the rows of one account, held until all of them are checked: the
 * problems, and the assignments the member keeps, gains and loses. {@link ImportPass} reads from it
 * which rows have errors, and checks the others again on their own when only the rows without errors
 * are to be imported. Reused from one account to the next: a few small arrays, whatever the file.
 */
final class AccountFindings implements ImportCheck.Outcome {

    final List<ImportProblem> problems = new ArrayList<>();
    private long member;
    private final Longs listed = new Longs();
    /** 1 where the member carries the listed tag already, else 0, by position in {@link #listed}. */
    private final Longs present = new Longs();

    private final Longs removed = new Longs();
    /** The tag of the same exclusive group that replaces the removed one, else 0, by position. */
    private final Longs replacedBy = new Longs();

    void clear() {
        problems.clear();
        listed.clear();
        present.clear();
        removed.clear();
        replacedBy.clear();
    }

    @Override
    public void problem(long line, int column, ProblemCode code, String value) {
        problems.add(new ImportProblem(line, column, code, value));
    }

    @Override
    public void listed(long member, long tag, boolean present) {
        this.member = member;
        listed.add(tag);
        this.present.add(present ? 1 : 0);
    }

    @Override
    public void removed(long member, long tag, long replacedBy) {
        this.member = member;
        removed.add(tag);
        this.replacedBy.add(replacedBy);
    }

    /** Adds the lines of the rows with an error (not only warnings) to {@code lines}. */
    void linesWithErrors(Set<Long> lines) {
        for (ImportProblem problem : problems) {
            if (problem.code().isError()) {
                lines.add(problem.line());
            }
        }
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.code().isError());
    }

    long member() {
        return member;
    }

    int listedCount() {
        return listed.size;
    }

    long listedTag(int i) {
        return listed.values[i];
    }

    boolean listedPresent(int i) {
        return present.values[i] == 1;
    }

    int removedCount() {
        return removed.size;
    }

    long removedTag(int i) {
        return removed.values[i];
    }

    long replacedBy(int i) {
        return replacedBy.values[i];
    }

    /** Listed tags the member does not carry yet. */
    int added() {
        int added = 0;
        for (int i = 0; i < present.size; i++) {
            added += present.values[i] == 0 ? 1 : 0;
        }
        return added;
    }

    /** Whether the findings change the member's tags (listing a tag the member carries changes nothing). */
    boolean changesSomething() {
        return removed.size > 0 || added() > 0;
    }

    /** A growable array of longs, cleared without letting go of its room. */
    private static final class Longs {
        long[] values = new long[8];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void clear() {
            size = 0;
        }
    }
}
