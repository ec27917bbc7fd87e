package dev.tagdesk.transfer;

import dev.tagdesk.shared.ApiController;
import dev.tagdesk.tag.TagViews.TagFilter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The CSV exports over the API, for scripts: the same files, the same scope, the same audit. */
@ApiController("/api/v1/exports")
class ExportApi {

    private final ExportDownloads downloads;

    ExportApi(ExportDownloads downloads) {
        this.downloads = downloads;
    }

    @GetMapping("/tags.csv")
    void tags(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long groupId,
            @RequestParam(required = false) String colorFamily,
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) List<Long> ids,
            HttpServletResponse response)
            throws IOException {
        downloads.tagList(new TagFilter(q, groupId, colorFamily, departmentId, 0, 1), ids, response);
    }

    @GetMapping("/member-tags.csv")
    void memberTags(
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) List<Long> tagIds,
            HttpServletResponse response)
            throws IOException {
        downloads.memberTags(departmentId, tagIds, response);
    }
}
