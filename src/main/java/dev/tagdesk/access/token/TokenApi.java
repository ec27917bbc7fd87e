package dev.tagdesk.access.token;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.token.AccessTokens.IssuedToken;
import dev.tagdesk.access.token.AccessTokens.NewToken;
import dev.tagdesk.access.token.AccessTokens.TokenView;
import dev.tagdesk.shared.ApiController;
import dev.tagdesk.shared.Page;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Access tokens over the API, for people (HTTP Basic) — never through a token. The answer to a
 * creation is the only one that ever holds the secret.
 */
@ApiController("/api/v1")
class TokenApi {

    private final AccessTokens tokens;

    TokenApi(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/tokens")
    ResponseEntity<IssuedToken> create(Scope scope, @RequestBody NewToken request) {
        IssuedToken issued = tokens.issue(scope, request);
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.id()))
                .body(issued);
    }

    /** The caller's personal tokens and, for admins, every service token; never a secret. */
    @GetMapping("/tokens")
    Page<TokenView> list(
            Scope scope,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = Page.DEFAULT_SIZE) int size) {
        List<TokenView> all = new ArrayList<>(tokens.personal(scope));
        if (scope.may(Action.MANAGE_SERVICE_TOKENS)) {
            all.addAll(tokens.service(scope));
        }
        return Page.of(all, page, size);
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revoke(Scope scope, @PathVariable long id) {
        tokens.revoke(scope, id);
        return ResponseEntity.noContent().build();
    }
}
