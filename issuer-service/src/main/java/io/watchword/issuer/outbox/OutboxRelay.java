package io.watchword.issuer.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.WatchwordEvent;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in {@code seq} order and deletes them once every record of the
 * batch is acknowledged ({@code acks=all}, idempotent producer). Only the instance holding the
 * transaction-scoped advisory lock relays, so instances never interleave and order per key holds
 * (decision 0031). If Kafka is down the transaction rolls back, rows wait, and the next run
 * retries them; a retry may republish records already acknowledged (at-least-once: consumers
 * deduplicate on {@code eventId}).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming "the outbox relay" among PostgreSQL advisory locks. */
    static final long RELAY_LOCK = 0x5757_0001_0000_0001L;

    private record Row(long seq, String topic, String key, String type, byte[] payload, Instant createdAt) {}

    private final AgroalDataSource dataSource;
    private final IssuerConfig config;
    private final Counter published;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private volatile Instant lastSuccess = Instant.now();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private ScheduledExecutorService executor;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(AgroalDataSource dataSource, IssuerConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.published = Counter.builder("watchword.outbox.published")
                .description("Events published from the outbox to Kafka")
                .register(registry);
        Gauge.builder("watchword.outbox.backlog", backlog, AtomicLong::get)
                .description("Events in the outbox not yet published")
                .register(registry);
        Gauge.builder("watchword.outbox.lag.seconds", oldestAgeMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest unpublished event")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchword-outbox-relay");
            t.setDaemon(true);
            return t;
        });
        long interval = config.outbox().pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::runSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        closeProducer();
    }

    private void runSafely() {
        try {
            int n;
            do {
                n = relayOnce();
            } while (n >= config.outbox().batchSize());
        } catch (Exception e) {
            lastError = e.getMessage();
            lastErrorAt = Instant.now();
            LOG.warnf("outbox relay: publishing failed, events stay in the outbox and are retried: %s", e.getMessage());
            // A producer that timed out may hold a stale idempotence epoch: start from a fresh one.
            closeProducer();
        }
    }

    /** One batch: returns how many events were published (0 if another instance holds the lock). */
    int relayOnce() {
        return QuarkusTransaction.requiringNew()
                .timeout((int) config.outbox().sendTimeout().multipliedBy(3).toSeconds() + 5)
                .call(() -> {
                    try (Connection conn = dataSource.getConnection()) {
                        if (!tryLock(conn)) {
                            return 0;
                        }
                        refreshBacklog(conn);
                        List<Row> rows = fetch(conn, config.outbox().batchSize());
                        if (rows.isEmpty()) {
                            lastSuccess = Instant.now();
                            return 0;
                        }
                        publish(rows);
                        delete(conn, rows);
                        published.increment(rows.size());
                        lastSuccess = Instant.now();
                        backlog.addAndGet(-rows.size());
                        return rows.size();
                    }
                });
    }

    private static boolean tryLock(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void refreshBacklog(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*), min(created_at) FROM outbox");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
            java.sql.Timestamp oldest = rs.getTimestamp(2);
            oldestAgeMillis.set(oldest == null ? 0 : Math.max(0, System.currentTimeMillis() - oldest.getTime()));
        }
    }

    private static List<Row> fetch(Connection conn, int limit) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT seq, topic, partition_key, event_type, payload, created_at FROM outbox ORDER BY seq LIMIT ?")) {
            ps.setInt(1, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getBytes(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return rows;
        }
    }

    private void publish(List<Row> rows) throws Exception {
        KafkaProducer<String, byte[]> p = producer();
        String source = config.eventSource();
        // Build every record first, then send them in a tight loop: a run's records for one
        // partition then travel as one producer batch, which the broker appends atomically, so a
        // failure cannot leave a later event of a key published and an earlier one not (0031).
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            if (row.payload() != null) { // null: a tombstone, which has no event and no headers
                WatchwordEvent event = EventSerde.deserialize(row.payload(), row.type());
                for (Map.Entry<String, byte[]> h :
                        CloudEventHeaders.of(event, source).entrySet()) {
                    record.headers().add(new RecordHeader(h.getKey(), h.getValue()));
                }
            }
            records.add(record);
        }
        // Metadata first (throws if Kafka is unreachable): otherwise each send() waits for it on
        // its own, and when Kafka returns mid-loop the early records have failed while later
        // ones succeed, publishing a key's later event before its earlier one.
        for (String topic :
                records.stream().map(ProducerRecord::topic).distinct().toList()) {
            p.partitionsFor(topic);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (ProducerRecord<String, byte[]> record : records) {
            Future<RecordMetadata> ack = p.send(record);
            if (ack.isDone()) {
                ack.get(); // a failed send: stop before anything after it goes out
            }
            acks.add(ack);
        }
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Deletes exactly the rows published. Not {@code seq <= last}: a transaction that took a lower
     * seq may commit after the fetch, and its row must not be deleted unpublished.
     */
    private static void delete(Connection conn, List<Row> rows) throws SQLException {
        Long[] seqs = rows.stream().map(Row::seq).toArray(Long[]::new);
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM outbox WHERE seq = ANY(?)")) {
            ps.setArray(1, conn.createArrayOf("bigint", seqs));
            ps.executeUpdate();
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Duration timeout = config.outbox().sendTimeout();
            Properties props = new Properties();
            props.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            // Large enough that one relay run's records for a partition (batch-size events of about
            // 0.5 KB, spread over the partitions) fit in one batch; below the broker's default
            // message.max.bytes (1 MB) so a batch is never refused as too large.
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "watchword-issuer-outbox");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, timeout.toMillis() / 2)));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
            props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("closing outbox producer", e);
            }
            producer = null;
        }
    }

    /** For readiness: the oldest waiting event is younger than the allowed lag. */
    public boolean healthy() {
        return oldestAgeMillis.get() <= config.outbox().maxLag().toMillis();
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
