package io.watchword.client.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.watchword.client.WatchwordClient;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestIssuer;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.PartitionOffset;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.events.v1.VerifierStatusReported;
import io.watchword.testsupport.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real client on the real broker announces itself on the fleet topic, reports an offset beyond
 * a revocation soon after it applied it, and leaves with a tombstone (decision 0165).
 */
class FleetReporterTest {

    private final Infrastructure infra = Infrastructure.shared();
    private final TestIssuer issuer = new TestIssuer("k-" + UUID.randomUUID());
    private final JwksServer jwks = new JwksServer(issuer);
    private final Map<String, VerifierStatusReported> fleet = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tombstoned = new ConcurrentHashMap<>();
    private CompactedTopicFollower follower;

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
        jwks.close();
    }

    @Test
    void aClientAnnouncesItselfReportsTheOffsetOfARevocationItAppliedAndLeavesWithATombstone() throws Exception {
        follower = CompactedTopicFollower.builder()
                .topic(Topics.VERIFIER_FLEET.name())
                .consumerName("fleet-reporter-test")
                .kafkaProperties(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))
                .handler(record -> {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        tombstoned.put(key, true);
                    } else {
                        fleet.put(key, (VerifierStatusReported) EventRecords.read(record));
                    }
                })
                .build();
        follower.start();
        WatchwordClient client = WatchwordClient.builder()
                .issuerUrl(jwks.url())
                .kafkaBootstrapServers(infra.kafkaBootstrapServers())
                .serviceName("fleet-test")
                .usageEnabled(false)
                .fleetReporting(Duration.ofMillis(20), Duration.ofMillis(500))
                .build();
        long started = System.nanoTime();
        assertThat(client.start(Duration.ofSeconds(60))).isTrue();
        String id = client.instanceId();

        // Reports sent while the feeds bootstrap say stale (the verifier refuses everything then);
        // the one after the bootstrap says fresh without waiting for the staleness check.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> fleet.containsKey(id) && !fleet.get(id).stale());
        System.out.printf("first fleet report seen %d ms after start%n", (System.nanoTime() - started) / 1_000_000);
        VerifierStatusReported first = fleet.get(id);
        assertThat(first.service()).isEqualTo("fleet-test");
        assertThat(first.stale()).isFalse();
        assertThat(first.revocationOffsets()).hasSize(Topics.REVOCATIONS.partitions());

        RecordMetadata written = revoke();
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.get(id).revocationOffsets().stream()
                .anyMatch(p -> p.partition() == written.partition() && p.offset() > written.offset()));
        PartitionOffset reported = fleet.get(id).revocationOffsets().stream()
                .filter(p -> p.partition() == written.partition())
                .findFirst()
                .orElseThrow();
        assertThat(reported.offset()).isGreaterThan(written.offset());

        client.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> tombstoned.containsKey(id));
    }

    private RecordMetadata revoke() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String keyId = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            CredentialRevocationChanged event = new CredentialRevocationChanged(
                    UUID.randomUUID(),
                    Instant.now(),
                    "ten_fleet",
                    keyId,
                    CredentialType.API_KEY,
                    null,
                    RevocationStatus.REVOKED,
                    RevocationReason.COMPROMISED,
                    "adm_test",
                    null,
                    Instant.now().plusSeconds(3_600));
            ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(event, "/watchword/tests");
            return producer.send(record).get();
        }
    }
}
