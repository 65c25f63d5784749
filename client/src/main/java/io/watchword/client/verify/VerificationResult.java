package io.watchword.client.verify;

import io.watchword.client.limit.LimitDecision;

/**
 * The outcome of one check: a principal, or a refusal with its reason. A refusal still names the
 * principal whenever the credential was recognised (a revoked, rotated or expired key, a token of
 * a revoked key, insufficient scope), for usage records; {@code displayPrefix} names a well-formed
 * API key the verifier does not know. {@code limit} is the key's rate-limit decision (with the
 * headers to send) when the key has limits, else null.
 */
public record VerificationResult(
        VerifiedPrincipal principal, Refusal refusal, String detail, String displayPrefix, LimitDecision limit) {

    public VerificationResult(VerifiedPrincipal principal, Refusal refusal, String detail, String displayPrefix) {
        this(principal, refusal, detail, displayPrefix, null);
    }

    public VerificationResult(VerifiedPrincipal principal, Refusal refusal, String detail) {
        this(principal, refusal, detail, null);
    }

    public static VerificationResult accepted(VerifiedPrincipal principal) {
        return new VerificationResult(principal, null, null, null);
    }

    public static VerificationResult refused(Refusal refusal) {
        return new VerificationResult(null, refusal, refusal.detail(), null);
    }

    public static VerificationResult refused(Refusal refusal, VerifiedPrincipal principal, String detail) {
        return new VerificationResult(principal, refusal, detail, null);
    }

    /** An API key that is well formed but unknown: only its display prefix can name it. */
    public static VerificationResult unknownKey(Refusal refusal, String displayPrefix) {
        return new VerificationResult(null, refusal, refusal.detail(), displayPrefix);
    }

    public boolean isAccepted() {
        return refusal == null;
    }
}
