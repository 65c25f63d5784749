package io.watchword.revocation.it;

import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Alerts as the anomaly detector publishes them. */
final class Alerts {

    private Alerts() {}

    static AnomalyDetected alert(String tenantId, String credentialId, Severity severity, String detector) {
        Instant now = Instant.now();
        return new AnomalyDetected(
                UUID.randomUUID(),
                now,
                tenantId,
                credentialId,
                detector,
                severity,
                7.5,
                "requests from a new country",
                now.minusSeconds(60),
                now,
                Map.of("country", "ZZ"));
    }
}
