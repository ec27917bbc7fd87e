package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.rule.RuleCondition.All;
import dev.tagdesk.rule.RuleCondition.CarriedTag;
import dev.tagdesk.rule.RuleCondition.HasTag;
import dev.tagdesk.rule.RuleCondition.InactiveDays;
import dev.tagdesk.rule.RuleCondition.LacksTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of rule sets that must be refused (they can flip a member) or accepted. */
class RuleGraphTests {

    static final long ACTIVE = 1, SILENT = 2, X = 3, Y = 4, Z = 5, NEW = 6, REGULAR = 7;

    /** 新客 and 老客 form an exclusive group. */
    static final Map<Long, Set<Long>> SIBLINGS = Map.of(NEW, Set.of(REGULAR), REGULAR, Set.of(NEW));

    static RuleGraph.Node rule(long id, String name, RuleCondition condition, List<Long> add, List<Long> remove) {
        return new RuleGraph.Node(id, name, condition, new RuleAction(add, remove, null));
    }

    static Stream<Arguments> ruleSets() {
        return Stream.of(
                Arguments.of(
                        "the seed's silent / wake-up pair",
                        List.of(
                                rule(
                                        1,
                                        "沉默客户",
                                        new All(List.of(new InactiveDays(30), new HasTag(ACTIVE))),
                                        List.of(SILENT),
                                        List.of(ACTIVE)),
                                rule(2, "唤醒", new HasTag(SILENT), List.of(ACTIVE), List.of(SILENT))),
                        Optional.of("沉默客户 → 活跃客户 → 沉默客户")),
                Arguments.of(
                        "a self-loop: one rule cannot undo its own change",
                        List.of(rule(1, "补标", new LacksTag(X), List.of(X), List.of())),
                        Optional.empty()),
                Arguments.of(
                        "a three-rule cycle through a removal",
                        List.of(
                                rule(1, "A", new HasTag(X), List.of(Y), List.of()),
                                rule(2, "B", new HasTag(Y), List.of(Z), List.of()),
                                rule(3, "C", new HasTag(Z), List.of(), List.of(X))),
                        Optional.of("X → Y → Z → X")),
                Arguments.of(
                        "a cycle through a lacks condition",
                        List.of(
                                rule(1, "A", new LacksTag(X), List.of(Y), List.of()),
                                rule(2, "B", new HasTag(Y), List.of(X), List.of())),
                        Optional.of("X → Y → X")),
                Arguments.of(
                        "an exclusive-group displacement cycle",
                        List.of(
                                rule(1, "转老客", new HasTag(NEW), List.of(REGULAR), List.of()),
                                rule(2, "转新客", new HasTag(REGULAR), List.of(NEW), List.of())),
                        Optional.of("老客 → 新客 → 老客")),
                Arguments.of(
                        "a circle of additions only grows and settles",
                        List.of(
                                rule(1, "A", new HasTag(X), List.of(Y), List.of()),
                                rule(2, "B", new HasTag(Y), List.of(X), List.of())),
                        Optional.empty()),
                Arguments.of(
                        "新客 carried for 30 days becomes 老客 (displacing 新客): one rule, no flip",
                        List.of(rule(1, "新客转老客", new CarriedTag(NEW, 30), List.of(REGULAR), List.of())),
                        Optional.empty()),
                Arguments.of("a long acyclic chain with removals", chain(40), Optional.empty()));
    }

    /** Rule i reads tag i and adds tag i+1, removing tag i; ids run backwards so order must come from the graph. */
    static List<RuleGraph.Node> chain(int length) {
        List<RuleGraph.Node> rules = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            rules.add(rule(length - i, "R" + i, new HasTag(100 + i), List.of(101L + i), List.of(100L + i)));
        }
        return rules;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleSets")
    void refusesOnlyRuleSetsThatCanFlipAMember(String name, List<RuleGraph.Node> rules, Optional<String> cycle) {
        RuleGraph graph = new RuleGraph(rules, tag -> SIBLINGS.getOrDefault(tag, Set.of()));

        Optional<String> found = graph.oscillation()
                .map(c -> String.join(
                        " → ", c.tags().stream().map(RuleGraphTests::name).toList()));

        assertThat(found).isEqualTo(cycle);
    }

    @org.junit.jupiter.api.Test
    void ordersRulesAfterTheRulesThatFeedThem() {
        List<RuleGraph.Node> rules = chain(40);
        RuleGraph graph = new RuleGraph(rules, tag -> Set.of());

        assertThat(graph.dependencyOrder())
                .containsExactlyElementsOf(
                        rules.stream().map(RuleGraph.Node::id).toList());
    }

    @org.junit.jupiter.api.Test
    void namesTheRulesAroundACycle() {
        RuleGraph graph = new RuleGraph(
                List.of(
                        rule(1, "沉默客户", new HasTag(ACTIVE), List.of(SILENT), List.of(ACTIVE)),
                        rule(2, "唤醒", new HasTag(SILENT), List.of(ACTIVE), List.of(SILENT))),
                tag -> Set.of());

        assertThat(graph.oscillation().orElseThrow().rules()).containsExactlyInAnyOrder("沉默客户", "唤醒");
    }

    private static String name(long tag) {
        return switch ((int) tag) {
            case 1 -> "活跃客户";
            case 2 -> "沉默客户";
            case 3 -> "X";
            case 4 -> "Y";
            case 5 -> "Z";
            case 6 -> "新客";
            case 7 -> "老客";
            default -> "T" + tag;
        };
    }
}
