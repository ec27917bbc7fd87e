package dev.tagdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalTimesTests {

    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-12-03T17:30:45Z");

    @Test
    void timesAreShownInTheConfiguredZone() {
        LocalTimes shanghai = new LocalTimes(ZoneId.of("Asia/Shanghai"));
        assertThat(shanghai.second(LATE_EVENING_UTC)).isEqualTo("2026-12-04 01:30:45");
        assertThat(shanghai.minute(LATE_EVENING_UTC)).isEqualTo("2026-12-04 01:30");
        assertThat(shanghai.shortMinute(LATE_EVENING_UTC)).isEqualTo("12-04 01:30");
        assertThat(shanghai.date(LATE_EVENING_UTC)).isEqualTo("2026-12-04");

        LocalTimes berlin = new LocalTimes(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.minute(LATE_EVENING_UTC)).isEqualTo("2026-12-03 18:30");
        assertThat(berlin.date(LATE_EVENING_UTC)).isEqualTo("2026-12-03");
    }

    @Test
    void anAbsentTimeIsEmpty() {
        assertThat(new LocalTimes(ZoneId.of("UTC")).minute(null)).isEmpty();
    }

    @Test
    void fileNamesAreDatedWhereTheUsersAre() {
        LocalTimes times = new LocalTimes(ZoneId.of("Asia/Shanghai"));
        assertThat(times.datedFileName("标签清单")).isEqualTo("标签清单_" + times.today() + ".csv");
    }

    /** Pages format times through {@code @times}, so {@code tagdesk.zone} reaches every one of them. */
    @Test
    void noTemplateNamesAZoneOfItsOwn() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            List<Path> naming = files.filter(p -> p.toString().endsWith(".html"))
                    .filter(p -> read(p).contains("Asia/") || read(p).contains("#temporals.format"))
                    .toList();
            assertThat(naming).isEmpty();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
