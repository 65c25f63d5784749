package io.watchword.events.v1;

/** Why a verifier refused a request, as recorded on usage events. */
public enum RefusalReason {
    MALFORMED_CREDENTIAL,
    UNKNOWN_CREDENTIAL,
    INVALID_SIGNATURE,
    EXPIRED,
    ROTATED_OUT,
    SUSPENDED,
    REVOKED,
    SOURCE_NOT_ALLOWED,
    INSUFFICIENT_SCOPE,
    WRONG_AUDIENCE,
    VERIFIER_UNAVAILABLE
}
