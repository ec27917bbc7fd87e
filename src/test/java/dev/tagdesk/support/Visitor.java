package dev.tagdesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Someone at a browser in front of several instances: one cookie jar for {@code localhost} (cookies do
 * not tell ports apart, so a session cookie set by one instance goes to all of them, as it would behind
 * a load balancer), redirects not followed, forms posted with the CSRF token of the page they came from.
 */
public final class Visitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public HttpResponse<String> get(TagDeskInstance instance, String path) {
        return send(HttpRequest.newBuilder(URI.create(instance.url(path))).GET());
    }

    /** Posts a form; {@code fields} in order, as {@code name, value, name, value…}. */
    public HttpResponse<String> post(TagDeskInstance instance, String path, String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(instance.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Logs in through the login form of {@code instance}; fails unless it lands on the home page. */
    public void logIn(TagDeskInstance instance, String username) {
        String token = csrf(get(instance, "/login"));
        HttpResponse<String> login =
                post(instance, "/login", "username", username, "password", "tagdesk-demo", "_csrf", token);
        String location = location(login);
        if (login.statusCode() != 302 || !location.equals("/")) {
            throw new IllegalStateException("Logging in as " + username + " failed: " + location);
        }
    }

    /** The CSRF token of the forms of a page. */
    public static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("No CSRF token on the page (" + page.statusCode() + ")");
        }
        return m.group(1);
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    /** An API call with HTTP Basic, outside any session (no cookie jar). */
    public static HttpResponse<String> api(TagDeskInstance instance, String method, String path, String username) {
        return apiAsync(instance, method, path, username, HttpRequest.BodyPublishers.noBody(), null)
                .join();
    }

    public static CompletableFuture<HttpResponse<String>> apiAsync(
            TagDeskInstance instance,
            String method,
            String path,
            String username,
            HttpRequest.BodyPublisher body,
            String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.url(path)))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((username + ":tagdesk-demo").getBytes(StandardCharsets.UTF_8)))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart body with one file part {@code file} and plain fields; returns the content type too. */
    public static Multipart multipart(String fileName, byte[] file, String... fields) {
        String boundary = "----tagdesk" + System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                            + fields[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart(
                HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()), "multipart/form-data; boundary=" + boundary);
    }

    public record Multipart(HttpRequest.BodyPublisher body, String contentType) {}

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
