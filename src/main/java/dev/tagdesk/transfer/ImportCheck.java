package dev.tagdesk.transfer;

import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of an import, applied to the rows of one account at a time (all of them, in line
 * order, so that a repeated account is seen whole): which problems each row has, which assignments
 * the member gains, keeps and loses. Plain Java over what {@link ImportPass} read for the account:
 * the member it names in the importer's scope (or none) and the tags the importer may name.
 */
final class ImportCheck {

    /** A staged row: its tag cells by tag column ({@code tags[0]} is 标签1), null where empty. */
    record Row(long line, String name, String account, String[] tags) {

        /** The 1-based column of the file a tag cell came from: 姓名 is 1, 账号 2, 标签1 3. */
        static int column(int tagIndex) {
            return tagIndex + 3;
        }
    }

    /** The member an account names, in the importer's scope, with what they carry now. */
    record Member(long id, String name, String[] departments, long[] liveTags) {}

    /** Where the findings go: problems, and the assignments to make and take off. */
    interface Outcome {

        void problem(long line, int column, ProblemCode code, String value);

        /** An assignment the file lists; {@code present} when the member carries it already. */
        void listed(long member, long tag, boolean present);

        /**
         * An assignment the import takes off: in replace mode because the file does not list it, or
         * because the file lists another tag of its exclusive group ({@code replacedBy}, else 0).
         */
        void removed(long member, long tag, long replacedBy);
    }

    private final ImportableTags tags;
    private final Mode mode;

    ImportCheck(ImportableTags tags, Mode mode) {
        this.tags = tags;
        this.mode = mode;
    }

    Mode mode() {
        return mode;
    }

    /**
     * Checks the rows of one account.
     *
     * @param member the member the account names in the importer's scope, or null (unknown,
     *     outside the scope, or an empty account: the same answer, never a hint which)
     */
    void check(List<Row> rows, Member member, Outcome outcome) {
        // The tags listed for the member, once each, with the cells that list them (for conflicts).
        Map<Long, List<Cell>> listed = new LinkedHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            checkRow(rows.get(r), r > 0, member, listed, outcome);
        }
        if (member == null) {
            return;
        }
        reportExclusiveConflicts(listed, outcome);
        for (Long tag : listed.keySet()) {
            outcome.listed(member.id(), tag, carries(member, tag));
        }
        takeOff(member, listed, outcome);
    }

    /**
     * The problems of one row of the account, and the tags it lists for the member.
     *
     * @param repeated whether an earlier row listed the account
     */
    private void checkRow(Row row, boolean repeated, Member member, Map<Long, List<Cell>> listed, Outcome outcome) {
        if (row.account().isEmpty()) {
            outcome.problem(row.line(), 2, ProblemCode.ACCOUNT_EMPTY, row.name());
        } else {
            if (repeated) {
                outcome.problem(row.line(), 2, ProblemCode.ACCOUNT_REPEATED, row.account());
            }
            if (member == null) {
                outcome.problem(row.line(), 2, ProblemCode.ACCOUNT_UNKNOWN, row.account());
            }
        }
        if (member != null && !row.name().isEmpty() && !row.name().equals(member.name())) {
            outcome.problem(row.line(), 1, ProblemCode.NAME_MISMATCH, row.name());
        }
        for (int i = 0; i < row.tags().length; i++) {
            String text = row.tags()[i];
            if (text == null) {
                continue;
            }
            int column = Row.column(i);
            ImportableTags.Tag tag = tags.named(text);
            if (tag == null) {
                outcome.problem(row.line(), column, ProblemCode.TAG_UNKNOWN, text);
                continue;
            }
            if (!text.equals(tag.name())) {
                outcome.problem(row.line(), column, ProblemCode.TAG_NORMALISED, text + " → " + tag.name());
            }
            if (member == null) {
                continue;
            }
            if (!tag.availableTo(member.departments())) {
                outcome.problem(row.line(), column, ProblemCode.TAG_NOT_AVAILABLE, text);
            }
            listed.computeIfAbsent(tag.id(), id -> new ArrayList<>()).add(new Cell(row.line(), column, text, tag));
        }
    }

    /**
     * The member's assignments the import takes off: in replace mode those the file does not list, in
     * either mode the old tag of an exclusive group the file lists another tag of.
     */
    private void takeOff(Member member, Map<Long, List<Cell>> listed, Outcome outcome) {
        if (member.liveTags().length == 0) {
            return; // nothing to take off
        }
        // The tag listed in each exclusive group (the first, should the file list two: an error anyway).
        Map<Long, Long> listedInExclusiveGroup = new HashMap<>();
        for (List<Cell> cells : listed.values()) {
            ImportableTags.Tag tag = cells.get(0).tag();
            if (tag.exclusive()) {
                listedInExclusiveGroup.putIfAbsent(tag.groupId(), tag.id());
            }
        }
        for (long id : member.liveTags()) {
            ImportableTags.Tag tag = tags.withId(id);
            // Only tags the importer can see are theirs to take off; the others stay, whatever the mode.
            if (tag == null || listed.containsKey(id)) {
                continue;
            }
            Long replacedBy = tag.exclusive() ? listedInExclusiveGroup.get(tag.groupId()) : null;
            if (mode == Mode.REPLACE || replacedBy != null) {
                outcome.removed(member.id(), id, replacedBy == null ? 0 : replacedBy);
            }
        }
    }

    /** Whether the member carries the tag now (members carry a few tags: a scan beats a set). */
    private static boolean carries(Member member, long tag) {
        for (long carried : member.liveTags()) {
            if (carried == tag) {
                return true;
            }
        }
        return false;
    }

    private record Cell(long line, int column, String text, ImportableTags.Tag tag) {}

    /** Two or more tags of one exclusive group for one member: every cell naming one of them. */
    private static void reportExclusiveConflicts(Map<Long, List<Cell>> listed, Outcome outcome) {
        if (listed.size() < 2) {
            return;
        }
        Map<Long, Integer> tagsPerGroup = new HashMap<>();
        for (List<Cell> cells : listed.values()) {
            ImportableTags.Tag tag = cells.get(0).tag();
            if (tag.exclusive()) {
                tagsPerGroup.merge(tag.groupId(), 1, Integer::sum);
            }
        }
        for (List<Cell> cells : listed.values()) {
            if (tagsPerGroup.getOrDefault(cells.get(0).tag().groupId(), 0) > 1) {
                for (Cell cell : cells) {
                    outcome.problem(cell.line(), cell.column(), ProblemCode.TAG_EXCLUSIVE_CONFLICT, cell.text());
                }
            }
        }
    }
}
