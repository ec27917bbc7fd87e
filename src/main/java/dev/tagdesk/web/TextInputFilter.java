package dev.tagdesk.web;

import dev.tagdesk.shared.EarlyAnswers;
import dev.tagdesk.shared.TextInput;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The boundary for text: a query or form parameter that is not valid UTF-8, or holds U+0000 or half
 * of a surrogate pair, is refused here (400, naming the parameter), before anything reads it;
 * PostgreSQL cannot store either, and a stream that had begun could no longer answer cleanly. A JSON
 * body over {@code tagdesk.api.max-json-body} is refused (413) before it is read, or as soon as it
 * passes the limit when its length was not announced. JSON strings are checked where they are read
 * ({@link JsonTextChecks}); file names by the import.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class TextInputFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TextInputFilter.class);

    /** A refused parameter: its name as it can be shown, and the problem code with its detail key. */
    private record Refused(String code, String name, String character) {}

    private final EarlyAnswers answers;
    private final long maxJsonBody;

    TextInputFilter(EarlyAnswers answers, @Value("${tagdesk.api.max-json-body:1MB}") DataSize maxJsonBody) {
        this.answers = answers;
        this.maxJsonBody = maxJsonBody.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Refused refused = inPath(request.getRequestURI());
        if (refused == null) {
            refused = inQuery(request.getQueryString());
        }
        if (refused == null && isForm(request)) {
            refused = inParameters(request.getParameterMap());
        }
        if (refused != null) {
            log.info(
                    "Refused {} {}: parameter {} ({})",
                    request.getMethod(),
                    request.getRequestURI(),
                    refused.name(),
                    refused.code());
            answers.answer(
                    request,
                    response,
                    400,
                    refused.code(),
                    answers.text(request, "problem." + refused.code(), refused.name(), refused.character()));
            return;
        }
        if (isJson(request)) {
            if (request.getContentLengthLong() > maxJsonBody) {
                answers.answer(
                        request,
                        response,
                        413,
                        "BODY_TOO_LARGE",
                        answers.text(request, "problem.BODY_TOO_LARGE", String.format("%,d", maxJsonBody)));
                return;
            }
            request = new LimitedBody(request, maxJsonBody);
        }
        chain.doFilter(request, response);
    }

    /** The path, percent-decoded: a path variable (an account, say) is text like any other. */
    private static Refused inPath(String uri) {
        String path = uri == null ? null : decode(uri.replace("+", "%2B"));
        if (path == null) {
            return new Refused("TEXT_INVALID_ENCODING", "path", "");
        }
        String character = TextInput.refusedCharacter(path);
        return character == null ? null : new Refused("TEXT_INVALID_CHARACTER", "path", character);
    }

    /** Each name and value of the raw query string, percent-decoded and read as strict UTF-8. */
    private static Refused inQuery(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String shownName = shown(rawName);
            for (String part : equals < 0 ? new String[] {pair} : new String[] {rawName, pair.substring(equals + 1)}) {
                String text = decode(part);
                if (text == null) {
                    return new Refused("TEXT_INVALID_ENCODING", shownName, "");
                }
                String character = TextInput.refusedCharacter(text);
                if (character != null) {
                    return new Refused("TEXT_INVALID_CHARACTER", shownName, character);
                }
            }
        }
        return null;
    }

    private static Refused inParameters(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String character = TextInput.refusedCharacter(parameter.getKey());
            for (int i = 0; character == null && i < parameter.getValue().length; i++) {
                character = TextInput.refusedCharacter(parameter.getValue()[i]);
            }
            if (character != null) {
                return new Refused("TEXT_INVALID_CHARACTER", shown(parameter.getKey()), character);
            }
        }
        return null;
    }

    /**
     * Percent-decoded ({@code +} is a space) and read as strict UTF-8; {@code null} if it is neither.
     * Characters sent without percent-encoding are taken as they are.
     */
    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < encoded.length()
                    && Character.isLowSurrogate(encoded.charAt(i + 1))) {
                bytes.writeBytes(encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                return null;
            } else {
                // text a client sent without percent-encoding it: taken as it is
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A parameter name as a message may show it: its safe characters, at most 40 of them. */
    private static String shown(String name) {
        String safe = name.replaceAll("[^\\p{L}\\p{N}_.%\\-\\[\\]]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    /** Thrown (inside the JSON reader's failure) when a body without a length passes the limit. */
    static final class BodyTooLarge extends IOException {
        private final long limit;

        BodyTooLarge(long limit) {
            super("request body over the limit of " + limit + " bytes");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    /** The request with a body that fails once it passes the limit. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                ServletInputStream in = super.getInputStream();
                body = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLarge {
                        read += n;
                        if (read > limit) {
                            throw new BodyTooLarge(limit);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return body;
        }
    }
}
