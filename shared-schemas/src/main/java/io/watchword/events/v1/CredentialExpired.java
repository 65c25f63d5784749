package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/** A credential reached its expiry (or the end of its rotation grace period) and is refused from now on. */
public record CredentialExpired(
        UUID eventId, Instant occurredAt, String tenantId, String credentialId, Instant expiredAt)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
