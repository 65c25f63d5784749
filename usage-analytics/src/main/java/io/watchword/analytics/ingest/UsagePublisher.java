package io.watchword.analytics.ingest;

import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.kit.kafka.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes an accepted batch of usage events in one Kafka transaction (acks=all, idempotent):
 * either every event of the batch becomes visible to the {@code read_committed} usage consumer, or
 * none does, so a 503 the client answers by resending the batch cannot double-count (decision
 * 0149). A small pool of transactional producers serves concurrent requests; a producer that
 * failed in a way Kafka cannot recover from is closed and replaced.
 */
@ApplicationScoped
public class UsagePublisher {

    private static final Logger LOG = Logger.getLogger(UsagePublisher.class);

    /** Kafka did not acknowledge the batch in time: nothing of it was committed. */
    public static class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaSettings kafka;
    private final AnalyticsConfig.Ingest config;
    private final String source;
    private final BlockingQueue<Slot> slots;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger generation = new AtomicInteger();

    private static final class Slot {
        KafkaProducer<String, byte[]> producer;
        boolean initialized;
    }

    @Inject
    public UsagePublisher(
            KafkaSettings kafka,
            AnalyticsConfig config,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "watchword.outbox.event-source")
                    String source) {
        this.kafka = kafka;
        this.config = config.ingest();
        this.source = source;
        this.slots = new ArrayBlockingQueue<>(this.config.producers());
        for (int i = 0; i < this.config.producers(); i++) {
            slots.add(new Slot());
        }
    }

    /** Publishes {@code events} atomically; returns once Kafka committed them (acks=all). */
    public void publish(List<ApiUsageRecorded> events) {
        if (events.isEmpty()) {
            return;
        }
        Duration timeout = config.sendTimeout();
        Slot slot;
        try {
            slot = slots.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", e);
        }
        if (slot == null) {
            throw new UnavailableException("every producer is busy", null);
        }
        try {
            if (slot.producer == null) {
                slot.producer =
                        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
                slot.initialized = false;
            }
            if (!slot.initialized) {
                slot.producer.initTransactions();
                slot.initialized = true;
            }
            slot.producer.beginTransaction();
            for (ApiUsageRecorded event : events) {
                slot.producer.send(EventRecords.toProducerRecord(event, source));
            }
            // Waits for every send (acks=all) and the commit marker, within max.block.ms.
            slot.producer.commitTransaction();
        } catch (RuntimeException e) {
            LOG.debugf("usage batch not published: %s", e.toString());
            discard(slot);
            throw new UnavailableException("Kafka did not acknowledge the batch", e);
        } finally {
            slots.add(slot);
        }
    }

    /**
     * After any failure the transaction's outcome on this producer is not worth guessing: abort
     * what can be aborted and start again with a new producer (new transactional id, so a commit
     * still in flight can never be confused with the next batch).
     */
    private void discard(Slot slot) {
        if (slot.producer != null) {
            try {
                slot.producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // closing a broken producer may fail; it is dropped either way
            }
        }
        slot.producer = null;
        slot.initialized = false;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(kafka.producer("analytics-ingest-" + instance));
        long timeout = config.sendTimeout().toMillis();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "usage-analytics-ingest-" + instance + "-" + generation.incrementAndGet());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout) + 1000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return props;
    }

    @PreDestroy
    void close() {
        for (Slot slot : slots) {
            discard(slot);
        }
    }
}
