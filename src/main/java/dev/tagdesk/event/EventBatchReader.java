package dev.tagdesk.event;

import dev.tagdesk.shared.Refusal;
import dev.tagdesk.shared.RefusedException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {"events":[…]}} as a stream, one event at a time, so that a batch with too many events
 * is refused (413 {@code EVENTS_TOO_MANY}) as soon as it passes the limit, not after it was parsed in
 * full. The body as a whole must be well-formed JSON with only the field {@code events}: anything else
 * is a 400 and nothing is stored. Each event is kept as a small JSON tree for {@link EventItemCheck},
 * which refuses a bad event on its own.
 */
final class EventBatchReader {

    private final JsonMapper json;
    private final ObjectReader event;
    private final int maxEvents;

    EventBatchReader(JsonMapper json, int maxEvents) {
        this.json = json;
        // One event at a time from inside the batch: what follows it is the rest of the batch.
        this.event = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxEvents = maxEvents;
    }

    /**
     * The events of the body, in order. Malformed JSON, an unknown field, or a body cut short fail
     * with {@link HttpMessageNotReadableException} (the API's 400 / 413 answers); too many events with
     * a 413 refusal.
     */
    List<JsonNode> read(InputStream body, HttpInputMessage message) {
        List<JsonNode> events = null;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(null, message);
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                if (!field.equals("events")) {
                    throw new HttpMessageNotReadableException(
                            "unknown field",
                            UnrecognizedPropertyException.from(
                                    parser, EventBatchReader.class, field, List.of("events")),
                            message);
                }
                if (parser.nextToken() != JsonToken.START_ARRAY || events != null) {
                    throw malformed(null, message);
                }
                events = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (events.size() == maxEvents) {
                        throw new RefusedException(413, List.of(new Refusal("events", "EVENTS_TOO_MANY", maxEvents)));
                    }
                    events.add(event.readValue(parser));
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw malformed(null, message);
            }
        } catch (JacksonException e) {
            throw malformed(e, message);
        }
        if (events == null) {
            throw RefusedException.invalid("events", "EVENTS_REQUIRED");
        }
        return events;
    }

    private static HttpMessageNotReadableException malformed(Throwable cause, HttpInputMessage message) {
        return new HttpMessageNotReadableException("malformed event batch", cause, message);
    }
}
