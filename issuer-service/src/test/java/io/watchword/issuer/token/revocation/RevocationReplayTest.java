package io.watchword.issuer.token.revocation;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.issuer.api.IssuerTestSupport.TestTenant;
import io.watchword.issuer.api.TopicReader;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.kit.kafka.KafkaSettings;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What a restart does: a fresh follower reads the whole revocations topic from the beginning again.
 * It must republish no credential state (decision 0079).
 */
@QuarkusTest
@QuarkusTestResource(
        value = io.watchword.testsupport.quarkus.WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "issuer"))
class RevocationReplayTest {

    @Inject
    TokenConfig tokenConfig;

    @Inject
    CredentialStatusUpdater statusUpdater;

    @Inject
    KafkaSettings kafkaSettings;

    @Test
    void followerReplayingTheWholeTopicAtStartPublishesNoDuplicateState() {
        TestTenant tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "replayed", "scopes", List.of("orders:read")))
                .get("id");
        Instant at = Instant.now();
        send(revocation(tenant.id(), id, RevocationStatus.SUSPENDED, at));
        send(revocation(tenant.id(), id, RevocationStatus.REINSTATED, at.plusSeconds(1)));
        send(revocation(tenant.id(), id, RevocationStatus.REVOKED, at.plusSeconds(2)));
        assertThat(states(id, 4, Duration.ofSeconds(30)))
                .containsExactly(
                        CredentialState.ACTIVE,
                        CredentialState.SUSPENDED,
                        CredentialState.ACTIVE,
                        CredentialState.REVOKED);

        RevocationFollower restarted =
                new RevocationFollower(tokenConfig, Optional.of(bootstrapServers()), kafkaSettings, statusUpdater);
        restarted.start(null);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> restarted.registry().bootstrapped());
            assertThat(restarted.registry().isRefused(tenant.id(), id)).isTrue();
        } finally {
            restarted.stop(null);
        }

        assertThat(states(id, 5, Duration.ofSeconds(3))).hasSize(4);
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/" + id)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REVOKED"));
    }

    private static List<CredentialState> states(String id, int count, Duration timeout) {
        return TopicReader.await(Topics.CREDENTIAL_STATE.name(), r -> id.equals(r.key()), count, timeout).stream()
                .map(r -> ((CredentialStateChanged) EventRecords.read(r)).status())
                .toList();
    }

    private static CredentialRevocationChanged revocation(
            String tenantId, String id, RevocationStatus status, Instant at) {
        return new CredentialRevocationChanged(
                UUID.randomUUID(),
                at,
                tenantId,
                id,
                CredentialType.API_KEY,
                null,
                status,
                status == RevocationStatus.REINSTATED ? null : RevocationReason.MANUAL,
                "adm_test",
                null,
                at.plusSeconds(86_400));
    }

    private static void send(CredentialRevocationChanged change) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(EventRecords.toProducerRecord(change, "/watchword/revocation-service"))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
