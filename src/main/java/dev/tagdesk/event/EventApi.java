package dev.tagdesk.event;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Behaviour events over JSON: event types, batches of events, a member's events. */
@ApiController("/api/v1")
class EventApi {

    record EventTypeJson(
            long id,
            String name,
            String displayName,
            Map<String, PropertyType> properties,
            int retentionDays,
            long version,
            Instant updatedAt) {}

    record EventTypeRequest(
            String name, String displayName, Map<String, String> properties, Integer retentionDays, Long version) {

        EventTypes.Draft draft() {
            return new EventTypes.Draft(name, displayName, properties, retentionDays);
        }
    }

    /** What {@code POST /events} takes; read as a stream (see {@link EventBatchReader}), described here. */
    record EventBatchJson(List<EventJson> events) {}

    record EventJson(String eventId, String account, String type, String occurredAt, Map<String, Object> properties) {}

    record RejectedJson(int index, String code, String field, String message) {}

    record ReceiptJson(int accepted, int duplicates, List<RejectedJson> rejected) {}

    private final CurrentScope currentScope;
    private final EventTypes types;
    private final EventIngestion ingestion;
    private final MemberEvents memberEvents;
    private final MessageSource messages;
    private final EventBatchReader reader;

    EventApi(
            CurrentScope currentScope,
            EventTypes types,
            EventIngestion ingestion,
            MemberEvents memberEvents,
            MessageSource messages,
            JsonMapper json,
            EventProperties properties) {
        this.currentScope = currentScope;
        this.types = types;
        this.ingestion = ingestion;
        this.memberEvents = memberEvents;
        this.messages = messages;
        this.reader = new EventBatchReader(json, properties.maxBatch());
    }

    @GetMapping("/event-types")
    Page<EventTypeJson> eventTypes(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return Page.of(types.all(), page, size).map(EventApi::json);
    }

    @GetMapping("/event-types/{id}")
    EventTypeJson eventType(@PathVariable long id) {
        return json(types.get(id));
    }

    @PostMapping("/event-types")
    ResponseEntity<EventTypeJson> createEventType(@RequestBody EventTypeRequest request) {
        EventTypeJson created = json(types.create(currentScope.get(), request.draft()));
        return ResponseEntity.created(URI.create("/api/v1/event-types/" + created.id()))
                .body(created);
    }

    @PutMapping("/event-types/{id}")
    EventTypeJson updateEventType(@PathVariable long id, @RequestBody EventTypeRequest request) {
        if (request.version() == null) {
            throw RefusedException.invalid("version", "VERSION_REQUIRED");
        }
        return json(types.update(currentScope.get(), id, request.draft(), request.version()));
    }

    /**
     * A batch of events: each is stored, counted as a duplicate, or rejected on its own with its index
     * and why. The body is read as a stream: more than {@code tagdesk.events.max-batch} events is a 413
     * before the rest is read, and a malformed body a 400 that stores nothing.
     */
    @PostMapping("/events")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = EventBatchJson.class)))
    ReceiptJson postEvents(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        // Only JSON: the body limit (tagdesk.api.max-json-body) is applied to JSON bodies.
        if (!isJson(request.getContentType())) {
            throw new HttpMediaTypeNotSupportedException("events are JSON");
        }
        var scope = currentScope.get();
        List<JsonNode> events = reader.read(request.getInputStream(), new ServletServerHttpRequest(request));
        EventIngestion.Receipt receipt = ingestion.ingest(scope, events);
        return new ReceiptJson(
                receipt.accepted(),
                receipt.duplicates(),
                receipt.rejected().stream()
                        .map(r -> new RejectedJson(r.index(), r.code(), r.field(), message(r)))
                        .toList());
    }

    @GetMapping("/members/{account}/events")
    Page<MemberEvents.EventView> memberEvents(
            @PathVariable String account,
            @RequestParam(required = false) String type,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return memberEvents.of(currentScope.get(), account, type, page, size);
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null
                    && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    private String message(EventIngestion.Rejected rejected) {
        return messages.getMessage(
                "event.rejected." + rejected.code(),
                new Object[] {rejected.field()},
                rejected.code(),
                LocaleContextHolder.getLocale());
    }

    private static EventTypeJson json(EventType type) {
        return new EventTypeJson(
                type.id(),
                type.name(),
                type.displayName(),
                new TreeMap<>(type.properties()),
                type.retentionDays(),
                type.version(),
                type.updatedAt());
    }
}
