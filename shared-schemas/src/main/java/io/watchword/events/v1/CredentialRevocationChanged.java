package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The revocation state of one credential changed. Published on the compacted revocations topic
 * keyed by {@code credentialId}, so the newest record per credential is its current state; a
 * tombstone follows once {@code expiresAt} plus a margin has passed and the credential could no
 * longer be used anyway.
 *
 * <p>For a token, {@code credentialId} is its {@code jti} and {@code parentCredentialId} the API
 * key it was exchanged for. Revoking an API key covers every token it issued.
 */
public record CredentialRevocationChanged(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        CredentialType credentialType,
        String parentCredentialId,
        RevocationStatus status,
        RevocationReason reason,
        String requestedBy,
        String alertId,
        Instant expiresAt)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
