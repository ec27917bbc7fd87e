package dev.tagdesk.transfer;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.shared.LocalTimes;
import dev.tagdesk.tag.TagService;
import dev.tagdesk.tag.TagViews.TagFilter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.springframework.stereotype.Component;

/** The two CSV downloads, shared by the console's links and the API: headers, then the stream. */
@Component
class ExportDownloads {

    /** What a tag-list export asks for: the tag list's filters, or a selection of ids. */
    record TagListQuery(
            String q, Long groupId, String colorFamily, Long departmentId, Integer expiring, List<Long> ids) {

        TagFilter filter() {
            return new TagFilter(q, groupId, colorFamily, departmentId, expiring, 0, 1);
        }
    }

    /** What a member-tag export asks for: a department's subtree (or all in scope), optionally some tags only. */
    record MemberTagQuery(Long departmentId, List<Long> tagIds) {}

    private final CurrentScope currentScope;
    private final TagListExport tagList;
    private final MemberTagExport memberTags;
    private final TagService tags;

    private final LocalTimes times;

    ExportDownloads(
            CurrentScope currentScope,
            TagListExport tagList,
            MemberTagExport memberTags,
            TagService tags,
            LocalTimes times) {
        this.times = times;
        this.currentScope = currentScope;
        this.tagList = tagList;
        this.memberTags = memberTags;
        this.tags = tags;
    }

    void tagList(TagListQuery query, HttpServletResponse response) throws IOException {
        Scope scope = currentScope.get();
        List<Long> ids = visible(scope, query.ids());
        tagList.write(scope, query.filter(), ids, download(response, "tags", "标签清单"));
    }

    void memberTags(MemberTagQuery query, HttpServletResponse response) throws IOException {
        Scope scope = currentScope.get();
        List<Long> tagIds = visible(scope, query.tagIds());
        memberTags.write(scope, query.departmentId(), tagIds, download(response, "member-tags", "成员标签"));
    }

    /** The tags asked for (null: none), each visible to the caller, else not found like a missing one. */
    private List<Long> visible(Scope scope, List<Long> ids) {
        List<Long> asked = ids == null ? List.of() : ids;
        tags.requireVisible(scope, asked);
        return asked;
    }

    /** A download named with today's date, in ASCII and in Chinese. */
    private Download download(HttpServletResponse response, String asciiName, String name) {
        return new Download(response, times.datedFileName(asciiName), times.datedFileName(name));
    }

    /**
     * The response's body, made a CSV download by its first byte: an export refused before it writes
     * (a department outside the scope) still answers with its 404 page or problem, not a file.
     */
    private static final class Download extends OutputStream {

        private final HttpServletResponse response;
        private final String asciiName;
        private final String name;
        private OutputStream body;

        Download(HttpServletResponse response, String asciiName, String name) {
            this.response = response;
            this.asciiName = asciiName;
            this.name = name;
        }

        private OutputStream body() throws IOException {
            if (body == null) {
                CsvDownload.prepare(response, asciiName, name);
                body = response.getOutputStream();
            }
            return body;
        }

        @Override
        public void write(int b) throws IOException {
            body().write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            body().write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            body().flush();
        }
    }
}
