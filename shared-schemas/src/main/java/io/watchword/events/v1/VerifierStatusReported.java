package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One verifier instance (a client-library instance embedded in a service) says where it stands:
 * which offsets of the revocations and credential-state topics it has applied, and whether its
 * feed is stale (it then refuses every credential, decision 0060). Published on the compacted
 * fleet topic keyed by {@code instanceId}, so the newest record per instance is its current
 * status; a tombstone is its clean goodbye. A status not refreshed within the reader's TTL means
 * the instance is gone (decision 0165).
 *
 * <p>A record at offset {@code o} of partition {@code p} is applied once the reported offset of
 * {@code p} is above {@code o}. Verifiers are platform infrastructure: {@code tenantId} is the
 * platform's own tenant, {@value #PLATFORM_TENANT}.
 *
 * @param staleSince when the feed became stale; null while it is fresh
 * @param leaving the instance is shutting down cleanly (its tombstone follows)
 */
public record VerifierStatusReported(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String instanceId,
        String service,
        String host,
        Instant startedAt,
        List<PartitionOffset> revocationOffsets,
        List<PartitionOffset> credentialStateOffsets,
        boolean stale,
        Instant staleSince,
        long maxStalenessMillis,
        boolean leaving)
        implements WatchwordEvent {

    /** The bootstrap tenant of the platform (the admin kit's {@code system}). */
    public static final String PLATFORM_TENANT = "system";

    @Override
    public String partitionKey() {
        return instanceId;
    }
}
