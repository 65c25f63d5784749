package io.watchword.revocation.health;

import io.watchword.revocation.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN only when the relay loop has stopped. Kafka being down keeps it UP (with the error and
 * backlog in details): revocations are still accepted and wait in the outbox, which is exactly
 * when a responder needs this service to stay in rotation.
 */
@Liveness
@Readiness
@ApplicationScoped
public class OutboxRelayHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    @Inject
    public OutboxRelayHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ticking = relay.isRunning()
                && Duration.between(relay.lastPass(), Instant.now()).compareTo(Duration.ofMinutes(2)) < 0;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .status(ticking)
                .withData("backlog", relay.backlog())
                .withData("lastPass", relay.lastPass().toString());
        if (relay.lastError() != null) {
            response.withData("lastError", relay.lastError());
        }
        return response.build();
    }
}
