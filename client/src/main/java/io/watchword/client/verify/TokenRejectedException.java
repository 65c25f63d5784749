package io.watchword.client.verify;

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
}
