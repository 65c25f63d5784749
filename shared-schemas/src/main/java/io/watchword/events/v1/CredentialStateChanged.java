package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The latest state of one credential, on the compacted {@code watchword.credential-state.v1} topic
 * keyed by credential id: a verifier bootstraps every credential from it and stays current. A
 * verifier refuses the credential when {@code status} is EXPIRED, SUSPENDED or REVOKED, when now ≥
 * {@code expiresAt}, or when status is ROTATED and now ≥ {@code graceEndsAt}, with its own clock.
 * A tombstone follows once the credential can never be used again.
 *
 * @param allowedCidrs the source ranges the credential may be used from; empty means any
 */
public record CredentialStateChanged(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        CredentialType credentialType,
        String environment,
        String displayPrefix,
        String name,
        List<String> scopes,
        List<String> allowedCidrs,
        Instant expiresAt,
        CredentialState status,
        Instant graceEndsAt,
        String replacementId,
        String rotatedFrom)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
