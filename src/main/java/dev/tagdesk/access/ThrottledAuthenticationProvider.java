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
        String username = authentication.getName();
        if (throttle.isLocked(username)) {
            throw new LockedException("Too many failed logins");
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.recordSuccess(username);
            return result;
        } catch (BadCredentialsException e) {
            throttle.recordFailure(username);
            if (throttle.isLocked(username)) {
                throw new LockedException("Too many failed logins", e);
            }
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
