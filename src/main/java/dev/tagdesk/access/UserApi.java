package dev.tagdesk.access;

import dev.tagdesk.access.UserAdministration.NewUser;
import dev.tagdesk.access.UserAdministration.UserView;
import dev.tagdesk.shared.ApiController;
import java.net.URI;
import org.springframework.http.ResponseEntity;
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
}
