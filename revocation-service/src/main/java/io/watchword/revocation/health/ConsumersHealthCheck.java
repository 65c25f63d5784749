package io.watchword.revocation.health;

import io.watchword.revocation.kafka.ConsumerManager;
import io.watchword.revocation.kafka.RecordLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** DOWN when a consumer thread has died (a restart is the cure); details show the last error. */
@Liveness
@Readiness
@ApplicationScoped
public class ConsumersHealthCheck implements HealthCheck {

    private final ConsumerManager consumers;

    @Inject
    public ConsumersHealthCheck(ConsumerManager consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("kafka-consumers").up();
        for (RecordLoop loop : consumers.loops()) {
            if (loop == null) {
                return response.down().withData("state", "not started").build();
            }
        }
        String[] names = {"credentials", "alerts"};
        int i = 0;
        for (RecordLoop loop : consumers.loops()) {
            String name = names[i++];
            response.withData(name + ".alive", loop.isAlive());
            response.withData(name + ".lastPoll", loop.lastPoll().toString());
            if (loop.lastError() != null) {
                response.withData(name + ".lastError", loop.lastError());
            }
            if (!loop.isAlive()) {
                response.down();
            }
        }
        return response.build();
    }
}
