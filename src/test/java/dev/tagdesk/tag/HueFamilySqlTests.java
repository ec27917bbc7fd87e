package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.WebTest;
import dev.tagdesk.tag.color.HueFamily;
import dev.tagdesk.tag.color.Rgb;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tag list filters by colour family in SQL; the SQL function must agree with HueFamily exactly. */
@WebTest
class HueFamilySqlTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theDatabaseAndJavaAgreeOnEveryColourFamily() {
        List<String> colors = new ArrayList<>(List.of(
                "#000000", "#FFFFFF", "#FF0000", "#FF4000", "#FFB000", "#FFFF00", "#40FF00", "#00FF88", "#00FFFF",
                "#0000FF", "#8800FF", "#FF00FF", "#FF0055", "#808080", "#2E2E2E", "#D62828", "#1E6FD9"));
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            colors.add(String.format("#%06X", random.nextInt(0x1000000)));
        }
        List<String> sql = jdbc.sql(
                        "select tag_hue_family(c) from unnest(cast(:colors as varchar[])) with ordinality as x(c, n) order by n")
                .param("colors", colors.toArray(String[]::new))
                .query(String.class)
                .list();
        List<String> java = colors.stream()
                .map(c -> HueFamily.of(Rgb.parse(c).orElseThrow()).name())
                .toList();
        assertThat(sql).containsExactlyElementsOf(java);
    }
}
