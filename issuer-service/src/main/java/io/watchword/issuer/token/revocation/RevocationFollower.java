package io.watchword.issuer.token.revocation;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.issuer.token.config.TokenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows {@code watchword.revocations.v1} into the {@link RevocationRegistry}.
 *
 * <p>Every instance reads the whole compacted topic from the beginning with manually assigned
 * partitions and no consumer group: the registry is a full local copy, so there is nothing to
 * commit and no rebalance to wait for. The registry counts as bootstrapped once the consumer has
 * reached the end offsets it saw at start. A record that is not a valid {@link
 * CredentialRevocationChanged} goes to the dead-letter topic with the reason in headers and is
 * skipped; it never blocks the partition.
 */
@ApplicationScoped
public class RevocationFollower {

    private static final Logger LOG = Logger.getLogger(RevocationFollower.class);
    private static final String TOPIC = Topics.REVOCATIONS.name();
    private static final String CONSUMER = "issuer-service";

    private final RevocationRegistry registry = new RevocationRegistry();
    private final TokenConfig config;
    // Field injection keeps this class's constructor as it is (it is being reworked elsewhere).
    @jakarta.inject.Inject
    io.watchword.kit.kafka.KafkaSettings kafkaSettings;

    private final Optional<String> bootstrapServers;
    private final CredentialStatusUpdater statusUpdater;
    private volatile boolean running;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private Thread thread;

    public RevocationFollower(
            TokenConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers,
            CredentialStatusUpdater statusUpdater) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.statusUpdater = statusUpdater;
    }

    @Produces
    @Singleton
    RevocationRegistry registry() {
        return registry;
    }

    void start(@Observes StartupEvent event) {
        if (!config.revocations().enabled()) {
            LOG.warn("watchword.issuer.revocations.enabled=false: revoked credentials are NOT refused");
            registry.markBootstrapped();
            return;
        }
        String servers = bootstrapServers
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalStateException("kafka.bootstrap.servers is not set: the issuer follows"
                        + " the revocations topic (set KAFKA_BOOTSTRAP_SERVERS, or"
                        + " watchword.issuer.revocations.enabled=false to run without revocation)"));
        consumer = new KafkaConsumer<>(consumerProperties(servers));
        deadLetters = new KafkaProducer<>(producerProperties(servers));
        running = true;
        thread = new Thread(this::run, "watchword-revocation-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    private void run() {
        Map<TopicPartition, Long> bootstrapEnd = null;
        try {
            while (running) {
                try {
                    if (bootstrapEnd == null) {
                        bootstrapEnd = assignFromBeginning();
                    }
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        handle(record);
                    }
                    if (!registry.bootstrapped() && reached(bootstrapEnd)) {
                        registry.markBootstrapped();
                        LOG.infof("revocation registry bootstrapped: %d refused credential(s)", registry.size());
                    }
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOG.warnf("revocations topic unavailable, retrying: %s", e.getMessage());
                    sleep(config.revocations().retryBackoff());
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Map<TopicPartition, Long> assignFromBeginning() {
        List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + TOPIC + " does not exist yet");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(TOPIC, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                registry.forget(new String(record.key(), StandardCharsets.UTF_8));
            }
            return;
        }
        CredentialRevocationChanged change;
        try {
            // The serde enforces the schema's required fields (credentialId, status, ...).
            change = EventSerde.deserialize(record.value(), CredentialRevocationChanged.class);
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        registry.apply(change);
        // stored key status + published credential state (contracts); idempotent on replays
        statusUpdater.apply(change);
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        deadLetters.send(DeadLetters.of(record, CONSUMER, reason), (metadata, error) -> {
            if (error != null) {
                LOG.errorf(
                        "could not dead-letter %s-%d@%d: %s",
                        record.topic(), record.partition(), record.offset(), error.getMessage());
            }
        });
    }

    private Properties consumerProperties(String servers) {
        Properties properties = new Properties();
        // bootstrap.servers, security.protocol, ssl.*, sasl.* from the standard kafka.* settings.
        properties.putAll(kafkaSettings.consumer("issuer-revocation-follower"));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private Properties producerProperties(String servers) {
        Properties properties = new Properties();
        properties.putAll(kafkaSettings.producer("issuer-revocation-dead-letters"));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
