package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.WebTest;
import dev.tagdesk.tag.color.ColorPolicy;
import dev.tagdesk.tag.color.Rgb;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo organisation is what a new user first sees of the colour rules, so its own tags must pass
 * them: every demo tag is checked exactly as TagService checks a save by an admin (who is compared with
 * every other live tag of the group), with the default settings from the {@code tag_policy} row.
 */
@WebTest
class DemoColorsTests {

    @Autowired
    DemoReset reset;

    @Autowired
    TagService tags;

    @Autowired
    JdbcClient jdbc;

    record DemoTag(long id, long groupId, String name, String color, String kind, boolean mayUseReserved) {}

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void everyDemoTagPassesTheDefaultColourPolicyWithoutAWarningAgainstItsSiblings() {
        List<DemoTag> demo = jdbc.sql("""
                        select t.id, t.group_id, t.name, t.color, g.kind, g.may_use_reserved_colors
                        from tag t join tag_group g on g.id = t.group_id
                        where t.deleted_at is null order by t.id""")
                .query((rs, i) -> new DemoTag(
                        rs.getLong("id"),
                        rs.getLong("group_id"),
                        rs.getString("name"),
                        rs.getString("color"),
                        rs.getString("kind"),
                        rs.getBoolean("may_use_reserved_colors")))
                .list();
        assertThat(demo).hasSize(33);
        ColorPolicy policy = new ColorPolicy(tags.settings().color());

        List<String> findings = new ArrayList<>();
        for (DemoTag tag : demo) {
            List<ColorPolicy.Sibling> siblings = demo.stream()
                    .filter(other -> other.groupId() == tag.groupId() && other.id() != tag.id())
                    .map(other -> new ColorPolicy.Sibling(
                            other.name(), Rgb.parse(other.color()).orElseThrow()))
                    .toList();
            ColorPolicy.Verdict verdict =
                    policy.check(tag.color(), ColorPolicy.Kind.valueOf(tag.kind()), tag.mayUseReserved(), siblings);
            verdict.refusals().forEach(f -> findings.add(tag.name() + " " + tag.color() + " refused: " + shown(f)));
            verdict.warnings().forEach(f -> findings.add(tag.name() + " " + tag.color() + " warned: " + shown(f)));
        }
        assertThat(findings)
                .as("what the colour policy says about the demo tags")
                .isEmpty();
    }

    private static String shown(ColorPolicy.Finding finding) {
        return finding.code() + " "
                + List.of(finding.args()).stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
