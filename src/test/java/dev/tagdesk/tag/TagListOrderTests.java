package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The tag list orders by name, members and last change from its column headers, keeps its filters
 * when it is ordered or paged, and its count order is the order of the counts the viewer sees.
 */
@WebTest
class TagListOrderTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void theMembersColumnOrdersByTheCountsTheViewerSees() throws Exception {
        for (String user : List.of("admin", "ops.sales")) {
            Document desc = page("/tags?sort=-count&size=200", user);
            List<Long> counts = column(desc, 3, user);
            assertThat(counts).hasSizeGreaterThan(5).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(counts.get(0)).isGreaterThan(counts.get(counts.size() - 1));
            assertThat(header(desc, "count").attr("aria-sort")).isEqualTo("descending");

            List<Long> ascending = column(page("/tags?sort=count&size=200", user), 3, user);
            assertThat(ascending).isSortedAccordingTo(Comparator.naturalOrder()).hasSameSizeAs(counts);
        }
    }

    @Test
    void namesOrderEitherWayAndUpdatesNewestFirst() throws Exception {
        List<String> names = names(page("/tags?sort=name&size=200", "admin"));
        List<String> reversed = names(page("/tags?sort=-name&size=200", "admin"));
        List<String> backwards = new java.util.ArrayList<>(names);
        java.util.Collections.reverse(backwards);
        assertThat(reversed).containsExactlyElementsOf(backwards);

        demo.update("update tag set updated_at = now() + interval '1 hour' where name = '渠道_线下门店'");
        assertThat(names(page("/tags?sort=-updated", "admin")).get(0)).isEqualTo("渠道_线下门店");
    }

    @Test
    void aHeaderLinkKeepsTheFiltersAndGoesBackToTheFirstPage() throws Exception {
        Document sorted = page("/tags?q=SALES&size=2&page=1&sort=name", "admin");
        assertThat(header(sorted, "name").attr("aria-sort")).isEqualTo("ascending");
        assertThat(header(sorted, "count").attr("aria-sort")).isEqualTo("none");
        String nameLink = header(sorted, "name").selectFirst("a").attr("href");
        assertThat(nameLink)
                .startsWith("/tags?")
                .contains("q=SALES", "size=2", "sort=-name")
                .doesNotContain("page=");
        assertThat(header(sorted, "count").selectFirst("a").attr("href")).contains("sort=-count");

        String next = sorted.selectFirst(".td-next-page").attr("href");
        assertThat(next).contains("q=SALES", "size=2", "sort=name", "page=2");
        assertThat(sorted.selectFirst("input[type=hidden][name=sort]").val()).isEqualTo("name");
    }

    @Test
    void anUnknownOrderIsTheDefaultOneNotAnError() throws Exception {
        assertThat(names(page("/tags?sort=1;drop table tag&size=200", "admin")))
                .containsExactlyElementsOf(names(page("/tags?size=200", "admin")));
    }

    @Test
    void theApiOrdersTheSameWay() throws Exception {
        String body = mvc.perform(get("/api/v1/tags?sort=-count&size=3").with(demo.as("admin")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Document html = page("/tags?sort=-count&size=3", "admin");
        for (String name : names(html)) {
            assertThat(body).contains("\"name\":\"" + name + "\"");
        }
    }

    private Document page(String url, String user) throws Exception {
        String html = mvc.perform(get(url).with(demo.as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return Jsoup.parse(html);
    }

    private static Element header(Document page, String key) {
        return page.selectFirst("#tag-table th:has(a[data-sort=" + key + "])");
    }

    private static List<String> names(Document page) {
        return page.select("#tag-table tbody tr td a[href^=/tags/]").eachText();
    }

    /** A numeric column, counted from the first data column (the selection box only shows to editors). */
    private static List<Long> column(Document page, int index, String user) {
        int offset = page.selectFirst("#tag-table tbody td.td-check") == null ? 0 : 1;
        return page.select("#tag-table tbody tr").stream()
                .filter(row -> row.select("td").size() > index + offset)
                .map(row -> Long.parseLong(
                        row.select("td").get(index + offset).text().replace(",", "")))
                .toList();
    }
}
