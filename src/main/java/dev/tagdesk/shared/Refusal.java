package dev.tagdesk.shared;

import java.io.Serializable;

/**
 * One broken rule: which field, a stable code such as {@code DEPARTMENT_CODE_DUPLICATE}, and the
 * arguments of its message. The message key is {@code refusal.<CODE>}.
 */
public record Refusal(String field, String code, Object... args) implements Serializable {

    public String messageKey() {
        return "refusal." + code;
    }
}
