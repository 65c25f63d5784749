package io.watchword.revocation.fleet;

import io.watchword.events.v1.PartitionOffset;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/verifiers}: the verifier fleet (decision 0167).
 *
 * @param ready the fleet topic was read to its end once (before that the fleet may look smaller)
 * @param ttlSeconds a verifier not heard from for this long is not live
 * @param lost verifiers that stopped reporting without leaving (crashed, killed, cut off), still
 *     listed until {@code show-dead-for} passes
 */
public record FleetView(boolean ready, long ttlSeconds, int live, int stale, int lost, List<VerifierView> verifiers) {

    /** Where a verifier stands in the fleet. */
    public enum State {
        /** Heard from within the TTL: a revocation must reach it. */
        LIVE,
        /** Not heard from within the TTL and never said goodbye: no longer waited for. */
        LOST,
        /** Said it is leaving (a clean shutdown), before its tombstone removes it. */
        LEAVING
    }

    /**
     * One verifier instance. {@code host} and {@code startedAt} are shown to platform admins only.
     *
     * @param state LIVE, LOST or LEAVING
     * @param live heard from within the TTL and not leaving
     * @param stale its feed is beyond its staleness bound: it fails closed (refuses everything)
     */
    public record VerifierView(
            String instanceId,
            String service,
            String host,
            Instant startedAt,
            Instant lastReportAt,
            State state,
            boolean live,
            boolean leaving,
            boolean stale,
            Instant staleSince,
            long maxStalenessMillis,
            List<PartitionOffset> revocationOffsets,
            List<PartitionOffset> credentialStateOffsets) {}
}
