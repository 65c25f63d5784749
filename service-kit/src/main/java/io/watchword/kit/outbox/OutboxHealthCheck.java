package io.watchword.kit.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN only when the relay loop has stopped. Kafka being down keeps it UP, with the backlog, the
 * lag and the last error in its details: writes still succeed then (that is the point of the
 * outbox), and a service taken out of rotation could not accept the very changes — revocations
 * during an incident — that must wait in the outbox (decision 0090).
 */
@Liveness
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "watchword.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .status(relay.isRunning())
                .withData("backlog", relay.backlog())
                .withData("lagSeconds", Double.toString(relay.lagSeconds()))
                .withData("lagging", relay.lagging())
                .withData("lastSuccess", String.valueOf(relay.lastSuccess()));
        if (relay.lastError() != null) {
            response.withData("lastError", relay.lastError())
                    .withData("lastErrorAt", String.valueOf(relay.lastErrorAt()));
        }
        return response.build();
    }
}
