package dev.tagdesk.tag;

import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import dev.tagdesk.tag.TagRecycleBin.Deleted;
import dev.tagdesk.tag.TagRecycleBin.Recycled;
import dev.tagdesk.tag.TagRecycleBin.Restored;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/** Batch delete to the recycle bin, the bin itself, and restore, over JSON. */
@ApiController("/api/v1")
class RecycleBinApi {

    /** A restore may give the tag a new name, when a live tag took the old one meanwhile. */
    record RestoreRequest(String newName) {}

    private final CurrentScope currentScope;
    private final TagRecycleBin recycleBin;

    RecycleBinApi(CurrentScope currentScope, TagRecycleBin recycleBin) {
        this.currentScope = currentScope;
        this.recycleBin = recycleBin;
    }

    /** The tags of a batch delete, in the body: a list of any length fits there, unlike in the address. */
    record DeleteRequest(List<Long> ids, Boolean detach, Boolean disableRules) {}

    /**
     * All or nothing: 409 {@code TAG_IN_USE} when any is in use and {@code detach} is false, 409
     * {@code TAG_NAMED_BY_RULES} (with {@code rules: [{id, name, enabled}]}) when auto-tag rules name
     * any and {@code disableRules} is false ({@code TAG_NAMED_BY_RULES_ADMIN} for OPS users, who may
     * not disable rules). The ids come in a JSON body ({@code {"ids":[…],"detach":true}}), or, for
     * short lists, as {@code ?ids=}.
     */
    @DeleteMapping("/tags")
    Deleted delete(
            @RequestParam(required = false) List<Long> ids,
            @RequestParam(defaultValue = "false") boolean detach,
            @RequestParam(defaultValue = "false") boolean disableRules,
            @RequestBody(required = false) DeleteRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        List<Long> chosen = body != null && body.ids() != null ? body.ids() : ids == null ? List.of() : ids;
        boolean alsoDetach = body != null && body.detach() != null ? body.detach() : detach;
        boolean alsoDisable = body != null && body.disableRules() != null ? body.disableRules() : disableRules;
        return recycleBin.delete(currentScope.get(), user.id(), chosen, alsoDetach, alsoDisable);
    }

    @GetMapping("/recycle-bin")
    Page<Recycled> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        return recycleBin.list(currentScope.get(), page, Page.size(size));
    }

    @PostMapping("/tags/{id}/restore")
    Restored restore(
            @PathVariable long id,
            @RequestParam(required = false) String newName,
            @RequestBody(required = false) RestoreRequest body) {
        String name = body != null && body.newName() != null ? body.newName() : newName;
        return recycleBin.restore(currentScope.get(), id, name);
    }
}
