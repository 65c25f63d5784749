package io.watchword.issuer.token.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
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

        send("acme/" + key, EventSerde.serialize(change(key, RevocationStatus.SUSPENDED)));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.isRefused("acme", key));
        send("acme/" + key, EventSerde.serialize(change(key, RevocationStatus.REINSTATED)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isRefused("acme", key));
        send("acme/" + key, EventSerde.serialize(change(key, RevocationStatus.REVOKED)));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.isRefused("acme", key));
        send("acme/" + key, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isRefused("acme", key));
    }

    @Test
    void aBadRecordGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() {
        String bad = "bad_" + UUID.randomUUID();
        String good = "key_" + UUID.randomUUID();
        send(bad, "{not json".getBytes(StandardCharsets.UTF_8));
        send(good, EventSerde.serialize(change(good, RevocationStatus.REVOKED)));

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

    private void send(String key, byte[] value) {
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            kafka.send(Topics.REVOCATIONS.name(), key, value, Map.of());
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
