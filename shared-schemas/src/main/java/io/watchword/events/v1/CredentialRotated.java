package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A credential was rotated: {@code replacementId} now exists, and the old credential keeps working
 * until {@code graceEndsAt}, when it expires.
 */
public record CredentialRotated(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        String replacementId,
        Instant graceEndsAt,
        String actor)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
