package dev.tagdesk.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tagdesk.shared.RefusedException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/** The batch body read as a stream: its events in order, or the whole body refused. */
class EventBatchReaderTests {

    final EventBatchReader reader = new EventBatchReader(new JsonMapper(), 3);

    java.util.List<tools.jackson.databind.JsonNode> read(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return reader.read(new ByteArrayInputStream(bytes), new MockHttpInputMessage(bytes));
    }

    @Test
    void readsTheEventsInOrderWhateverTheyHold() {
        var events = read("{\"events\":[{\"eventId\":\"a\"},\"x\",{\"eventId\":\"c\",\"n\":[1,2]}]}");
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("eventId").asString()).isEqualTo("a");
        assertThat(events.get(1).isString()).isTrue();
        assertThat(events.get(2).get("n")).hasSize(2);
    }

    @Test
    void oneEventPastTheLimitIsRefusedAsSoonAsItStarts() {
        assertThatThrownBy(() -> read("{\"events\":[{},{},{},{ broken"))
                .isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(((RefusedException) e).status()).isEqualTo(413));
    }

    @Test
    void anUnknownFieldIsNamedAndBrokenJsonIsMalformed() {
        assertThatThrownBy(() -> read("{\"events\":[],\"source\":1}"))
                .isInstanceOf(HttpMessageNotReadableException.class)
                .cause()
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> read("{\"events\":[{}")).isInstanceOf(HttpMessageNotReadableException.class);
        assertThatThrownBy(() -> read("{\"events\":[]} trailing")).isInstanceOf(HttpMessageNotReadableException.class);
        assertThatThrownBy(() -> read("{\"events\":{}}")).isInstanceOf(HttpMessageNotReadableException.class);
        assertThatThrownBy(() -> read("{}")).isInstanceOf(RefusedException.class);
    }
}
