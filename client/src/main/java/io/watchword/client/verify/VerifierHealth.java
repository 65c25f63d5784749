package io.watchword.client.verify;

import java.time.Instant;

/**
 * A snapshot of the verifier's state for health checks and dashboards.
 *
 * @param feedReady the revocations were read to the end once
 * @param feedFresh the broker answered within {@code max-staleness}
 * @param failMode what happens while the feed is not fresh
 * @param refusingAll true when fail-closed is in effect: every credential is refused
 * @param lastFeedContact last successful exchange with the broker; null if none yet
 * @param feedLagRecords revocation records not yet applied at the last contact (-1 unknown)
 * @param revokedCredentials credentials currently revoked or suspended
 * @param signingKeys public keys currently known from the JWKS
 */
public record VerifierHealth(
        boolean feedReady,
        boolean feedFresh,
        FailMode failMode,
        boolean refusingAll,
        Instant lastFeedContact,
        long feedLagRecords,
        int revokedCredentials,
        int signingKeys) {

    /** UP when credentials are checked against a fresh feed; DOWN while refusing everything. */
    public String status() {
        if (refusingAll) {
            return "DOWN";
        }
        return feedFresh ? "UP" : "DEGRADED";
    }
}
