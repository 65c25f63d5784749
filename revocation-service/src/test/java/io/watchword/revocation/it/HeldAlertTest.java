package io.watchword.revocation.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.Severity;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 7: an alert that arrives before its credential's state is held, then acted on (0083, 0103). */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class HeldAlertTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAlertPublishedBeforeItsCredentialsStateLeadsToItsActionOnceTheStateArrives() {
        TestTenant tenant = IssuerAdmin.newTenant();
        // A credential neither this service nor the issuer knows yet: only its event will tell.
        String keyId = CredentialIds.newId("key");

        EventProbe.publish(Alerts.alert(tenant.id(), keyId, Severity.HIGH, "geo-velocity"));
        assertThat(EventProbe.settle(Topics.DECISIONS.name(), keyId, Duration.ofSeconds(1)))
                .as("held while the credential is unknown")
                .isEmpty();
        assertThat(EventProbe.settle(Topics.DEAD_LETTERS.name(), keyId, Duration.ofMillis(200)))
                .as("not dead-lettered at once")
                .isEmpty();

        // The issuer publishes the credential's state (the compacted topic this service learns from).
        CredentialStates.publish(CredentialStates.active(tenant.id(), keyId, CredentialType.API_KEY));

        var decided = EventProbe.awaitCount(Topics.DECISIONS.name(), keyId, 1);
        assertThat(decided).hasSize(1);
        assertThat(EventProbe.value(decided.get(0), ResponseDecided.class).action())
                .isEqualTo(ResponseAction.NOTIFY);
        assertThat(EventProbe.settle(Topics.DEAD_LETTERS.name(), keyId, Duration.ofSeconds(1)))
                .isEmpty();
    }
}
