package io.watchword.issuer.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while events leave the outbox in time. Writes still succeed when Kafka is down (that is
 * the point of the outbox), so this reports DOWN only once the backlog is older than
 * {@code watchword.issuer.outbox.max-lag}: a signal for operators, not a reason to stop serving.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .status(relay.healthy())
                .withData("backlog", relay.backlog())
                .withData("lagSeconds", Double.toString(relay.lagSeconds()))
                .withData("lastSuccess", String.valueOf(relay.lastSuccess()));
        if (relay.lastError() != null) {
            response.withData("lastError", relay.lastError())
                    .withData("lastErrorAt", String.valueOf(relay.lastErrorAt()));
        }
        return response.build();
    }
}
