package dev.tagdesk.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Which menu item a page belongs to, so the menu can show where the user is ({@code menuSection} in
 * every page's model): the first segment of the address, with the pages that hang under another item
 * (the recycle bin and the tag tree under 标签, rule runs and 事件类型 under 自动标签规则) mapped to it.
 */
@ControllerAdvice(annotations = Controller.class)
class MenuSection {

    private static final Map<String, String> UNDER = Map.of("recycle-bin", "tags", "event-types", "rules");

    @ModelAttribute("menuSection")
    String menuSection(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/settings/follow-up")) {
            return "segments"; // the follow-up lists' settings hang under 人群, not under the tag rules
        }
        String first = path.replaceFirst("^/", "").split("/", 2)[0];
        if (first.isEmpty()) {
            return "home";
        }
        return UNDER.getOrDefault(first, first);
    }
}
