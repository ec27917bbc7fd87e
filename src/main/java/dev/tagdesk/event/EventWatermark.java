package dev.tagdesk.event;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The watermark rules judge events by: now minus a lag ({@code tagdesk.events.watermark-lag}, 10
 * minutes by default). A run counts only events received before it, by the time they occurred; an
 * event that arrives late is therefore counted by the next run, once, and never lost.
 */
@Component
public class EventWatermark {

    private final EventProperties properties;

    EventWatermark(EventProperties properties) {
        this.properties = properties;
    }

    public Instant at(Instant now) {
        return now.minus(properties.watermarkLag());
    }
}
