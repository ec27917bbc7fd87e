package dev.tagdesk.audit;

/**
 * Something worth an audit entry. Modules publish it as an application event; {@link AuditLog}
 * writes it in the publisher's transaction, so a change and its audit entry commit together.
 *
 * @param action what happened, e.g. {@code DEPARTMENT_CREATED}, {@code LOGIN_LOCKED}
 * @param targetType the kind of thing it happened to, e.g. {@code department}
 * @param targetId its id or key
 * @param before its state before, or {@code null}; serialised as JSON
 * @param after its state after, or {@code null}; serialised as JSON
 * @param actor who did it; {@code null} means the logged-in user
 * @param via the access token they acted through ("crm #12"); {@code null} means the current request's
 */
public record AuditRecord(
        String action, String targetType, String targetId, Object before, Object after, String actor, String via) {

    public AuditRecord(String action, String targetType, String targetId, Object before, Object after, String actor) {
        this(action, targetType, targetId, before, after, actor, null);
    }

    public static AuditRecord of(String action, String targetType, Object targetId, Object before, Object after) {
        return new AuditRecord(action, targetType, String.valueOf(targetId), before, after, null);
    }

    public AuditRecord by(String actor) {
        return new AuditRecord(action, targetType, targetId, before, after, actor, via);
    }

    public AuditRecord via(String token) {
        return new AuditRecord(action, targetType, targetId, before, after, actor, token);
    }
}
