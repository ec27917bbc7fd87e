package dev.tagdesk.transfer;

import dev.tagdesk.transfer.ExportDownloads.MemberTagQuery;
import dev.tagdesk.transfer.ExportDownloads.TagListQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The console's CSV exports: the tag list with the list's filters, and member tags in the import shape. */
@Controller
class ExportPages {

    private final ExportDownloads downloads;

    ExportPages(ExportDownloads downloads) {
        this.downloads = downloads;
    }

    @GetMapping("/exports/tags.csv")
    void tags(@ModelAttribute TagListQuery query, HttpServletResponse response) throws IOException {
        downloads.tagList(query, response);
    }

    @GetMapping("/exports/member-tags.csv")
    void memberTags(@ModelAttribute MemberTagQuery query, HttpServletResponse response) throws IOException {
        downloads.memberTags(query, response);
    }
}
