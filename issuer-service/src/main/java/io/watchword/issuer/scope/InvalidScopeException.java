package io.watchword.issuer.scope;

/** A scope string is malformed; the message says why, for the caller. */
public class InvalidScopeException extends IllegalArgumentException {

    private final String scope;

    public InvalidScopeException(String scope, String reason) {
        super(reason);
        this.scope = scope;
    }

    public String scope() {
        return scope;
    }
}
