package dev.tagdesk.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Links to the same list with one parameter changed, keeping every filter the viewer set: the next
 * page ({@code ${@pageLinks.to('page', 3)}}) or another order ({@code ${@pageLinks.sortedBy('-count')}},
 * which goes back to the first page). Used by the pagination and sortable-header fragments in
 * {@code fragments/kit.html}, so no template has to repeat its filters to build a link.
 */
@Component("pageLinks")
public class PageLinks {

    /** The parameter that orders a list; changing it goes back to the first page. */
    public static final String SORT = "sort";

    /** The current list with {@code param} (a page number parameter) set to {@code page}. */
    public String to(String param, int page) {
        return link(param, Integer.toString(Page.number(page)), null);
    }

    /** The current list in another order, from its first page. */
    public String sortedBy(String sort) {
        return link(SORT, sort, "page");
    }

    /** The current order of the list ({@code sort} parameter), or {@code ""}. */
    public String currentSort() {
        String sort = request().getParameter(SORT);
        return sort == null ? "" : sort;
    }

    private static String link(String param, String value, String dropped) {
        HttpServletRequest request = request();
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
            String name = entry.getKey();
            if (name.equals(param) || name.equals(dropped) || name.equals("_csrf")) {
                continue;
            }
            for (String v : entry.getValue()) {
                if (!v.isEmpty()) {
                    query.add(encode(name) + "=" + encode(v));
                }
            }
        }
        query.add(encode(param) + "=" + encode(value));
        return request.getRequestURI() + "?" + query;
    }

    private static String encode(String text) {
        return UriUtils.encodeQueryParam(text, StandardCharsets.UTF_8);
    }

    private static HttpServletRequest request() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }
}
