package io.watchword.revocation.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.Severity;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 7: an alert that arrives before its credential's events is held, then acted on. */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class HeldAlertTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAlertPublishedBeforeItsCredentialsEventsLeadsToItsActionOnceTheyArrive() {
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

        EventProbe.publish(new CredentialIssued(
                UUID.randomUUID(),
                Instant.now(),
                tenant.id(),
                keyId,
                CredentialType.API_KEY,
                "late event",
                "live",
                "ww_live_AbCd1234",
                List.of("orders:read"),
                List.of(),
                Map.of(),
                Instant.now().plusSeconds(3600),
                null,
                "adm_AAAAAAAAAAAAAAAAAAAAAA"));

        var decided = EventProbe.awaitCount(Topics.DECISIONS.name(), keyId, 1);
        assertThat(decided).hasSize(1);
        assertThat(EventProbe.value(decided.get(0), ResponseDecided.class).action())
                .isEqualTo(ResponseAction.NOTIFY);
        assertThat(EventProbe.settle(Topics.DEAD_LETTERS.name(), keyId, Duration.ofSeconds(1)))
                .isEmpty();
    }
}
