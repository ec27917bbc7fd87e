package dev.tagdesk.transfer;

import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.CsvDownload;
import dev.tagdesk.transfer.ExportDownloads.MemberTagQuery;
import dev.tagdesk.transfer.ExportDownloads.TagListQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The CSV exports over the API, for scripts: the same files, the same scope, the same audit. */
@ApiController("/api/v1/exports")
class ExportApi {

    private final ExportDownloads downloads;

    ExportApi(ExportDownloads downloads) {
        this.downloads = downloads;
    }

    @GetMapping(value = "/tags.csv", produces = CsvDownload.MEDIA_TYPE)
    void tags(@ModelAttribute TagListQuery query, HttpServletResponse response) throws IOException {
        downloads.tagList(query, response);
    }

    @GetMapping(value = "/member-tags.csv", produces = CsvDownload.MEDIA_TYPE)
    void memberTags(@ModelAttribute MemberTagQuery query, HttpServletResponse response) throws IOException {
        downloads.memberTags(query, response);
    }
}
