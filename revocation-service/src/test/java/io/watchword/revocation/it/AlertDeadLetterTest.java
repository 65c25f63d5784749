package io.watchword.revocation.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.Severity;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class AlertDeadLetterTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aMalformedAlertIsDeadLetteredWithAReasonAndTheNextAlertIsStillHandled() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());

        EventProbe.publishRaw(Topics.ALERTS.name(), key.id(), "{not json".getBytes(StandardCharsets.UTF_8));
        EventProbe.publish(Alerts.alert(tenant.id(), key.id(), Severity.LOW, "rate-spike"));

        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), key.id(), 1);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(EventProbe.header(dead.get(0), DeadLetters.REASON)).isNotBlank();
        assertThat(EventProbe.header(dead.get(0), DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.ALERTS.name());
        assertThat(EventProbe.header(dead.get(0), DeadLetters.ORIGINAL_PARTITION))
                .isNotBlank();
        assertThat(EventProbe.header(dead.get(0), DeadLetters.ORIGINAL_OFFSET)).isNotBlank();
        assertThat(EventProbe.header(dead.get(0), DeadLetters.CONSUMER))
                .isEqualTo("watchword-revocation-service-alerts");
        var decided = EventProbe.awaitCount(Topics.DECISIONS.name(), key.id(), 1);
        assertThat(EventProbe.value(decided.get(0), ResponseDecided.class).action())
                .isEqualTo(ResponseAction.NOTIFY);
    }

    @Test
    void anAlertAboutACredentialNeverSeenIsHeldThenDeadLetteredWithTheReason() {
        TestTenant tenant = IssuerAdmin.newTenant();
        String unknown = CredentialIds.newId("key");

        EventProbe.publish(Alerts.alert(tenant.id(), unknown, Severity.CRITICAL, "geo-velocity"));

        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), unknown, 1);
        assertThat(dead).hasSize(1);
        assertThat(EventProbe.header(dead.get(0), DeadLetters.REASON)).contains("unknown credential");
    }
}
