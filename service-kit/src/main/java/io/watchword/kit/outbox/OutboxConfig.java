package io.watchword.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The transactional outbox ({@code watchword.outbox.*}). Kafka connection settings are not here:
 * the relay takes them from the standard {@code kafka.*} properties (see {@code
 * io.watchword.kit.kafka.KafkaSettings}).
 */
@ConfigMapping(prefix = "watchword.outbox")
public interface OutboxConfig {

    /**
     * Longest pause between two relay passes. A commit that appended events wakes the relay at
     * once, so this is only the fallback (events written outside a JTA transaction, another
     * instance's writes).
     */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    /** Most events one relay pass publishes; a full pass is followed by another at once. */
    @WithDefault("500")
    int batchSize();

    /**
     * How long one pass waits for Kafka (metadata, acknowledgements) before its transaction rolls
     * back; the rows stay and the next pass continues waiting for the same sends.
     */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /**
     * How long the producer itself keeps retrying a batch it holds (Kafka's {@code
     * delivery.timeout.ms}). Only after that is a batch sent again, as a new copy.
     */
    @WithDefault("PT2M")
    Duration deliveryTimeout();

    /**
     * Age of the oldest waiting event above which the health check reports the outbox as lagging
     * (a detail and the {@code watchword_outbox_lagging} gauge; the check stays UP, see decision 0090).
     */
    @WithDefault("PT2M")
    Duration maxLag();

    /** The CloudEvents {@code source} of every event the service appends. */
    @WithDefault("/watchword/${quarkus.application.name}")
    String eventSource();
}
