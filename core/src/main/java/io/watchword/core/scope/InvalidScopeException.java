package io.watchword.core.scope;

/**
 * A scope string is malformed. The message says why in words a person can act on, and never
 * quotes the offending text (it may be a secret pasted into the wrong field).
 */
public class InvalidScopeException extends IllegalArgumentException {

    public InvalidScopeException(String reason) {
        super(reason);
    }
}
