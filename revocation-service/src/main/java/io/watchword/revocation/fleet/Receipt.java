package io.watchword.revocation.fleet;

import java.time.Instant;
import java.util.List;

/**
 * Where a revocation stands among the verifiers (decision 0166).
 *
 * @param state {@code APPLIED_BY_ALL}, {@code PENDING} (some live verifier has not applied it yet:
 *     see {@code pending}), {@code NOT_PUBLISHED} (the outbox relay has not had it acknowledged by
 *     Kafka yet), {@code NO_LIVE_VERIFIERS}, or {@code UNKNOWN} (published before receipts existed)
 * @param partition partition of {@code watchword.revocations.v1} the current state was written to
 * @param offset its offset there: a verifier has applied it once its reported offset is above
 * @param liveVerifiers verifiers live now
 * @param applied how many of them have applied it
 * @param pending the live verifiers that have not, each since {@code publishedAt}
 * @param appliedByAllAt when the last live verifier was heard to have applied it
 * @param slowestMillis from the request ({@code updatedAt} of the revocation) to {@code appliedByAllAt}
 */
public record Receipt(
        String state,
        Integer partition,
        Long offset,
        Instant publishedAt,
        int liveVerifiers,
        int applied,
        List<PendingVerifier> pending,
        Instant appliedByAllAt,
        Long slowestMillis) {

    public static final String APPLIED_BY_ALL = "APPLIED_BY_ALL";
    public static final String PENDING = "PENDING";
    public static final String NOT_PUBLISHED = "NOT_PUBLISHED";
    public static final String NO_LIVE_VERIFIERS = "NO_LIVE_VERIFIERS";
    public static final String UNKNOWN = "UNKNOWN";

    /**
     * A live verifier that has not applied the revocation.
     *
     * @param pendingSince since when it should have (the revocation's publication)
     * @param appliedOffset the offset it reported on the revocation's partition
     * @param stale its feed is beyond its staleness bound: it refuses every credential meanwhile
     *     (fail-closed) unless it runs fail-open
     */
    public record PendingVerifier(
            String instanceId,
            String service,
            Instant pendingSince,
            Instant lastReportAt,
            long appliedOffset,
            boolean stale,
            Instant staleSince) {}

    /** Every live verifier applied it (or there are none to wait for). */
    public boolean settled() {
        return APPLIED_BY_ALL.equals(state) || NO_LIVE_VERIFIERS.equals(state);
    }
}
