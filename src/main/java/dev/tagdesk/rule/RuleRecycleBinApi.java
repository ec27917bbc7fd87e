package dev.tagdesk.rule;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The deleted auto-tag rules over JSON: the list and the restore (the rule comes back disabled). */
@ApiController("/api/v1")
class RuleRecycleBinApi {

    private final CurrentScope currentScope;
    private final RuleRecycleBin bin;

    RuleRecycleBinApi(CurrentScope currentScope, RuleRecycleBin bin) {
        this.currentScope = currentScope;
        this.bin = bin;
    }

    @GetMapping("/rules/deleted")
    Page<RuleRecycleBin.DeletedRule> deleted(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return bin.list(currentScope.get(), page, Page.size(size));
    }

    /** 200 with {@code {id, name, enabled: false}}; 409 {@code RULE_RESTORE_NAME_TAKEN} when a live rule has its name. */
    @PostMapping("/rules/{id}/restore")
    Map<String, Object> restore(@PathVariable long id) {
        String name = bin.restore(currentScope.get(), id);
        return Map.of("id", id, "name", name, "enabled", false);
    }
}
