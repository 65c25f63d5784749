package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A credential's descriptive fields (name, metadata) changed; its secret and scopes did not. */
public record CredentialUpdated(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        String name,
        Map<String, String> metadata,
        String actor)
        implements WatchwordEvent {

    public CredentialUpdated {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
