package dev.tagdesk.rule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which rules feed which, and whether a rule set can flip a member back and forth.
 *
 * <p>Rule A feeds rule B through tag T when A changes T (adds it, removes it, or displaces it from an
 * exclusive group by adding a sibling) and B's condition reads T (has, lacks or carried-for). The edge
 * is negative when A removes or displaces T, or B reads "lacks T". Rules that feed each other in a
 * circle form a strongly connected component; if such a circle of two or more rules holds a negative
 * edge, one rule can undo what another did and the set can oscillate: {@code RULE_CYCLE}. A circle of
 * additions read positively only grows and settles, so it is allowed; so is a rule on its own, which
 * can never undo its own change.
 */
final class RuleGraph {

    /** A rule as the graph sees it. */
    record Node(long id, String name, RuleCondition condition, RuleAction action) {}

    /** A circle of rules that can oscillate, with the tag that carries each step ({@code tags.size() == rules.size() + 1}). */
    record Cycle(List<String> rules, List<Long> tags) {}

    private record Edge(int from, int to, long tag, boolean negative) {}

    private final List<Node> nodes;
    private final List<List<Edge>> out = new ArrayList<>();

    /**
     * @param exclusiveSiblings for a tag in an exclusive group, the other live tags of that group
     *     (which adding it displaces); empty otherwise
     */
    RuleGraph(Collection<Node> rules, Function<Long, Set<Long>> exclusiveSiblings) {
        this.nodes = List.copyOf(rules);
        List<Map<Long, Boolean>> changes = new ArrayList<>();
        for (Node rule : nodes) {
            changes.add(changes(rule, exclusiveSiblings));
            out.add(new ArrayList<>());
        }
        for (int a = 0; a < nodes.size(); a++) {
            for (int b = 0; b < nodes.size(); b++) {
                Map<Long, Boolean> reads = nodes.get(b).condition().tagReads();
                for (Map.Entry<Long, Boolean> changed : changes.get(a).entrySet()) {
                    Boolean readNegatively = reads.get(changed.getKey());
                    if (readNegatively != null) {
                        out.get(a).add(new Edge(a, b, changed.getKey(), changed.getValue() || readNegatively));
                    }
                }
            }
        }
    }

    /** The tags a rule changes, each with whether the change is a removal (directly or by displacement). */
    static Map<Long, Boolean> changes(Node rule, Function<Long, Set<Long>> exclusiveSiblings) {
        Map<Long, Boolean> changes = new LinkedHashMap<>();
        for (long added : rule.action().add()) {
            changes.put(added, false);
        }
        for (long added : rule.action().add()) {
            for (long sibling : exclusiveSiblings.apply(added)) {
                if (!changes.containsKey(sibling)) {
                    changes.put(sibling, true);
                }
            }
        }
        for (long removed : rule.action().remove()) {
            changes.put(removed, true);
        }
        return changes;
    }

    /** The first circle of rules that can oscillate, if any. */
    Optional<Cycle> oscillation() {
        for (List<Integer> component : components()) {
            if (component.size() < 2) {
                continue;
            }
            Set<Integer> members = Set.copyOf(component);
            List<Integer> byId = component.stream()
                    .sorted(java.util.Comparator.comparingLong(i -> nodes.get(i).id()))
                    .toList();
            for (int u : byId) {
                for (Edge edge : out.get(u)) {
                    if (edge.negative() && members.contains(edge.to())) {
                        return Optional.of(cycleThrough(edge, members));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Rule ids in an order where a rule comes after the rules that feed it; among rules free to go
     * next, and inside a circle, the lowest id first.
     */
    List<Long> dependencyOrder() {
        List<List<Integer>> components = components();
        int[] componentOf = new int[nodes.size()];
        long[] firstId = new long[components.size()];
        for (int c = 0; c < components.size(); c++) {
            firstId[c] = Long.MAX_VALUE;
            for (int node : components.get(c)) {
                componentOf[node] = c;
                firstId[c] = Math.min(firstId[c], nodes.get(node).id());
            }
        }
        int[] waitingFor = new int[components.size()];
        List<Set<Integer>> feeds = new ArrayList<>();
        components.forEach(c -> feeds.add(new java.util.HashSet<>()));
        for (List<Edge> edges : out) {
            for (Edge edge : edges) {
                int from = componentOf[edge.from()];
                int to = componentOf[edge.to()];
                if (from != to && feeds.get(from).add(to)) {
                    waitingFor[to]++;
                }
            }
        }
        java.util.PriorityQueue<Integer> ready =
                new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(c -> firstId[c]));
        for (int c = 0; c < components.size(); c++) {
            if (waitingFor[c] == 0) {
                ready.add(c);
            }
        }
        List<Long> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int c = ready.poll();
            components.get(c).stream()
                    .map(node -> nodes.get(node).id())
                    .sorted()
                    .forEach(order::add);
            for (int next : feeds.get(c)) {
                if (--waitingFor[next] == 0) {
                    ready.add(next);
                }
            }
        }
        return order;
    }

    private Cycle cycleThrough(Edge first, Set<Integer> members) {
        // A path back from where the negative edge leads to where it starts, through another rule if
        // the edge is a rule feeding itself.
        List<Edge> path = new ArrayList<>();
        path.add(first);
        if (first.from() == first.to()) {
            Edge step = out.get(first.from()).stream()
                    .filter(e -> e.to() != first.from() && members.contains(e.to()))
                    .findFirst()
                    .orElseThrow();
            path.clear();
            path.add(step);
            path.addAll(shortestPath(step.to(), first.from(), members));
        } else {
            path.addAll(shortestPath(first.to(), first.from(), members));
        }
        List<String> rules = new ArrayList<>();
        List<Long> tags = new ArrayList<>();
        for (Edge edge : path) {
            rules.add(nodes.get(edge.from()).name());
            tags.add(edge.tag());
        }
        tags.add(path.get(0).tag());
        return new Cycle(rules, tags);
    }

    private List<Edge> shortestPath(int from, int to, Set<Integer> members) {
        Map<Integer, Edge> reachedBy = new HashMap<>();
        Deque<Integer> queue = new ArrayDeque<>(List.of(from));
        reachedBy.put(from, null);
        while (!queue.isEmpty()) {
            int at = queue.poll();
            if (at == to) {
                break;
            }
            for (Edge edge : out.get(at)) {
                if (members.contains(edge.to()) && edge.to() != at && !reachedBy.containsKey(edge.to())) {
                    reachedBy.put(edge.to(), edge);
                    queue.add(edge.to());
                }
            }
        }
        List<Edge> path = new ArrayList<>();
        for (Edge edge = reachedBy.get(to); edge != null; edge = reachedBy.get(edge.from())) {
            path.add(0, edge);
        }
        return path;
    }

    /** Strongly connected components (Tarjan), iterative so a long chain of rules cannot overflow the stack. */
    private List<List<Integer>> components() {
        int n = nodes.size();
        int[] index = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        java.util.Arrays.fill(index, -1);
        Deque<Integer> stack = new ArrayDeque<>();
        List<List<Integer>> components = new ArrayList<>();
        int counter = 0;
        for (int start = 0; start < n; start++) {
            if (index[start] != -1) {
                continue;
            }
            Deque<int[]> work = new ArrayDeque<>();
            work.push(new int[] {start, 0});
            while (!work.isEmpty()) {
                int[] frame = work.peek();
                int v = frame[0];
                if (frame[1] == 0 && index[v] == -1) {
                    index[v] = low[v] = counter++;
                    stack.push(v);
                    onStack[v] = true;
                }
                List<Edge> edges = out.get(v);
                if (frame[1] < edges.size()) {
                    int w = edges.get(frame[1]++).to();
                    if (index[w] == -1) {
                        work.push(new int[] {w, 0});
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    int parent = work.peek()[0];
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] == index[v]) {
                    List<Integer> component = new ArrayList<>();
                    int w;
                    do {
                        w = stack.pop();
                        onStack[w] = false;
                        component.add(w);
                    } while (w != v);
                    components.add(component);
                }
            }
        }
        return components;
    }
}
