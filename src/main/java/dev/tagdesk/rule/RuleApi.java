package dev.tagdesk.rule;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import dev.tagdesk.shared.RefusedException;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/** Auto-tag rules, their dry runs, "run now" and the run history over JSON. */
@ApiController("/api/v1")
class RuleApi {

    record DepartmentJson(long departmentId, boolean includeSubDepartments) {}

    record RuleJsonView(
            long id,
            String name,
            boolean enabled,
            Object condition,
            Object action,
            List<DepartmentJson> departments,
            long version,
            List<RuleViews.DeletedTag> deletedTags) {}

    record RuleRequest(
            String name,
            Boolean enabled,
            JsonNode condition,
            JsonNode action,
            List<DepartmentJson> departments,
            Long version) {

        RuleDefinition definition() {
            return new RuleDefinition(
                    name,
                    Boolean.TRUE.equals(enabled),
                    RuleJson.condition(condition),
                    RuleJson.action(action),
                    departments == null
                            ? List.of()
                            : departments.stream()
                                    .map(d ->
                                            new RuleDefinition.Department(d.departmentId(), d.includeSubDepartments()))
                                    .toList());
        }
    }

    record DryRunJson(
            long matched,
            long toAdd,
            long toRemove,
            List<RuleViews.TagCount> add,
            List<RuleViews.TagCount> remove,
            List<String> sample) {}

    private final CurrentScope currentScope;
    private final AutoTagRules rules;
    private final RuleRuns runs;

    RuleApi(CurrentScope currentScope, AutoTagRules rules, RuleRuns runs) {
        this.currentScope = currentScope;
        this.rules = rules;
        this.runs = runs;
    }

    /** The rules the caller may read, paged like every list. */
    @GetMapping("/rules")
    Page<RuleJsonView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return Page.of(rules.list(currentScope.get()), page, size).map(RuleApi::json);
    }

    @GetMapping("/rules/{id}")
    RuleJsonView get(@PathVariable long id) {
        return json(rules.get(currentScope.get(), id));
    }

    @PostMapping("/rules")
    ResponseEntity<RuleJsonView> create(@RequestBody RuleRequest request) {
        RuleJsonView created = json(rules.create(currentScope.get(), request.definition()));
        return ResponseEntity.created(URI.create("/api/v1/rules/" + created.id()))
                .body(created);
    }

    @PutMapping("/rules/{id}")
    RuleJsonView update(@PathVariable long id, @RequestBody RuleRequest request) {
        if (request.version() == null) {
            throw RefusedException.invalid("version", "VERSION_REQUIRED");
        }
        return json(rules.update(currentScope.get(), id, request.definition(), request.version()));
    }

    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        rules.delete(currentScope.get(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/rules/{id}/dry-run")
    DryRunJson dryRun(@PathVariable long id) {
        var scope = currentScope.get();
        return json(rules.dryRun(scope, rules.get(scope, id).definition()));
    }

    /** A dry run of a rule not saved yet. */
    @PostMapping("/rules/dry-run")
    DryRunJson dryRunDraft(@RequestBody RuleRequest request) {
        return json(rules.dryRun(currentScope.get(), request.definition()));
    }

    @PostMapping("/rules/run")
    RuleViews.RunView runAll() {
        return runs.runNow(currentScope.get(), null);
    }

    @PostMapping("/rules/{id}/run")
    RuleViews.RunView runOne(@PathVariable long id) {
        return runs.runNow(currentScope.get(), id);
    }

    /** The runs, newest first; at most 100 a page (each carries its steps). */
    @GetMapping("/rule-runs")
    Page<RuleViews.RunView> history(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return runs.history(currentScope.get(), page, Page.size(size));
    }

    @GetMapping("/rule-runs/{id}")
    RuleViews.RunView run(@PathVariable long id) {
        return runs.run(currentScope.get(), id);
    }

    private static RuleJsonView json(RuleViews.RuleView rule) {
        return new RuleJsonView(
                rule.id(),
                rule.name(),
                rule.enabled(),
                RuleJson.write(rule.condition()),
                RuleJson.write(rule.action()),
                rule.departments().stream()
                        .map(d -> new DepartmentJson(d.departmentId(), d.includeSubDepartments()))
                        .toList(),
                rule.version(),
                rule.deletedTags());
    }

    private static DryRunJson json(RuleViews.Preview preview) {
        long toAdd =
                preview.toAdd().stream().mapToLong(RuleViews.TagCount::members).sum();
        long toRemove = preview.toRemove().stream()
                .mapToLong(RuleViews.TagCount::members)
                .sum();
        return new DryRunJson(
                preview.matched(), toAdd, toRemove, preview.toAdd(), preview.toRemove(), preview.sample());
    }
}
