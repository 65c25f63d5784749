package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A credential was created, either new or as the replacement of a rotated one. */
public record CredentialIssued(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        CredentialType credentialType,
        String name,
        String environment,
        String displayPrefix,
        List<String> scopes,
        List<String> allowedCidrs,
        Map<String, String> metadata,
        Instant expiresAt,
        String rotatedFrom,
        String actor)
        implements WatchwordEvent {

    public CredentialIssued {
        // A missing scopes list stays null so the serde reports the missing property by name.
        scopes = scopes == null ? null : List.copyOf(scopes);
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
