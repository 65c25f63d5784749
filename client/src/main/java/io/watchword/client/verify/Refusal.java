package io.watchword.client.verify;

import io.watchword.events.v1.RefusalReason;

/** Why a credential was refused, with the HTTP status a protected service should answer. */
public enum Refusal {
    /** No {@code Authorization: Bearer} credential at all. */
    MISSING_CREDENTIAL(401, "A credential is required", "Send Authorization: Bearer <token or API key>."),
    /** Neither a compact JWS nor an API key, or a token whose parts do not decode. */
    MALFORMED(401, "Malformed credential", "The bearer credential is neither a Watchword token nor an API key."),
    /** An API key whose checksum is wrong: mistyped, truncated or made up. */
    BAD_CHECKSUM(401, "Invalid API key", "The API key's checksum is wrong; check that it was copied completely."),
    /** The token's signature does not verify, or its algorithm is not EdDSA. */
    BAD_SIGNATURE(401, "Invalid token signature", "The token's signature does not verify."),
    /** The token names a signing key the issuer does not publish. */
    UNKNOWN_KEY(401, "Unknown signing key", "The token was signed with a key the issuer does not publish."),
    EXPIRED(401, "Credential expired", "The credential has expired; obtain a new token."),
    NOT_YET_VALID(401, "Token not yet valid", "The token's nbf is in the future; check the clocks."),
    WRONG_ISSUER(401, "Wrong issuer", "The token was issued by an issuer this service does not trust."),
    WRONG_AUDIENCE(401, "Wrong audience", "The token is not meant for this service; request one for its audience."),
    /** The issuer says the API key is not active (unknown, expired, or revoked). */
    INACTIVE(401, "Invalid API key", "The API key is not active."),
    REVOKED(401, "Credential revoked", "The credential has been revoked."),
    /** The key was rotated and its grace period is over: use its replacement. */
    ROTATED_OUT(401, "Credential rotated", "The credential was replaced and its grace period is over."),
    SUSPENDED(401, "Credential suspended", "The credential is suspended; contact the API's owner."),
    /** The API key may only be used from its allowed address ranges. */
    SOURCE_NOT_ALLOWED(403, "Source not allowed", "The credential may not be used from this address."),
    INSUFFICIENT_SCOPE(403, "Insufficient scope", "The credential lacks a scope this operation requires."),
    /** Fail-closed: the revocation feed has not been reachable for longer than allowed. */
    FEED_UNAVAILABLE(503, "Revocation feed unavailable", "Credentials cannot be checked right now; retry later."),
    /** An API key could not be introspected because the issuer did not answer. */
    ISSUER_UNAVAILABLE(503, "Issuer unavailable", "The API key cannot be checked right now; retry later."),
    /** Over the key's rate limit (decision 0174). */
    RATE_LIMITED(429, "Rate limit exceeded", "The credential's rate limit is exhausted; retry after the time given."),
    /** Over the key's daily or monthly quota. */
    QUOTA_EXCEEDED(429, "Quota exceeded", "The credential's quota is exhausted; retry after the time given."),
    /** Over the reduced limit an alert's throttle put on the key. */
    THROTTLED(
            429,
            "Abnormal usage detected",
            "The credential is throttled after unusual use; retry after the time given.");

    /** The reason usage events carry for this refusal (contract 2). */
    public RefusalReason usageReason() {
        return switch (this) {
            case MISSING_CREDENTIAL, MALFORMED, BAD_CHECKSUM -> RefusalReason.MALFORMED_CREDENTIAL;
            case BAD_SIGNATURE, UNKNOWN_KEY, WRONG_ISSUER -> RefusalReason.INVALID_SIGNATURE;
            // Outside its validity window either way: the detector treats both as stale use.
            case EXPIRED, NOT_YET_VALID -> RefusalReason.EXPIRED;
            case WRONG_AUDIENCE -> RefusalReason.WRONG_AUDIENCE;
            case INACTIVE -> RefusalReason.UNKNOWN_CREDENTIAL;
            case REVOKED -> RefusalReason.REVOKED;
            case SUSPENDED -> RefusalReason.SUSPENDED;
            case ROTATED_OUT -> RefusalReason.ROTATED_OUT;
            case SOURCE_NOT_ALLOWED -> RefusalReason.SOURCE_NOT_ALLOWED;
            case INSUFFICIENT_SCOPE -> RefusalReason.INSUFFICIENT_SCOPE;
            case FEED_UNAVAILABLE, ISSUER_UNAVAILABLE -> RefusalReason.VERIFIER_UNAVAILABLE;
            case RATE_LIMITED -> RefusalReason.RATE_LIMITED;
            case QUOTA_EXCEEDED -> RefusalReason.QUOTA_EXCEEDED;
            case THROTTLED -> RefusalReason.THROTTLED;
        };
    }

    private final int httpStatus;
    private final String title;
    private final String detail;

    Refusal(int httpStatus, String title, String detail) {
        this.httpStatus = httpStatus;
        this.title = title;
        this.detail = detail;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    /** A default explanation the caller can act on; it never reveals more than the reason. */
    public String detail() {
        return detail;
    }
}
