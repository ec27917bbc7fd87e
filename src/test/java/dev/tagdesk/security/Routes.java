package dev.tagdesk.security;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every route the application serves, read from Spring's handler mappings (controllers, the error
 * controller, OpenAPI and actuator endpoints), so a new route shows up here without anyone listing it.
 * The permission matrix and the API's conventions walk them.
 */
public final class Routes {

    /** An id and an account that exist nowhere: what "missing" looks like to every route. */
    public static final String MISSING_ID = "987654321";

    public static final String MISSING_ACCOUNT = "no.such.member";

    private Routes() {}

    /** "METHOD /pattern" (plus " [header]" for a header-only variant) → whether it needs HX-Request. */
    public static Map<String, Route> served(ApplicationContext context) {
        Map<String, Route> routes = new TreeMap<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                // @HxRequest (htmx-spring-boot) adds its HX-Request check as a custom condition
                boolean htmx = !info.getHeadersCondition().isEmpty() || info.getCustomCondition() != null;
                var methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        routes.put("ANY " + pattern, new Route("GET", pattern, false));
                    }
                    for (var method : methods) {
                        Route route = new Route(method.name(), pattern, htmx);
                        routes.put(route.key(), route);
                    }
                }
            }
        }
        return routes;
    }

    /** One route: its method, its path pattern, and whether it is the htmx fragment variant. */
    public record Route(String method, String pattern, boolean htmx) {

        public String key() {
            return method + " " + pattern + (htmx ? " [HX]" : "");
        }

        public boolean api() {
            return pattern.startsWith("/api/") || pattern.startsWith("/v3/");
        }

        public boolean changesState() {
            return !method.equals("GET");
        }

        /** The path with every variable filled in. */
        public String path(String id, String account) {
            return pattern.replace("{id}", id)
                    .replace("{tagId}", id)
                    .replace("{account}", account)
                    .replace("/**", "");
        }
    }
}
