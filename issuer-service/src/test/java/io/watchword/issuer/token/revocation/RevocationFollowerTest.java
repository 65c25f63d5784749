package io.watchword.issuer.token.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.EventType;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class RevocationFollowerTest {

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Inject
    RevocationRegistry registry;

    @Test
    void followsRevocationsSuspensionsReinstatementsAndTombstones() {
        String key = "key_" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(30)).until(registry::bootstrapped);

        send(change(key, RevocationStatus.SUSPENDED));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.isRefused("acme", key));
        send(change(key, RevocationStatus.REINSTATED));
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isRefused("acme", key));
        send(change(key, RevocationStatus.REVOKED));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.isRefused("acme", key));
        send("acme/" + key, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isRefused("acme", key));
    }

    @Test
    void aBadRecordGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() {
        String bad = "bad_" + UUID.randomUUID();
        String good = "key_" + UUID.randomUUID();
        send(
                bad,
                "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("ce_type", EventType.CREDENTIAL_REVOCATION_CHANGED.cloudEventType()));
        send(change(good, RevocationStatus.REVOKED));

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.isRefused("acme", good));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLetterReasons(bad))
                .singleElement()
                .asString()
                .contains("CredentialRevocationChanged"));
    }

    private List<String> deadLetterReasons(String key) {
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            return kafka.readAll(Topics.DEAD_LETTERS.name()).stream()
                    .filter(record -> key.equals(record.key()))
                    .map(record -> record.header(io.watchword.events.kafka.DeadLetters.REASON))
                    .toList();
        }
    }

    /** As the revocation-service's outbox writes it: key {@code <tenant>/<id>}, CloudEvents headers. */
    private void send(CredentialRevocationChanged change) {
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            kafka.send(EventRecords.toProducerRecord(change, "/watchword/revocation-service"));
        }
    }

    private void send(String key, byte[] value) {
        send(key, value, Map.of());
    }

    private void send(String key, byte[] value, Map<String, String> headers) {
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            kafka.send(Topics.REVOCATIONS.name(), key, value, headers);
        }
    }

    static CredentialRevocationChanged change(String id, RevocationStatus status) {
        return new CredentialRevocationChanged(
                UUID.randomUUID(),
                Instant.now(),
                "acme",
                id,
                CredentialType.API_KEY,
                null,
                status,
                RevocationReason.values()[0],
                "adm_test",
                null,
                Instant.now().plusSeconds(3600));
    }
}
