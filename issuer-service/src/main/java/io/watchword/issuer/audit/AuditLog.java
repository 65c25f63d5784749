package io.watchword.issuer.audit;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.kit.kafka.KafkaSettings;
import io.watchword.kit.outbox.OutboxConfig;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Durable audit for everything that is not a change (token issues, reads, refusals): each caller
 * returns once its record is durable (decision 0032), in one of two places (decision 0282).
 *
 * <ul>
 *   <li><b>Kafka first</b> ({@code watchword.issuer.audit.path=kafka-first}, the default): one
 *       writer thread hands the records gathered since its last write to an idempotent {@code
 *       acks=all} producer, flushes them (one request per partition) and waits for the broker's
 *       acknowledgements: a group commit on the audit topic, which is where the records go anyway.
 *       Nothing is written to PostgreSQL, so an audited token costs the database nothing.
 *   <li><b>The outbox</b> (group commit): the records gathered since the last write go into the
 *       outbox in one multi-row insert and one commit; the relay publishes them. Used for every
 *       record Kafka did not acknowledge within {@code kafka-timeout}, for every record while Kafka
 *       is paused after such a failure ({@code kafka-retry-after}), and always with {@code
 *       path=outbox}. So an unreachable broker delays the first records by {@code kafka-timeout}
 *       and never refuses a token while PostgreSQL is up.
 * </ul>
 *
 * A record acknowledged by Kafka after its timeout was also written to the outbox: it then appears
 * twice on the topic with the same event id, which consumers deduplicate on (at-least-once, as
 * the relay already is).
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /** One record and its caller's future. */
    private record Pending(AuditRecorded event, CompletableFuture<Void> done) {}

    /** Where records go first. */
    public enum Path {
        KAFKA_FIRST,
        OUTBOX
    }

    /** Commits records to the outbox, all or none. */
    @FunctionalInterface
    interface OutboxSink {
        void write(List<AuditRecorded> events) throws Exception;
    }

    private final IssuerConfig.Audit config;
    private final OutboxSink outbox;
    private final String eventSource;
    private final Function<String, Producer<String, byte[]>> producers;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Counter viaKafka;
    private final Counter viaOutbox;
    private volatile Thread writer;
    private volatile boolean running;
    /** Writer thread only. */
    private Producer<String, byte[]> producer;
    /** Writer thread only: until when records skip Kafka after a failure ({@link System#nanoTime()}). */
    private long kafkaPausedUntil = System.nanoTime();

    @Inject
    public AuditLog(
            AgroalDataSource dataSource,
            IssuerConfig config,
            OutboxWriter outbox,
            OutboxConfig outboxConfig,
            KafkaSettings kafka,
            MeterRegistry meters) {
        this(
                config.audit(),
                events -> {
                    try (Connection conn = dataSource.getConnection()) {
                        // One statement in auto-commit: one commit for the whole batch.
                        outbox.insertEvents(conn, events);
                    }
                },
                outboxConfig.eventSource(),
                clientId -> newProducer(kafka, config.audit(), clientId),
                meters);
    }

    AuditLog(
            IssuerConfig.Audit config,
            OutboxSink outbox,
            String eventSource,
            Function<String, Producer<String, byte[]>> producers,
            MeterRegistry meters) {
        if (config.path() == Path.KAFKA_FIRST && config.kafkaTimeout().compareTo(config.timeout()) >= 0) {
            throw new IllegalArgumentException("watchword.issuer.audit.kafka-timeout (" + config.kafkaTimeout()
                    + ") must be shorter than watchword.issuer.audit.timeout (" + config.timeout()
                    + "): a record Kafka does not acknowledge needs the rest of it to reach the outbox");
        }
        this.config = config;
        this.outbox = outbox;
        this.eventSource = eventSource;
        this.producers = producers;
        this.viaKafka = Counter.builder("watchword.audit.records")
                .description("Audit records made durable, by where: Kafka directly or the outbox")
                .tag("path", "kafka")
                .register(meters);
        this.viaOutbox = Counter.builder("watchword.audit.records")
                .description("Audit records made durable, by where: Kafka directly or the outbox")
                .tag("path", "outbox")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void start() {
        running = true;
        Thread t = new Thread(this::run, "watchword-audit-writer");
        t.setDaemon(true);
        t.start();
        writer = t;
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    void stop() {
        running = false;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer(config.kafkaTimeout());
    }

    /**
     * Returns once the record is durable (acknowledged by Kafka, or committed to the outbox).
     *
     * @throws AuditUnavailableException if it could not be made durable in time
     */
    public void record(AuditRecorded event) {
        CompletableFuture<Void> done = recordAsync(event);
        try {
            done.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording audit", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("audit record could not be made durable", e);
        }
    }

    /** Queues the record without waiting (for callers on an event-loop thread, which must not block). */
    public CompletableFuture<Void> recordAsync(AuditRecorded event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(event, done));
        return done;
    }

    private void run() {
        int max = config.maxBatch();
        List<Pending> batch = new ArrayList<>(max);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Pending> toOutbox = config.path() == Path.KAFKA_FIRST && !kafkaPaused() ? sendToKafka(batch) : batch;
        if (!toOutbox.isEmpty()) {
            writeToOutbox(toOutbox);
        }
    }

    private boolean kafkaPaused() {
        return System.nanoTime() - kafkaPausedUntil < 0;
    }

    private record Sent(Pending pending, CompletableFuture<Void> acknowledged) {}

    /**
     * Sends the group as one request per partition and waits for the broker's acknowledgements:
     * the Kafka form of a group commit. Each acknowledgement completes its caller at once; returns
     * the records that were not acknowledged in time, for the outbox.
     */
    private List<Pending> sendToKafka(List<Pending> group) {
        List<Pending> failed = new ArrayList<>();
        if (group.isEmpty()) {
            return failed;
        }
        long deadline = System.nanoTime() + config.kafkaTimeout().toNanos();
        List<Sent> sent = new ArrayList<>(group.size());
        Producer<String, byte[]> p;
        try {
            p = producer();
        } catch (RuntimeException e) {
            // The producer cannot even be built (settings, security): the outbox it is, for now.
            kafkaFailed(e);
            return new ArrayList<>(group);
        }
        for (int i = 0; i < group.size(); i++) {
            Pending pending = group.get(i);
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            try {
                p.send(EventRecords.toProducerRecord(pending.event(), eventSource), (metadata, failure) -> {
                    if (failure == null) {
                        // Released here, on the producer's I/O thread: one thread hop fewer between
                        // the broker's answer and the caller's. A record the writer already gave
                        // to the outbox (too late) stays completed by the outbox.
                        if (pending.done().complete(null)) {
                            viaKafka.increment();
                        }
                        acknowledged.complete(null);
                    } else {
                        acknowledged.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                // Metadata not available within max.block.ms (the broker is away), or the producer
                // closed: this record and the rest of the group go to the outbox.
                kafkaFailed(e);
                closeProducer(Duration.ZERO);
                failed.addAll(group.subList(i, group.size()));
                break;
            }
            sent.add(new Sent(pending, acknowledged));
        }
        if (producer != null) {
            try {
                // linger.ms holds the group's records in their partitions' batches until now.
                producer.flush();
            } catch (RuntimeException e) {
                LOG.debug("audit producer flush ended early", e);
            }
        }
        for (Sent record : sent) {
            try {
                // The callback completed the caller already; only what failed is left to do here.
                record.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(record.pending());
            } catch (ExecutionException e) {
                kafkaFailed(e.getCause());
                failed.add(record.pending());
            } catch (TimeoutException e) {
                kafkaFailed(new TimeoutException("no acknowledgement within " + config.kafkaTimeout()));
                failed.add(record.pending());
            }
        }
        if (!failed.isEmpty() && producer != null) {
            // A producer whose batch expired may keep a stale idempotence epoch; start afresh.
            closeProducer(Duration.ZERO);
        }
        return failed;
    }

    /** Pauses the Kafka path: the records of the next {@code kafka-retry-after} go to the outbox. */
    private void kafkaFailed(Throwable failure) {
        long now = System.nanoTime();
        boolean wasOn = now - kafkaPausedUntil >= 0;
        kafkaPausedUntil = now + config.kafkaRetryAfter().toNanos();
        if (wasOn) {
            LOG.warnf(
                    "audit: Kafka did not acknowledge a record (%s); audit records go to the outbox for %s, then Kafka is tried again",
                    failure.getMessage(), config.kafkaRetryAfter());
        }
    }

    private void writeToOutbox(List<Pending> batch) {
        try {
            outbox.write(batch.stream().map(Pending::event).toList());
            viaOutbox.increment(batch.size());
            batch.forEach(p -> p.done().complete(null));
        } catch (Exception e) {
            LOG.warnf("audit batch of %d records failed: %s", batch.size(), e.getMessage());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producers.apply("watchword-issuer-audit");
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        Producer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(timeout); // fails what it still holds: their callbacks send them to the outbox
            } catch (RuntimeException e) {
                LOG.debug("closing the audit producer", e);
            }
        }
    }

    /**
     * {@code acks=all} and idempotent: acknowledged means in every in-sync replica. Every timeout is
     * {@code kafka-timeout}, so a record is either acknowledged or failed (and then written to the
     * outbox) within it, and a caller's {@code audit.timeout} leaves room for the outbox.
     */
    static Producer<String, byte[]> newProducer(KafkaSettings kafka, IssuerConfig.Audit config, String clientId) {
        Map<String, Object> props = kafka.producer(clientId);
        int timeout = (int) Math.max(2, config.kafkaTimeout().toMillis());
        // The writer hands over a group and flushes it at once: the linger only keeps the sender
        // from cutting the group into many small requests while it is being handed over.
        int linger = Math.max(1, Math.min(100, timeout / 4));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Uncompressed: a compressed batch costs CPU twice (the producer packs it, the broker
        // unpacks it to validate), and audit records are a few hundred bytes each.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // A send is acknowledged or failed within kafka-timeout (delivery.timeout.ms must cover
        // linger.ms + request.timeout.ms), so flush() returns by then too.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout - linger);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
