package io.watchword.client.bench;

import io.watchword.client.revocation.RevocationFeed;
import io.watchword.client.revocation.RevocationSet;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.testsupport.Infrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bootstrap time of the revocation feed from a real broker (test-support's embedded Kafka): writes
 * N revocations (default 1,000,000) to {@code watchword.revocations.v1}, then times a fresh feed
 * from start to ready. Rerunnable; see client/README.md "Benchmarks".
 */
public final class RevocationBootstrapBenchmark {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (Infrastructure infra = Infrastructure.start()) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
                for (int i = 0; i < count; i++) {
                    String id = "key_"
                            + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
                    producer.send(new ProducerRecord<>(
                            Topics.REVOCATIONS.name(),
                            "ten_bench/" + id,
                            EventSerde.serialize(new CredentialRevocationChanged(
                                    UUID.randomUUID(),
                                    Instant.now(),
                                    "ten_bench",
                                    id,
                                    CredentialType.API_KEY,
                                    null,
                                    RevocationStatus.REVOKED,
                                    RevocationReason.values()[0],
                                    "adm_bench",
                                    null,
                                    Instant.now().plusSeconds(86_400)))));
                }
            }
            System.out.printf("wrote %,d revocations in %,d ms%n", count, (System.nanoTime() - start) / 1_000_000);

            RevocationSet set = new RevocationSet();
            start = System.nanoTime();
            try (RevocationFeed feed = new RevocationFeed(
                    Map.of("bootstrap.servers", infra.kafkaBootstrapServers()),
                    "bench",
                    set,
                    Clock.systemUTC(),
                    Duration.ofSeconds(1),
                    id -> {})) {
                feed.start();
                if (!feed.awaitReady(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("feed not ready in 5 minutes");
                }
                long nanos = System.nanoTime() - start;
                System.out.printf(
                        "bootstrap of %,d revocations: %,d ms (%,.0f records/s), set size %,d%n",
                        count, nanos / 1_000_000, count * 1e9 / nanos, set.size());
            }
        }
    }
}
