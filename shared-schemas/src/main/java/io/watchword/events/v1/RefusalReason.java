package io.watchword.events.v1;

/** Why a verifier refused a request (on an {@link ApiUsageRecorded} with outcome REFUSED). */
public enum RefusalReason {
    /** Not a well-formed key or token (wrong shape or checksum). */
    MALFORMED_CREDENTIAL,
    /** Well formed, but no such credential is known. */
    UNKNOWN_CREDENTIAL,
    /** A token whose signature does not verify. */
    INVALID_SIGNATURE,
    /** Past its expiry. */
    EXPIRED,
    /** A rotated key used after its grace period ended. */
    ROTATED_OUT,
    SUSPENDED,
    REVOKED,
    /** Used from a client address outside the credential's allowed CIDRs. */
    SOURCE_NOT_ALLOWED,
    /** The credential lacks the scope the route needs. */
    INSUFFICIENT_SCOPE,
    /** A token issued for another audience. */
    WRONG_AUDIENCE,
    /** The verifier could not decide (state not loaded, issuer unreachable) and failed closed. */
    VERIFIER_UNAVAILABLE,
    /** Over the key's rate limit (requests per second or minute, with its burst). */
    RATE_LIMITED,
    /** Over the key's daily or monthly quota. */
    QUOTA_EXCEEDED,
    /** Over the reduced limit an alert's throttle put on the key. */
    THROTTLED
}
