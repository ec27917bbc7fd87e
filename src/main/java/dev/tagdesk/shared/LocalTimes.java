package dev.tagdesk.shared;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Times as the users read them: in the configured zone ({@code tagdesk.zone}, Asia/Shanghai unless
 * set). The database keeps UTC; pages, exports, file names, audit filters and messages show local
 * time through this one place. Templates call it as {@code ${@times.minute(t.updatedAt())}}.
 */
@Component("times")
public class LocalTimes {

    private final ZoneId zone;
    private final DateTimeFormatter second;
    private final DateTimeFormatter minute;
    private final DateTimeFormatter shortMinute;
    private final DateTimeFormatter date;

    public LocalTimes(@Value("${tagdesk.zone:Asia/Shanghai}") ZoneId zone) {
        this.zone = zone;
        this.second = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        this.minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        this.shortMinute = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(zone);
        this.date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code 2026-12-03 14:05:09}; an absent time is an empty string. */
    public String second(TemporalAccessor time) {
        return time == null ? "" : second.format(time);
    }

    /** {@code 2026-12-03 14:05}. */
    public String minute(TemporalAccessor time) {
        return time == null ? "" : minute.format(time);
    }

    /** {@code 12-03 14:05}, for lists of recent things. */
    public String shortMinute(TemporalAccessor time) {
        return time == null ? "" : shortMinute.format(time);
    }

    /** {@code 2026-12-03}. */
    public String date(TemporalAccessor time) {
        return time == null ? "" : date.format(time);
    }

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /** {@code 标签清单} → {@code 标签清单_2026-11-24.csv}, dated today where the users are. */
    public String datedFileName(String stem) {
        return stem + "_" + today() + ".csv";
    }
}
