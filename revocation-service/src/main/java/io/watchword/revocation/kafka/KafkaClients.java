package io.watchword.revocation.kafka;

import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbox relay's producer, built from {@code kafka.bootstrap.servers}. The consumers are
 * SmallRye Reactive Messaging channels (decision 0080); this producer moves into the kit's outbox.
 */
@ApplicationScoped
public class KafkaClients {

    private final String bootstrapServers;
    private final RevocationConfig config;

    @Inject
    public KafkaClients(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, RevocationConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** Idempotent, {@code acks=all}: a retried send never duplicates or reorders within a partition. */
    public Producer<String, byte[]> producer(String clientId) {
        int timeout = (int) config.outbox().sendTimeout().toMillis();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
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
}
