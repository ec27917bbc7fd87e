package dev.tagdesk.access;

import org.springframework.security.access.AccessDeniedException;

/**
 * A caller asked for an {@link Action} they may not take: 403. When their role allows it but the
 * access token they call through lacks the scope, {@link #missingScope()} names it, so the answer is
 * {@code INSUFFICIENT_SCOPE} with the scope to ask for.
 */
public class ActionRefusedException extends AccessDeniedException {

    private final transient Action action;
    private final transient TokenScope missingScope;

    public ActionRefusedException(Action action, TokenScope missingScope) {
        super("Not allowed: " + action);
        this.action = action;
        this.missingScope = missingScope;
    }

    public Action action() {
        return action;
    }

    /** The token scope that would have allowed it, or {@code null} if no scope would. */
    public TokenScope missingScope() {
        return missingScope;
    }
}
