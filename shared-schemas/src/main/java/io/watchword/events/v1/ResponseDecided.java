package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.UUID;

/** The revocation service applied a tenant's response policy to an alert. */
public record ResponseDecided(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        UUID alertId,
        ResponseAction action,
        boolean dryRun,
        String policyRule,
        String reason)
        implements WatchwordEvent {

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
