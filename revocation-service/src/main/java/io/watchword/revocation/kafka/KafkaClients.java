package io.watchword.revocation.kafka;

import io.watchword.kit.kafka.KafkaSettings;
import io.watchword.kit.outbox.OutboxConfig;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients whose connection and security settings come from the standard {@code kafka.*}
 * properties through the kit's {@link KafkaSettings} (TLS, SASL with no code).
 */
@ApplicationScoped
public class KafkaClients {

    private final KafkaSettings kafka;
    private final RevocationConfig config;
    private final OutboxConfig outbox;

    @Inject
    public KafkaClients(KafkaSettings kafka, RevocationConfig config, OutboxConfig outbox) {
        this.kafka = kafka;
        this.config = config;
        this.outbox = outbox;
    }

    /** Idempotent, {@code acks=all}: a retried send never duplicates or reorders within a partition. */
    public Producer<String, byte[]> producer(String clientId) {
        int timeout = (int) outbox.sendTimeout().toMillis();
        Map<String, Object> props = kafka.producer(clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout / 2));
        // The producer retries a held batch through an outage of up to two minutes by itself.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(120_000, timeout + 1000));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    /**
     * Manual commits after processing; starts at the earliest record for a new group. Each topic
     * has its own group ({@code <group-id>-<name>}) so a rebalance of one never pauses the other.
     */
    public KafkaConsumer<String, byte[]> consumer(String name) {
        String clientId = "revocation-" + name;
        Map<String, Object> props = kafka.consumer(clientId, config.consumer().groupId() + "-" + name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}
