package io.watchword.issuer.token.revocation;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.core.follow.MalformedRecordException;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.kit.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows {@code watchword.revocations.v1} into the {@link RevocationRegistry}.
 *
 * <p>The Kafka reading is the core's {@link CompactedTopicFollower}: every partition from the
 * beginning with no consumer group (the registry is a full local copy), bootstrapped once the end
 * offsets seen at start are reached, retries with backoff while the broker is away. A record that
 * is not a valid {@link CredentialRevocationChanged} goes to the dead-letter topic with the reason
 * in headers and is skipped; it never blocks the partition.
 */
@ApplicationScoped
public class RevocationFollower {

    private static final Logger LOG = Logger.getLogger(RevocationFollower.class);
    private static final String CONSUMER = "issuer-service";

    private final RevocationRegistry registry = new RevocationRegistry();
    private final TokenConfig config;
    private final KafkaSettings kafkaSettings;
    private final Optional<String> bootstrapServers;
    private final CredentialStatusUpdater statusUpdater;
    private CompactedTopicFollower follower;
    private Thread bootstrapWatch;

    public RevocationFollower(
            TokenConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers,
            KafkaSettings kafkaSettings,
            CredentialStatusUpdater statusUpdater) {
        this.config = config;
        this.kafkaSettings = kafkaSettings;
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
        bootstrapServers
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalStateException("kafka.bootstrap.servers is not set: the issuer follows"
                        + " the revocations topic (set KAFKA_BOOTSTRAP_SERVERS, or"
                        + " watchword.issuer.revocations.enabled=false to run without revocation)"));
        follower = CompactedTopicFollower.builder()
                .topic(Topics.REVOCATIONS.name())
                .consumerName(CONSUMER)
                // bootstrap.servers, security.protocol, ssl.*, sasl.* from the standard kafka.* settings
                .kafkaProperties(kafkaSettings.consumer("issuer-revocation-follower"))
                .retryBackoff(config.revocations().retryBackoff(), Duration.ofSeconds(5))
                .handler(this::handle)
                .build();
        follower.start();
        bootstrapWatch = new Thread(this::markWhenBootstrapped, "watchword-revocation-bootstrap");
        bootstrapWatch.setDaemon(true);
        bootstrapWatch.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (follower != null) {
            bootstrapWatch.interrupt();
            follower.close();
        }
    }

    private void markWhenBootstrapped() {
        try {
            while (!follower.awaitBootstrapped(Duration.ofSeconds(1))) {
                // keep waiting: readiness stays DOWN until the registry is complete
            }
            registry.markBootstrapped();
            LOG.infof("revocation registry bootstrapped: %d refused credential(s)", registry.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            // Typed by ce_type and checked against the topic; the serde enforces required fields.
            if (!(EventRecords.read(record) instanceof CredentialRevocationChanged revocation)) {
                throw new MalformedRecordException("not a CredentialRevocationChanged event");
            }
            change = revocation;
        } catch (InvalidEventException e) {
            throw new MalformedRecordException(e.getMessage(), e);
        }
        registry.apply(change);
        // stored key status + published credential state (contracts); idempotent on replays
        statusUpdater.apply(change);
    }
}
