package io.watchword.issuer.token.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the revocation registry has read the topic to its end: before that, the issuer
 * could hand a token to a key that was revoked while it was down.
 */
@Readiness
@ApplicationScoped
public class RevocationReadinessCheck implements HealthCheck {

    private final RevocationRegistry registry;

    public RevocationReadinessCheck(RevocationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-registry")
                .status(registry.bootstrapped())
                .withData("refusedCredentials", registry.size())
                .build();
    }
}
