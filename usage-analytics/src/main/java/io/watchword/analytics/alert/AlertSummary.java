package io.watchword.analytics.alert;

import java.time.Instant;
import java.util.UUID;

/** One alert in a list or on the live feed. */
public record AlertSummary(
        UUID id,
        String tenantId,
        String credentialId,
        String detector,
        String severity,
        double score,
        String description,
        Instant occurredAt,
        AlertStatus status,
        String recommendedAction,
        Instant receivedAt,
        Instant updatedAt) {

    public static AlertSummary of(Alert a) {
        return new AlertSummary(
                a.id,
                a.tenantId,
                a.credentialId,
                a.detector,
                a.severity,
                a.score,
                a.description,
                a.occurredAt,
                a.status,
                a.recommendedAction,
                a.receivedAt,
                a.updatedAt);
    }
}
