package io.watchword.kit.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.kit.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in {@code seq} order and deletes exactly what Kafka acknowledged
 * (decisions 0031, 0051, 0090). The guarantees, each of which a past bug needed:
 *
 * <ul>
 *   <li><b>One relayer</b>: a pass runs in a transaction that first takes {@code
 *       pg_try_advisory_xact_lock}; other instances skip the pass. Order per key is commit order.
 *   <li><b>Metadata first</b>: the pass fetches the metadata of its topics before sending, so with
 *       Kafka away it fails before any record is handed over, instead of per-record waits that end
 *       mid-loop with early records failed and later ones sent.
 *   <li><b>Stop at the first failed send</b>: nothing after a failed record is handed over.
 *   <li><b>One batch per partition per pass</b>: a pass with at most one record per topic (a
 *       revocation and its audit record, a key's events: the hot path) goes through the
 *       <em>prompt</em> producer with {@code linger.ms=0}, each record leaving the moment it is
 *       handed over (decision 0235); a pass with several records for a topic is built first and
 *       sent in a tight loop through the <em>batching</em> producer ({@code linger.ms=20}, 512 KB
 *       {@code batch.size}), so its records for one partition travel as one batch that the broker
 *       appends atomically, and a {@code flush()} right after the loop sends those batches without
 *       waiting out the linger (decision 0206). A pass starts only once every record of the
 *       previous one was acknowledged, so the two producers never overtake each other.
 *   <li><b>Never resend a batch still in flight</b>: a pass that times out leaves its sends
 *       pending in the producer (which retries them itself for {@code delivery-timeout}); the next
 *       pass waits for those same sends instead of handing Kafka a second copy. Only a send that
 *       definitely failed is sent again, from a fresh producer (fresh idempotence epoch).
 *   <li><b>Delete exactly the published rows</b> ({@code seq = ANY(...)}), never {@code seq <=
 *       last}: a transaction holding a lower seq may commit after the fetch.
 * </ul>
 *
 * Delivery is at-least-once; consumers deduplicate on {@code ce_id}/{@code eventId}.
 */
@ApplicationScoped
@IfBuildProperty(name = "watchword.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * Names "the outbox relay" among PostgreSQL advisory locks. Advisory locks are per database and
     * every service has its own, so one constant serves all services.
     */
    static final long RELAY_LOCK = 0x5757_0001_0000_0001L;
    /** Fits one pass's records for a partition in one producer batch; below the broker's 1 MB limit. */
    static final int PRODUCER_BATCH_BYTES = 512 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private record Pending(
            List<Long> seqs,
            List<ProducerRecord<String, byte[]>> records,
            List<Future<RecordMetadata>> acks,
            Future<?> flushed) {}

    /**
     * Takes the relay lock and reads the pass's rows in ONE round trip: two statements sent
     * together; under READ COMMITTED the second takes its snapshot only after the first took the
     * lock, so it sees the previous holder's deletes (decision 0235).
     */
    static final String LOCK_AND_FETCH = "SELECT pg_try_advisory_xact_lock(?);"
            + " SELECT seq, topic, record_key, payload, headers::text FROM outbox ORDER BY seq LIMIT ?";

    private final AgroalDataSource dataSource;
    private final Event<OutboxPublished> publishedEvents;
    private final OutboxConfig config;
    private final KafkaSettings kafka;
    private final String clientId;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Counter published;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private volatile Instant lastPass = Instant.now();
    private volatile Instant lastSuccess = Instant.now();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile boolean running;
    private Thread thread;
    // Relay thread only (and stop() after the thread ended).
    /** {@code linger.ms=0}: passes with at most one record per topic (decision 0235). */
    private Producer<String, byte[]> prompt;
    /** {@code linger.ms=20} + flush: passes with several records for a topic (decisions 0031, 0206). */
    private Producer<String, byte[]> producer;

    private Pending pending;
    /**
     * Ends the linger of a pass's batches at once (decision 0206): {@code flush()} blocks until
     * they are acknowledged, so it runs here and the relay thread keeps its own deadlines.
     */
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watchword-outbox-flush");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public OutboxRelay(
            AgroalDataSource dataSource,
            Event<OutboxPublished> publishedEvents,
            OutboxConfig config,
            KafkaSettings kafka,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "watchword") String application) {
        this.dataSource = dataSource;
        this.publishedEvents = publishedEvents;
        this.config = config;
        this.kafka = kafka;
        this.clientId = application + "-outbox-relay";
        this.published = Counter.builder("watchword.outbox.published")
                .description("Events published from the outbox to Kafka")
                .register(registry);
        Gauge.builder("watchword.outbox.backlog", backlog, AtomicLong::get)
                .description("Events in the outbox not yet published")
                .register(registry);
        Gauge.builder("watchword.outbox.lag.seconds", oldestAgeMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest unpublished event")
                .register(registry);
        Gauge.builder("watchword.outbox.lagging", this, r -> r.lagging() ? 1 : 0)
                .description("1 while the oldest unpublished event is older than watchword.outbox.max-lag")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::loop, "watchword-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer(Duration.ofSeconds(2));
        flusher.shutdownNow();
    }

    /** Asks for a pass now (after a commit that appended events). */
    public void wake() {
        wakeUp.release();
    }

    private void loop() {
        while (running) {
            try {
                wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                int sent;
                do {
                    sent = QuarkusTransaction.requiringNew()
                            .timeout((int) config.sendTimeout().multipliedBy(2).toSeconds() + 30)
                            .call(this::relayOnce);
                } while (running && sent >= config.batchSize());
                lastError = null;
                lastSuccess = Instant.now();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka down or the database gone: the rows stay and a later pass tries again.
                if (lastError == null) {
                    LOG.warnf(
                            "outbox relay: publishing failed, events stay in the outbox and are retried: %s",
                            e.getMessage());
                }
                lastError = String.valueOf(e.getMessage());
                lastErrorAt = Instant.now();
                refreshBacklog();
                sleep(config.pollInterval().toMillis());
            } finally {
                lastPass = Instant.now();
            }
        }
    }

    /** One pass: how many events were published (0 if another instance holds the lock). */
    int relayOnce() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            List<Row> rows = pending == null ? lockAndFetch(connection) : tryLock(connection) ? List.of() : null;
            if (rows == null) {
                if (pending != null) {
                    // Another instance relays now and will publish these rows itself; sends of ours
                    // landing after its newer records would put a stale value last on a compacted
                    // topic. Abort them.
                    pending = null;
                    closeProducer(Duration.ZERO);
                }
                return 0;
            }
            if (pending == null) {
                pending = send(rows);
            }
            // While Kafka acknowledges: off the path from commit to topic.
            refreshBacklog(connection);
            awaitPending();
            List<Long> seqs = pending.seqs();
            announce(pending);
            pending = null;
            if (seqs.isEmpty()) {
                return 0;
            }
            delete(connection, seqs);
            published.increment(seqs.size());
            backlog.addAndGet(-seqs.size());
            return seqs.size();
        }
    }

    private record Row(long seq, ProducerRecord<String, byte[]> record) {}

    private Pending send(List<Row> rows) throws Exception {
        if (rows.isEmpty()) {
            return new Pending(List.of(), List.of(), List.of(), CompletableFuture.completedFuture(null));
        }
        boolean onePerTopic =
                rows.stream().map(r -> r.record().topic()).distinct().count() == rows.size();
        Producer<String, byte[]> p = onePerTopic ? prompt() : producer();
        List<Long> seqs = new ArrayList<>(rows.size());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        try {
            // Metadata first: throws (after send-timeout) while Kafka is unreachable, before any
            // record is handed over.
            for (String topic :
                    rows.stream().map(r -> r.record().topic()).distinct().toList()) {
                p.partitionsFor(topic);
            }
            // Every record is built already: a tight loop, so one partition's records form one batch.
            for (Row row : rows) {
                Future<RecordMetadata> ack = p.send(row.record());
                if (ack.isDone()) {
                    ack.get(); // failed at once: stop before anything after it goes out
                }
                seqs.add(row.seq());
                records.add(row.record());
                acks.add(ack);
            }
            // Every record of the pass is in its partition's batch now; flushing makes those
            // batches sendable at once instead of after linger.ms, without splitting them. The
            // prompt producer sent each record as it was handed over: nothing to flush.
            Future<?> flushed = onePerTopic ? CompletableFuture.completedFuture(null) : flusher.submit(() -> flush(p));
            return new Pending(seqs, records, acks, flushed);
        } catch (Exception e) {
            // Some records may be on their way while later ones never will: drop them all and
            // start from the oldest row with a fresh producer.
            closeProducer(Duration.ZERO);
            throw e;
        }
    }

    private static void flush(Producer<String, byte[]> p) {
        try {
            p.flush();
        } catch (RuntimeException e) {
            // Closed under it (a failed pass, a lost lock): the acks report what happened.
            LOG.debug("outbox flush ended early", e);
        }
    }

    /**
     * Tells observers where each acknowledged record landed (topic, partition, offset), on this
     * thread, inside the pass's transaction: a service that must know when its event reached every
     * reader (revocation receipts, decision 0166) learns the offset without reading its own topic.
     * An observer's failure never fails the pass: the records are in Kafka already.
     */
    private void announce(Pending done) {
        if (done.records().isEmpty()) {
            return;
        }
        List<OutboxPublished.Record> list = new ArrayList<>(done.records().size());
        for (int i = 0; i < done.records().size(); i++) {
            ProducerRecord<String, byte[]> record = done.records().get(i);
            RecordMetadata metadata;
            try {
                metadata = done.acks().get(i).get();
            } catch (Exception e) {
                continue; // not reached: awaitPending saw every ack succeed
            }
            var id = record.headers().lastHeader("ce_id");
            list.add(new OutboxPublished.Record(
                    record.topic(),
                    record.key(),
                    metadata.partition(),
                    metadata.offset(),
                    id == null ? null : new String(id.value(), StandardCharsets.UTF_8)));
        }
        try {
            publishedEvents.fire(new OutboxPublished(list));
        } catch (RuntimeException e) {
            LOG.warnf("an observer of published outbox records failed: %s", e.toString());
        }
    }

    /**
     * Waits up to {@code send-timeout} for the pending sends. A timeout leaves them pending (the
     * producer keeps retrying them); a definite failure drops them so the rows are sent again.
     */
    private void awaitPending() throws Exception {
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        // The flush first: while it runs, the producer sends every new batch at once, so a next
        // pass's records could be split into several batches of one partition (decision 0031).
        try {
            pending.flushed().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // flush() never throws out of flush(Producer); the acks below say what failed.
        }
        for (Future<RecordMetadata> ack : pending.acks()) {
            try {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                pending = null;
                // A producer whose batch expired may hold a stale idempotence epoch.
                closeProducer(Duration.ZERO);
                throw e;
            }
        }
    }

    /** The pass's rows in {@code seq} order, or null when another instance holds the relay lock. */
    private List<Row> lockAndFetch(Connection connection) throws SQLException, java.io.IOException {
        try (PreparedStatement select = connection.prepareStatement(LOCK_AND_FETCH)) {
            select.setLong(1, RELAY_LOCK);
            select.setInt(2, config.batchSize());
            if (!select.execute()) {
                throw new SQLException("the relay lock query returned no result");
            }
            try (ResultSet lock = select.getResultSet()) {
                if (!lock.next() || !lock.getBoolean(1)) {
                    return null; // the rows read without the lock are not looked at
                }
            }
            if (!select.getMoreResults()) {
                throw new SQLException("the outbox query returned no result");
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = select.getResultSet()) {
                while (result.next()) {
                    ProducerRecord<String, byte[]> record =
                            new ProducerRecord<>(result.getString(2), result.getString(3), result.getBytes(4));
                    Map<String, String> headers = JSON.readValue(result.getString(5), HEADERS);
                    headers.forEach(
                            (name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                    rows.add(new Row(result.getLong(1), record));
                }
            }
            return rows;
        }
    }

    private static void delete(Connection connection, List<Long> seqs) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE seq = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", seqs.toArray()));
            delete.executeUpdate();
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private void refreshBacklog() {
        try (Connection connection = dataSource.getConnection()) {
            refreshBacklog(connection);
        } catch (SQLException | RuntimeException e) {
            // The database is the problem then; the health check shows the relay's last error.
        }
    }

    private void refreshBacklog(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*), min(created_at) FROM outbox");
                ResultSet result = count.executeQuery()) {
            result.next();
            backlog.set(result.getLong(1));
            Timestamp oldest = result.getTimestamp(2);
            oldestAgeMillis.set(oldest == null ? 0 : Math.max(0, System.currentTimeMillis() - oldest.getTime()));
        }
    }

    private Producer<String, byte[]> prompt() {
        if (prompt == null) {
            Map<String, Object> props = producerSettings(clientId + "-prompt");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            prompt = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return prompt;
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = producerSettings(clientId);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private Map<String, Object> producerSettings(String id) {
        Map<String, Object> props = kafka.producer(id);
        long sendTimeout = config.sendTimeout().toMillis();
        long deliveryTimeout = Math.max(config.deliveryTimeout().toMillis(), sendTimeout + 1_000);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout);
        int requestTimeout = (int) Math.max(1_000, sendTimeout / 2);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(deliveryTimeout, requestTimeout + 20L));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return props;
    }

    /** Closes both producers: whatever either still holds is dropped (a fresh idempotence epoch). */
    private void closeProducer(Duration timeout) {
        producer = close(producer, timeout);
        prompt = close(prompt, timeout);
    }

    private static Producer<String, byte[]> close(Producer<String, byte[]> p, Duration timeout) {
        if (p != null) {
            try {
                p.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("closing an outbox producer", e);
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The relay thread is alive and has finished a pass recently. */
    public boolean isRunning() {
        return running
                && thread != null
                && thread.isAlive()
                && Duration.between(lastPass, Instant.now())
                                .compareTo(config.sendTimeout().multipliedBy(2).plusMinutes(1))
                        < 0;
    }

    /** The oldest waiting event is older than {@code watchword.outbox.max-lag}. */
    public boolean lagging() {
        return oldestAgeMillis.get() > config.maxLag().toMillis();
    }

    public long backlog() {
        return backlog.get();
    }

    public double lagSeconds() {
        return oldestAgeMillis.get() / 1000.0;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }
}
