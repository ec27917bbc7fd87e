package dev.tagdesk.transfer;

import java.util.List;

/**
 * One data row of a member-tag file: 姓名, 账号 and the non-empty tag cells.
 *
 * @param line the physical line the row starts on (a quoted cell may span lines)
 * @param tags non-empty tag cells with their 1-based column
 */
public record MemberTagRow(long line, String name, String account, List<TagCell> tags) {

    public record TagCell(int column, String value) {}
}
