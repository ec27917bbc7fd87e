package dev.tagdesk.tag;

import dev.tagdesk.tag.color.ColorRules;
import dev.tagdesk.tag.color.HueFamily;
import dev.tagdesk.tag.color.Rgb;
import dev.tagdesk.tag.naming.NamingRules;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and writes the admin's naming and colour settings (the one row of {@code tag_policy}). */
@Component
class TagPolicies {

    /** The settings as an admin edits them: plain text fields, checked before they are stored. */
    record Settings(
            int nameMaxLength,
            int nameMaxSegments,
            String forbiddenPrefixes,
            String palette,
            ColorRules.HueRule hueRule,
            String reservedFamilies,
            double blockBelow,
            double warnBelow,
            long version) {

        NamingRules naming() {
            return new NamingRules(nameMaxLength, nameMaxSegments, words(forbiddenPrefixes));
        }

        ColorRules color() {
            List<Rgb> colors = words(palette).stream()
                    .map(hex -> Rgb.parse(hex).orElseThrow())
                    .toList();
            Set<HueFamily> reserved = EnumSet.noneOf(HueFamily.class);
            words(reservedFamilies).forEach(f -> reserved.add(HueFamily.valueOf(f)));
            return new ColorRules(colors, hueRule, reserved, blockBelow, warnBelow);
        }

        static List<String> words(String text) {
            return text == null || text.isBlank()
                    ? List.of()
                    : Arrays.stream(text.strip().split("[\\s,，]+")).toList();
        }
    }

    private final JdbcClient jdbc;

    TagPolicies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Settings current() {
        return jdbc.sql("""
                        select name_max_length, name_max_segments, name_forbidden_prefixes, color_palette, color_hue_rule,
                               color_reserved_families, color_block_below, color_warn_below, version
                        from tag_policy where id = 1""")
                .query((rs, i) -> new Settings(
                        rs.getInt("name_max_length"),
                        rs.getInt("name_max_segments"),
                        rs.getString("name_forbidden_prefixes"),
                        rs.getString("color_palette"),
                        ColorRules.HueRule.valueOf(rs.getString("color_hue_rule")),
                        rs.getString("color_reserved_families"),
                        rs.getDouble("color_block_below"),
                        rs.getDouble("color_warn_below"),
                        rs.getLong("version")))
                .single();
    }

    /** Stores new settings if nobody changed them meanwhile; returns false when the version is stale. */
    boolean save(Settings settings, String by) {
        return jdbc.sql("""
                                update tag_policy set name_max_length = :maxLength, name_max_segments = :maxSegments,
                                    name_forbidden_prefixes = :prefixes, color_palette = :palette, color_hue_rule = :hueRule,
                                    color_reserved_families = :reserved, color_block_below = :block, color_warn_below = :warn,
                                    version = version + 1, updated_at = now(), updated_by = :by
                                where id = 1 and version = :version""")
                        .param("maxLength", settings.nameMaxLength())
                        .param("maxSegments", settings.nameMaxSegments())
                        .param("prefixes", String.join(" ", Settings.words(settings.forbiddenPrefixes())))
                        .param(
                                "palette",
                                String.join(" ", Settings.words(settings.palette()))
                                        .toUpperCase())
                        .param("hueRule", settings.hueRule().name())
                        .param("reserved", String.join(" ", Settings.words(settings.reservedFamilies())))
                        .param("block", settings.blockBelow())
                        .param("warn", settings.warnBelow())
                        .param("by", by)
                        .param("version", settings.version())
                        .update()
                == 1;
    }
}
