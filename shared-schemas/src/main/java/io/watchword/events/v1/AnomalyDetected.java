package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A credential behaved unlike its learned baseline. {@code eventId} is the alert id: an alert
 * delivered twice leads to at most one response.
 */
public record AnomalyDetected(
        UUID eventId,
        Instant occurredAt,
        String tenantId,
        String credentialId,
        String detector,
        Severity severity,
        double score,
        String description,
        Instant windowStart,
        Instant windowEnd,
        Map<String, String> evidence)
        implements WatchwordEvent {

    public AnomalyDetected {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
