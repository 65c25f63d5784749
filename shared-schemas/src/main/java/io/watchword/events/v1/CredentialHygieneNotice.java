package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Credential hygiene told to a key's owners and the SOC: a key unused for the tenant's stale-key
 * period (and what became of it), or a key about to expire. Published by usage-analytics through its
 * outbox on {@code watchword.hygiene.v1}, keyed by credential id, so every notice of one key stays in
 * order. Never carries a secret.
 *
 * @param kind what is announced
 * @param name the key's name, if it has one
 * @param displayPrefix the key's non-secret display prefix
 * @param lastUsedAt the key's newest accepted use; absent if never used
 * @param expiresAt the key's expiry, if it has one
 * @param revokeAt for {@code STALE_WARNING}: when the key is revoked unless used before
 * @param threshold for {@code EXPIRY_APPROACHING}: the notice period reached, ISO-8601 (e.g. {@code P7D})
 * @param dryRun true when the tenant's policy only previews: nothing will be (or was) revoked
 * @param revocationId for {@code STALE_REVOKED}: the revocation-service's revocation id
 */
public record CredentialHygieneNotice(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        HygieneNoticeKind kind,
        String name,
        String displayPrefix,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant revokeAt,
        String threshold,
        boolean dryRun,
        String revocationId)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
