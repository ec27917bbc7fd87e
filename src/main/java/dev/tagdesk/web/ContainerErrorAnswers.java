package dev.tagdesk.web;

import dev.tagdesk.shared.EarlyAnswers;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * What the servlet container answers by itself, before TagDesk sees a request it cannot even read (a
 * request line or headers over 8 KB, bytes in a path that are not a path): a problem+json with a
 * {@code code} for the API and for clients that do not ask for HTML, a short page for browsers, both
 * translated, instead of Tomcat's own HTML report. Everything TagDesk can read goes to
 * {@link ErrorAnswers} as before.
 */
@Component
class ContainerErrorAnswers implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            for (Valve valve : parent.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    parent.getPipeline().removeValve(valve);
                }
            }
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(Report.class.getName());
            }
            parent.getPipeline().addValve(new Report());
        });
    }

    /** After Spring Boot's own customizer, which adds Tomcat's report valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Tomcat's error report, written as TagDesk answers errors. */
    public static class Report extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable failure) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String code = status == 414 || status == 431
                    ? "REQUEST_TOO_LARGE"
                    : status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
            Locale locale = locale(request);
            String detail = text(locale, "problem." + (code.equals("INTERNAL_ERROR") ? "BAD_REQUEST" : code));
            try {
                response.resetBuffer();
                String uri = request.getRequestURI();
                String accept = request.getHeader("Accept");
                boolean page = !EarlyAnswers.isApiPath(uri) && accept != null && accept.contains("text/html");
                response.setCharacterEncoding("UTF-8");
                if (page) {
                    response.setContentType("text/html");
                    String title = HtmlUtils.htmlEscape(text(locale, "error.400.title"));
                    writeAll(
                            response,
                            "<!DOCTYPE html><html lang=\"" + locale.toLanguageTag()
                                    + "\"><head><meta charset=\"utf-8\">"
                                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                                    + title + " · TagDesk</title></head><body><h1>" + title + "</h1><p>"
                                    + HtmlUtils.htmlEscape(detail)
                                    + "</p><p><a href=\"/\">TagDesk</a></p></body></html>");
                } else {
                    response.setContentType("application/problem+json");
                    writeAll(
                            response,
                            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":" + status + ",\"code\":\""
                                    + code + "\",\"detail\":\""
                                    + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                                    + "\"}");
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away, or the response can no longer be written: nothing to answer
            }
        }

        private static void writeAll(Response response, String body) throws IOException {
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        }

        /**
         * The language the user chose in the console (the {@code tagdesk-lang} cookie), as everywhere
         * else in TagDesk; Chinese, the default, when there is none or the headers could not be read.
         */
        private static Locale locale(Request request) {
            try {
                jakarta.servlet.http.Cookie[] cookies = request.getCookies();
                if (cookies != null) {
                    for (jakarta.servlet.http.Cookie cookie : cookies) {
                        if ("tagdesk-lang".equals(cookie.getName())
                                && cookie.getValue().toLowerCase(Locale.ROOT).startsWith("en")) {
                            return Locale.ENGLISH;
                        }
                    }
                }
            } catch (RuntimeException unreadable) {
                // headers that could not be parsed: the default language
            }
            return Locale.SIMPLIFIED_CHINESE;
        }

        private static String text(Locale locale, String key) {
            try {
                return ResourceBundle.getBundle(
                                "messages",
                                locale,
                                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
                        .getString(key);
            } catch (MissingResourceException e) {
                return key;
            }
        }
    }
}
