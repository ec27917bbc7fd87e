package dev.tagdesk.access;

import dev.tagdesk.access.UserAdministration.NewUser;
import dev.tagdesk.access.UserAdministration.UserView;
import dev.tagdesk.shared.ApiController;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

@ApiController("/api/v1")
class UserApi {

    private final CurrentScope currentScope;
    private final UserAdministration users;

    UserApi(CurrentScope currentScope, UserAdministration users) {
        this.currentScope = currentScope;
        this.users = users;
    }

    @PostMapping("/users")
    ResponseEntity<UserView> create(@RequestBody NewUser request) {
        UserView created = users.createUser(currentScope.get(), request);
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id()))
                .body(created);
    }

    /** Disables a user: no login, no token, and their console sessions end on every instance. */
    @PostMapping("/users/{id}/disable")
    UserView disable(@PathVariable long id) {
        return users.disable(currentScope.get(), id);
    }

    /** Enables a disabled user again. */
    @PostMapping("/users/{id}/enable")
    UserView enable(@PathVariable long id) {
        return users.enable(currentScope.get(), id);
    }
}
