package dev.tagdesk.shared;

/** TagDesk will not start as configured; the message says why and the action what to change. */
public class StartupRefusedException extends RuntimeException {

    private final String action;

    public StartupRefusedException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
