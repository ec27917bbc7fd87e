package dev.tagdesk.access;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The logged-in user as Spring Security holds it: small and serialisable, no entity inside. */
public record CurrentUser(long id, String username, String passwordHash, Role role, Long departmentId, boolean enabled)
        implements UserDetails {

    static CurrentUser of(AppUser user) {
        return new CurrentUser(
                user.getId(),
                user.getUsername(),
                user.getPasswordHash(),
                user.getRole(),
                user.getDepartmentId(),
                user.isEnabled());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new java.util.ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(role.authority()));
        Action.of(role).forEach(a -> authorities.add(new SimpleGrantedAuthority(a.authority())));
        return authorities;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** The hash stays out of logs and toString. */
    @Override
    public String toString() {
        return "CurrentUser[" + username + ", " + role + "]";
    }
}
