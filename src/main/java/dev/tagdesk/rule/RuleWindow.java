package dev.tagdesk.rule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The nightly window in which rules run (default 23:00–02:00, Asia/Shanghai). A window that crosses
 * midnight belongs to the night it opened on.
 */
@Component
class RuleWindow {

    /** An open window: the night it belongs to and when it closes. */
    record Night(LocalDate date, Instant closes) {}

    private final LocalTime start;
    private final LocalTime end;
    private final ZoneId zone;

    RuleWindow(
            @Value("${tagdesk.rules.window-start:23:00}") LocalTime start,
            @Value("${tagdesk.rules.window-end:02:00}") LocalTime end,
            @Value("${tagdesk.zone:Asia/Shanghai}") ZoneId zone) {
        this.start = start;
        this.end = end;
        this.zone = zone;
    }

    /** The night whose window is open at this instant, if one is. */
    Optional<Night> openAt(Instant instant) {
        ZonedDateTime at = instant.atZone(zone);
        LocalDate today = at.toLocalDate();
        LocalTime time = at.toLocalTime();
        boolean crossesMidnight = !end.isAfter(start);
        if (crossesMidnight) {
            if (!time.isBefore(start)) {
                return Optional.of(new Night(
                        today, today.plusDays(1).atTime(end).atZone(zone).toInstant()));
            }
            if (time.isBefore(end)) {
                return Optional.of(new Night(
                        today.minusDays(1), today.atTime(end).atZone(zone).toInstant()));
            }
            return Optional.empty();
        }
        return !time.isBefore(start) && time.isBefore(end)
                ? Optional.of(new Night(today, today.atTime(end).atZone(zone).toInstant()))
                : Optional.empty();
    }

    /** When the window opens on a given night, e.g. for a test to pick an instant inside it. */
    Instant opens(LocalDate night) {
        return night.atTime(start).atZone(zone).toInstant();
    }

    String describe() {
        return start + "–" + end + " (" + zone + ")";
    }
}
