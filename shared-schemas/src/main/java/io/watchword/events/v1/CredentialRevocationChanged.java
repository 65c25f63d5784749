package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The revocation state of one credential changed. Published on the compacted revocations topic
 * keyed by {@code <tenantId>/<credentialId>}, so the newest record per credential is its current
 * state; a consumer applies it only to the credential of that tenant. A
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

    /**
     * {@code <tenantId>/<credentialId>}: two tenants' records for the same id never compact into
     * each other (contract 3 of issue 6).
     */
    @Override
    public String partitionKey() {
        return key(tenantId, credentialId);
    }

    /** The CloudEvents subject stays the credential id. */
    @Override
    public String subject() {
        return credentialId;
    }

    /** The record key of a revocation of {@code credentialId} by {@code tenantId}. */
    public static String key(String tenantId, String credentialId) {
        return tenantId + "/" + credentialId;
    }
}
