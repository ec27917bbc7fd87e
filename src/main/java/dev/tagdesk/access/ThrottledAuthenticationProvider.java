package dev.tagdesk.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Username and password against the users table, with throttling around it: a locked name is
 * refused before the password is even checked, so the right password does not help during the lock.
 * Form login and HTTP Basic both come here.
 *
 * <p>The throttle counts under the {@linkplain UserNames#canonical canonical} typed name. An account is
 * found only by an exact match on that name, so when the typed name reaches an account it <em>is</em>
 * the account's name: every spelling that logs in to an account shares its one lock and its audit
 * entries, and a spelling that reaches no account (an unknown name, {@code LOCK.İT}) has a lock of its
 * own that never opens an account.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(DaoAuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String name = UserNames.canonical(authentication.getName());
        if (throttle.isLocked(name)) {
            throw new LockedException("Too many failed logins");
        }
        try {
            if (authentication.getCredentials() instanceof CharSequence password
                    && UserAdministration.passwordTooLong(password)) {
                // bcrypt reads only the first 72 bytes: a longer password would log in by its start.
                throw new BadCredentialsException("Bad credentials");
            }
            Authentication result = passwords.authenticate(authentication);
            throttle.recordSuccess(name);
            return withoutPassword(result);
        } catch (BadCredentialsException e) {
            throttle.recordFailure(name);
            if (throttle.isLocked(name)) {
                throw new LockedException("Too many failed logins", e);
            }
            throw e;
        }
    }

    /** The logged-in user as the session stores them: no password, no hash (see {@link CurrentUser}). */
    private static Authentication withoutPassword(Authentication result) {
        if (!(result.getPrincipal() instanceof CurrentUser user)) {
            return result;
        }
        UsernamePasswordAuthenticationToken stored = UsernamePasswordAuthenticationToken.authenticated(
                user.withoutPassword(), null, result.getAuthorities());
        stored.setDetails(result.getDetails());
        return stored;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
