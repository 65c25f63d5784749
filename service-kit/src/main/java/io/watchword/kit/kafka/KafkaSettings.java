package io.watchword.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings for a raw Kafka client taken from the standard {@code kafka.*} properties (and {@code
 * KAFKA_*} environment variables): the {@code default-kafka-broker} map Quarkus builds from them,
 * the same one SmallRye Reactive Messaging channels use. So {@code kafka.bootstrap.servers}, {@code
 * kafka.security.protocol}, {@code kafka.ssl.*} and {@code kafka.sasl.*} reach every client of a
 * service (the outbox relay, followers) with no code, and a service never builds its own
 * connection settings.
 *
 * <p>Each method returns a fresh mutable map holding only the keys that client type knows (so a
 * consumer-only setting never makes a producer warn), to which the caller adds its own behaviour
 * settings (acks, idempotence, group id...).
 */
@ApplicationScoped
public class KafkaSettings {

    /** Quarkus' key for a named TLS configuration; its SSL engine factory reads it from the client config. */
    static final String TLS_CONFIGURATION_NAME = "tls-configuration-name";

    private final Map<String, Object> broker;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> broker) {
        this.broker = Map.copyOf(broker);
    }

    /** Connection and security settings for a producer, with {@code client.id} set. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> settings = only(ProducerConfig.configNames());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    /** Connection and security settings for a consumer without a group (assigned partitions). */
    public Map<String, Object> consumer(String clientId) {
        Map<String, Object> settings = only(ConsumerConfig.configNames());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    /** Connection and security settings for a consumer, with {@code client.id} and {@code group.id} set. */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> settings = only(ConsumerConfig.configNames());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return settings;
    }

    /** Connection and security settings for an admin client. */
    public Map<String, Object> admin(String clientId) {
        Map<String, Object> settings = only(AdminClientConfig.configNames());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }

    /** {@code kafka.bootstrap.servers}, for log lines and health details. */
    public String bootstrapServers() {
        return String.valueOf(broker.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    private Map<String, Object> only(Set<String> known) {
        Map<String, Object> settings = new HashMap<>();
        broker.forEach((key, value) -> {
            // group.id is a per-consumer choice, never inherited (Quarkus fills it with the app name).
            if ((known.contains(key) && !key.equals(ConsumerConfig.GROUP_ID_CONFIG))
                    || key.equals(TLS_CONFIGURATION_NAME)) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
