package dev.tagdesk.transfer;

import java.util.List;

/**
 * One data row of a member-tag file: 姓名, 账号 and the non-empty tag cells.
 *
 * @param line the physical line the row starts on (a quoted cell may span lines)
 * @param tags non-empty tag cells with their 1-based column
 * @param cellsOutsideHeader whether the row has a non-empty cell beyond the header's columns (an
 *     error the reader reports, {@code CELL_OUTSIDE_HEADER}; the cell is not among {@code tags})
 */
public record MemberTagRow(long line, String name, String account, List<TagCell> tags, boolean cellsOutsideHeader) {

    public MemberTagRow(long line, String name, String account, List<TagCell> tags) {
        this(line, name, account, tags, false);
    }

    public record TagCell(int column, String value) {}
}
