package dev.tagdesk.access.token;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Role;
import dev.tagdesk.access.TokenScope;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Whoever calls through an access token: the token and its owner. Its actions are those the owner's
 * role allows, narrowed to what the token's scopes cover; a token narrowed to a department sees as an
 * operations user of that department would (an auditor's token still only reads).
 */
public record TokenCaller(
        long tokenId,
        String tokenName,
        Set<TokenScope> scopes,
        String ownerName,
        Role ownerRole,
        Long ownerDepartmentId,
        Long tokenDepartmentId)
        implements OAuth2AuthenticatedPrincipal {

    public TokenCaller {
        scopes = scopes.isEmpty() ? EnumSet.noneOf(TokenScope.class) : EnumSet.copyOf(scopes);
    }

    /** The role the token sees as. */
    public Role role() {
        if (tokenDepartmentId == null || ownerRole == Role.AUDITOR) {
            return ownerRole;
        }
        return Role.OPS;
    }

    /** The department whose subtree the token sees, {@code null} for the whole company. */
    public Long homeDepartmentId() {
        return tokenDepartmentId != null ? tokenDepartmentId : ownerDepartmentId;
    }

    public boolean seesSubtree() {
        return tokenDepartmentId != null || ownerRole == Role.OPS;
    }

    public Set<Action> actions() {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (action.allowedTo(ownerRole) && action.allowedTo(role()) && action.coveredBy(scopes)) {
                actions.add(action);
            }
        }
        return actions;
    }

    /** How the audit log names the way in: the token's name and id. */
    public String via() {
        return tokenName + " #" + tokenId;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of("via", via());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new java.util.ArrayList<>();
        actions().forEach(a -> authorities.add(new SimpleGrantedAuthority(a.authority())));
        return authorities;
    }

    /** The owner: audit entries name the person, with the token as the way in. */
    @Override
    public String getName() {
        return ownerName;
    }
}
