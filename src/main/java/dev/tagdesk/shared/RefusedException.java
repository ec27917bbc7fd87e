package dev.tagdesk.shared;

import java.util.List;

/**
 * A rule refused a change. Carries a stable code (for the API and tests), the HTTP status it maps to,
 * and a message key with arguments so the refusal reads well in every language. Nothing was changed.
 *
 * @see Refusal
 */
public class RefusedException extends RuntimeException {

    private final int status;
    private final List<Refusal> refusals;
    private final java.util.Map<String, Object> details;

    public RefusedException(int status, List<Refusal> refusals) {
        this(status, refusals, java.util.Map.of());
    }

    private RefusedException(int status, List<Refusal> refusals, java.util.Map<String, Object> details) {
        super(refusals.isEmpty() ? "refused" : refusals.get(0).code());
        this.status = status;
        this.refusals = List.copyOf(refusals);
        this.details = java.util.Map.copyOf(details);
    }

    /** The same refusal with a machine-readable detail for the API (e.g. the tags around a cycle). */
    public RefusedException withDetail(String name, Object value) {
        java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(details);
        more.put(name, value);
        return new RefusedException(status, refusals, more);
    }

    public java.util.Map<String, Object> details() {
        return details;
    }

    /** 400: the input breaks a rule. */
    public static RefusedException invalid(String field, String code, Object... args) {
        return new RefusedException(400, List.of(new Refusal(field, code, args)));
    }

    /** 409: the input conflicts with the current state (a duplicate, a stale version, a non-empty department). */
    public static RefusedException conflict(String field, String code, Object... args) {
        return new RefusedException(409, List.of(new Refusal(field, code, args)));
    }

    public int status() {
        return status;
    }

    public List<Refusal> refusals() {
        return refusals;
    }

    public String code() {
        return refusals.get(0).code();
    }
}
