package io.watchword.core.token;

/** A token failed a structural, cryptographic or claims check. No stack trace: it is expected. */
public final class TokenRejectedException extends Exception {

    private final TokenFailure failure;

    public TokenRejectedException(TokenFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public TokenFailure failure() {
        return failure;
    }
}
