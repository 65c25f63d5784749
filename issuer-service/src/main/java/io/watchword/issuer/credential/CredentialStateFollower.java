package io.watchword.issuer.credential;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.events.Topics;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.kit.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows {@code watchword.credential-state.v1} — the state of every key, published by whichever
 * issuer instance changed it — and forgets each changed credential from this instance's
 * {@link CredentialLookup} (decision 0271). That is what lets a cached key live {@code
 * keys.cache-max-age} instead of {@code keys.cache-ttl}: a change on another instance is seen as
 * soon as its state reaches the topic, not when the entry happens to expire.
 *
 * <p>Only the record key (the credential id) is used: any record, tombstone or not, means "read
 * this credential again", so no record can be refused and nothing is dead-lettered here.
 */
@ApplicationScoped
public class CredentialStateFollower {

    private static final Logger LOG = Logger.getLogger(CredentialStateFollower.class);

    private final CredentialLookup lookup;
    private final IssuerConfig config;
    private final KafkaSettings kafkaSettings;
    private final Optional<String> bootstrapServers;
    private CompactedTopicFollower follower;

    public CredentialStateFollower(
            CredentialLookup lookup,
            IssuerConfig config,
            KafkaSettings kafkaSettings,
            @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrapServers) {
        this.lookup = lookup;
        this.config = config;
        this.kafkaSettings = kafkaSettings;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        if (!config.keys().followCredentialState()
                || bootstrapServers.filter(value -> !value.isBlank()).isEmpty()) {
            LOG.warnf(
                    "not following %s: cached keys live at most keys.cache-ttl (%s)",
                    Topics.CREDENTIAL_STATE.name(), config.keys().cacheTtl());
            return;
        }
        follower = CompactedTopicFollower.builder()
                .topic(Topics.CREDENTIAL_STATE.name())
                .consumerName("issuer-service")
                .kafkaProperties(kafkaSettings.consumer("issuer-credential-state-follower"))
                .deadLettering(false)
                .handler(this::handle)
                .build();
        lookup.trustInvalidationsOf(follower);
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() != null) {
            lookup.invalidate(new String(record.key(), StandardCharsets.UTF_8));
        }
    }
}
