package io.watchword.events.v1;

import io.watchword.events.WatchwordEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A credential behaved unlike its learned baseline. {@code eventId} is the alert id, derived from
 * the key, the detectors and the event time that raised it: a replay or a retry yields the same
 * id, and an alert delivered twice leads to at most one response.
 *
 * <p>{@code detector}, {@code score}, {@code description} and {@code evidence} describe the
 * strongest finding (what v1 consumers read); {@code findings} lists every detector that fired.
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
        Map<String, String> evidence,
        List<DetectorFinding> findings,
        Instant firstEventAt,
        Instant lastEventAt,
        List<UsageSample> samples,
        ResponseAction recommendedAction)
        implements WatchwordEvent {

    public AnomalyDetected {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
        findings = findings == null ? List.of() : List.copyOf(findings);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** An alert with one finding and no samples, as producers wrote it before findings existed. */
    public AnomalyDetected(
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
            Map<String, String> evidence) {
        this(
                eventId,
                occurredAt,
                tenantId,
                credentialId,
                detector,
                severity,
                score,
                description,
                windowStart,
                windowEnd,
                evidence,
                null,
                null,
                null,
                null,
                null);
    }

    @Override
    public String partitionKey() {
        return credentialId;
    }
}
