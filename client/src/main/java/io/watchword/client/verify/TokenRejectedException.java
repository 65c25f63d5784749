package io.watchword.client.verify;

import io.watchword.core.token.TokenFailure;

/** A token failed a structural or cryptographic check; carries the refusal to report. */
final class TokenRejectedException extends Exception {

    private final Refusal refusal;

    TokenRejectedException(Refusal refusal, String message) {
        super(message, null, false, false);
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }

    static Refusal refusalOf(TokenFailure failure) {
        return switch (failure) {
            case MALFORMED -> Refusal.MALFORMED;
            case BAD_SIGNATURE -> Refusal.BAD_SIGNATURE;
            case UNKNOWN_KEY -> Refusal.UNKNOWN_KEY;
            case EXPIRED -> Refusal.EXPIRED;
            case NOT_YET_VALID -> Refusal.NOT_YET_VALID;
            case WRONG_ISSUER -> Refusal.WRONG_ISSUER;
            case WRONG_AUDIENCE -> Refusal.WRONG_AUDIENCE;
        };
    }
}
