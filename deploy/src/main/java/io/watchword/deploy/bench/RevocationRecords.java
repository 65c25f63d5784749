package io.watchword.deploy.bench;

import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fills the revocations topic with history — revocations of credentials that no longer matter to
 * the benchmark but that every verifier must read at bootstrap and keep in memory — exactly as
 * the revocation service writes them (same record, headers and key).
 */
final class RevocationRecords {

    private RevocationRecords() {}

    static void preload(String bootstrapServers, int count) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String id = "key_history" + Long.toString(i, 36)
                        + UUID.randomUUID().toString().substring(0, 8);
                CredentialRevocationChanged event = new CredentialRevocationChanged(
                        UUID.randomUUID(),
                        now,
                        "history",
                        id,
                        CredentialType.API_KEY,
                        null,
                        RevocationStatus.REVOKED,
                        RevocationReason.UNUSED,
                        "benchmark",
                        null,
                        now.plus(Duration.ofDays(30)));
                producer.send(EventRecords.toProducerRecord(event, "/watchword/benchmark"));
            }
            producer.flush();
        }
    }
}
