package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import dev.tagdesk.shared.Refusal;
import dev.tagdesk.tag.TagViews.ColorCheck;
import dev.tagdesk.tag.TagViews.ColorSuggestion;
import dev.tagdesk.tag.TagViews.Warning;
import dev.tagdesk.tag.color.ColorPolicy;
import dev.tagdesk.tag.color.ColorRules;
import dev.tagdesk.tag.color.HueFamily;
import dev.tagdesk.tag.color.Rgb;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * The colour rule as a tag's save, the form's live check and a new tag's starting colour apply it:
 * one policy (the admin's settings) and one set of siblings, those of the group that the caller can
 * see. Suggestions and the starting colour come from the same siblings, so nothing here depends on a
 * tag outside the caller's scope (docs/architecture.md, "What a refusal may say").
 */
@Component
class TagColors {

    /** How many swatches the live check offers. */
    static final int SUGGESTIONS_SHOWN = 6;

    private final TagRepository tags;
    private final TagQueries queries;
    private final TagPolicies policies;

    TagColors(TagRepository tags, TagQueries queries, TagPolicies policies) {
        this.tags = tags;
        this.queries = queries;
        this.policies = policies;
    }

    /** The verdict on {@code color} for a tag of {@code group} (other than {@code exceptId}), as a save sees it. */
    ColorPolicy.Verdict verdict(Scope scope, TagGroup group, String color, long exceptId) {
        return policy().check(
                        color, kind(group), group.isMayUseReservedColors(), siblingsSeenBy(scope, group, exceptId));
    }

    /** The colour a new tag of the group starts with: one that passes every rule, far from its tags. */
    String startingColor(Scope scope, TagGroup group) {
        return policy().startingColor(kind(group), group.isMayUseReservedColors(), siblingsSeenBy(scope, group, -1));
    }

    /**
     * The live check of the tag form: the verdict on {@code color} (or, with {@code startOver}, on the
     * group's starting colour), the sibling closest to it, and colours that pass every rule to offer
     * instead.
     */
    ColorCheck check(Scope scope, TagGroup group, String color, long exceptId, boolean startOver) {
        ColorRules rules = policies.current().color();
        ColorPolicy policy = new ColorPolicy(rules);
        ColorPolicy.Kind kind = kind(group);
        boolean mayUseReserved = group.isMayUseReservedColors();
        List<ColorPolicy.Sibling> siblings = siblingsSeenBy(scope, group, exceptId);
        String checked = startOver ? policy.startingColor(kind, mayUseReserved, siblings) : color;
        ColorPolicy.Verdict verdict = policy.check(checked, kind, mayUseReserved, siblings);
        String hex = verdict.color().map(Rgb::hex).orElse(null);
        List<ColorSuggestion> suggestions =
                policy.suggestions(kind, mayUseReserved, siblings, SUGGESTIONS_SHOWN + 1).stream()
                        .filter(s -> !s.equals(hex))
                        .limit(SUGGESTIONS_SHOWN)
                        .map(s ->
                                new ColorSuggestion(s, HueFamily.of(Rgb.parse(s).orElseThrow())))
                        .toList();
        return new ColorCheck(
                hex == null ? (checked == null ? "" : checked.strip()) : hex,
                verdict.color().map(HueFamily::of).orElse(null),
                group.getName(),
                group.getKind(),
                rules.hueRule() != ColorRules.HueRule.OFF,
                mayUseReserved ? List.of() : familyNames(rules.reservedFamilies()),
                verdict.refusals().stream()
                        .map(f -> new Refusal("color", f.code(), shown(f.args())))
                        .toList(),
                verdict.warnings().stream()
                        .map(f -> new Warning(f.code(), shown(f.args())))
                        .toList(),
                verdict.color().flatMap(c -> policy.closest(c, siblings)).orElse(null),
                suggestions,
                rules.blockBelow(),
                rules.warnBelow(),
                startOver);
    }

    /**
     * The live tags of the group, other than {@code exceptId}, that the caller can see: the colour rule
     * compares with these only. A refusal or warning that depended on a tag outside the caller's scope
     * would tell them it exists (sweeping colours would map out its colour), and the people who see
     * the new tag beside it are the admins and auditors, who are checked against every tag.
     */
    List<ColorPolicy.Sibling> siblingsSeenBy(Scope scope, TagGroup group, long exceptId) {
        List<Tag> inGroup = tags.liveInGroup(group.getId(), exceptId);
        Set<Long> seen =
                queries.visibleTagIds(scope, inGroup.stream().map(Tag::getId).toList());
        return inGroup.stream()
                .filter(t -> seen.contains(t.getId()))
                .map(t -> new ColorPolicy.Sibling(
                        t.getName(), Rgb.parse(t.getColor()).orElseThrow()))
                .toList();
    }

    /**
     * A finding's arguments as a message shows them: a colour family by its name in the reader's
     * language (红色系), never its code; Spring's message source resolves such an argument itself,
     * for pages and the API alike.
     */
    static Object[] shown(Object[] args) {
        return Arrays.stream(args)
                .map(arg -> arg instanceof HueFamily family ? familyName(family) : arg)
                .toArray();
    }

    private static DefaultMessageSourceResolvable familyName(HueFamily family) {
        return new DefaultMessageSourceResolvable(new String[] {"family." + family.name()}, family.name());
    }

    private static List<String> familyNames(Set<HueFamily> families) {
        return Arrays.stream(HueFamily.values())
                .filter(families::contains)
                .map(f -> "family." + f.name())
                .toList();
    }

    private ColorPolicy policy() {
        return new ColorPolicy(policies.current().color());
    }

    private static ColorPolicy.Kind kind(TagGroup group) {
        return ColorPolicy.Kind.valueOf(group.getKind().name());
    }
}
