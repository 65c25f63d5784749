package io.watchword.client.verify;

/**
 * The outcome of one check: a principal, or a refusal with its reason. A refusal for {@link
 * Refusal#INSUFFICIENT_SCOPE} still names the principal (it was authenticated), for usage records.
 */
public record VerificationResult(VerifiedPrincipal principal, Refusal refusal, String detail) {

    public static VerificationResult accepted(VerifiedPrincipal principal) {
        return new VerificationResult(principal, null, null);
    }

    public static VerificationResult refused(Refusal refusal) {
        return new VerificationResult(null, refusal, refusal.detail());
    }

    public static VerificationResult refused(Refusal refusal, VerifiedPrincipal principal, String detail) {
        return new VerificationResult(principal, refusal, detail);
    }

    public boolean isAccepted() {
        return refusal == null;
    }
}
