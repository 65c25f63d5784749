package io.watchword.example.health;

import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.VerifierHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the verifier refuses every credential (revocations unknown, fail-closed). */
@Readiness
@ApplicationScoped
public class VerifierReadinessCheck implements HealthCheck {

    @Inject
    WatchwordClient client;

    @Override
    public HealthCheckResponse call() {
        VerifierHealth health = client.health();
        return HealthCheckResponse.named("watchword-verifier")
                .status(!health.refusingAll())
                .withData("status", health.status())
                .withData("feedReady", health.feedReady())
                .withData("feedFresh", health.feedFresh())
                .withData("failMode", health.failMode().name())
                .withData("lastFeedContact", String.valueOf(health.lastFeedContact()))
                .withData("feedLagRecords", health.feedLagRecords())
                .withData("revokedCredentials", health.revokedCredentials())
                .withData("signingKeys", health.signingKeys())
                .build();
    }
}
