package dev.tagdesk.shared;

/**
 * Nothing there for this caller: the thing is missing <em>or</em> outside the caller's scope. Both
 * answer 404 with the same message, so a user never learns that something outside their scope exists.
 */
public class NotFoundException extends RuntimeException {

    private final String targetType;
    private final String targetId;

    public NotFoundException(String targetType, Object targetId) {
        super(targetType + " " + targetId + " not found");
        this.targetType = targetType;
        this.targetId = String.valueOf(targetId);
    }

    public String targetType() {
        return targetType;
    }

    public String targetId() {
        return targetId;
    }
}
