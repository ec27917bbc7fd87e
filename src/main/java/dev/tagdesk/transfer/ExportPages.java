package dev.tagdesk.transfer;

import dev.tagdesk.tag.TagViews.TagFilter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's CSV exports: the tag list with the list's filters, and member tags in the import shape. */
@Controller
class ExportPages {

    private final ExportDownloads downloads;

    ExportPages(ExportDownloads downloads) {
        this.downloads = downloads;
    }

    @GetMapping("/exports/tags.csv")
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

    @GetMapping("/exports/member-tags.csv")
    void memberTags(
            @RequestParam(required = false) Long departmentId,
            @RequestParam(required = false) List<Long> tagIds,
            HttpServletResponse response)
            throws IOException {
        downloads.memberTags(departmentId, tagIds, response);
    }
}
