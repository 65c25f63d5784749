package io.watchword.core.problem;

/**
 * One invalid field of a request: where it is ({@code rules[0].action}, a query parameter name)
 * and why. It never carries the value that was sent: a value can be a secret pasted into the
 * wrong field, and the caller has it anyway.
 */
public record FieldError(String field, String reason) {

    public FieldError {
        if (field == null || field.isEmpty()) {
            field = "body";
        }
        reason = reason == null ? "invalid" : reason;
    }
}
