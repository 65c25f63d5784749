package io.watchword.revocation.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in id order and deletes what Kafka acknowledged. Only the holder
 * of a PostgreSQL advisory lock relays, so with several instances one publishes and order per key
 * holds; while Kafka is down rows simply wait (see docs/decisions/0051).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: "wwrevoc" as a number, shared by every instance of this service. */
    static final long ADVISORY_LOCK = 0x7777_7265_766f_63L;

    private final AgroalDataSource dataSource;
    private final KafkaClients kafka;
    private final ObjectMapper mapper;
    private final RevocationConfig config;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicReference<Instant> lastPass = new AtomicReference<>(Instant.now());
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;
    private Producer<String, byte[]> producer;
    /** A batch handed to the producer whose acknowledgements are still outstanding (relay thread only). */
    private List<Long> pendingIds;

    private List<Future<RecordMetadata>> pendingAcks;

    @Inject
    public OutboxRelay(
            AgroalDataSource dataSource,
            KafkaClients kafka,
            ObjectMapper mapper,
            RevocationConfig config,
            MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.mapper = mapper;
        this.config = config;
        metrics.gauge("watchword.outbox.backlog", backlog);
        metrics.more().counter("watchword.outbox.published", List.of(), published);
    }

    void start(@Observes StartupEvent startup) {
        producer = kafka.producer("revocation-outbox-relay");
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
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
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }

    /** Asks for a pass now (after a commit that appended events). */
    public void wake() {
        wakeUp.release();
    }

    public long backlog() {
        return backlog.get();
    }

    public Instant lastPass() {
        return lastPass.get();
    }

    public String lastError() {
        return lastError.get();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void loop() {
        while (running) {
            try {
                wakeUp.tryAcquire(config.outbox().interval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                int sent;
                do {
                    sent = QuarkusTransaction.requiringNew()
                            .timeout((int) config.outbox().sendTimeout().toSeconds() + 30)
                            .call(this::relayBatch);
                } while (running && sent >= config.outbox().batchSize());
                lastError.set(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka down or database gone: the rows stay and the next pass tries again.
                if (lastError.get() == null) {
                    LOG.warnf("outbox relay pass failed, will retry: %s", e.getMessage());
                }
                lastError.set(String.valueOf(e.getMessage()));
                refreshBacklog();
                sleepQuietly(config.outbox().interval().toMillis());
            } finally {
                lastPass.set(Instant.now());
            }
        }
    }

    private int relayBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            if (!tryLock(connection)) {
                return 0;
            }
            if (pendingAcks == null) {
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, topic, record_key, payload, headers::text FROM outbox ORDER BY id LIMIT ?")) {
                    select.setInt(1, config.outbox().batchSize());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong(1));
                            ProducerRecord<String, byte[]> record =
                                    new ProducerRecord<>(rows.getString(2), rows.getString(3), rows.getBytes(4));
                            Map<String, String> headers = mapper.readValue(rows.getString(5), new TypeReference<>() {});
                            headers.forEach((name, value) ->
                                    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                            acks.add(producer.send(record));
                        }
                    }
                }
                pendingIds = ids;
                pendingAcks = acks;
            }
            // While Kafka is away the producer keeps retrying the batch it holds (idempotently); a
            // pass that times out leaves it pending and the next pass waits for the same sends
            // instead of handing Kafka a second copy of every record.
            awaitPending();
            List<Long> ids = pendingIds;
            pendingIds = null;
            pendingAcks = null;
            if (!ids.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
                    delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                    delete.executeUpdate();
                }
                published.addAndGet(ids.size());
            }
            backlog.set(count(connection));
            return ids.size();
        }
    }

    private void awaitPending() throws Exception {
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : pendingAcks) {
            try {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // Kafka refused or the producer gave up: send the rows again on the next pass.
                pendingIds = null;
                pendingAcks = null;
                throw e;
            }
        }
    }

    private void refreshBacklog() {
        try (Connection connection = dataSource.getConnection()) {
            backlog.set(count(connection));
        } catch (SQLException | RuntimeException e) {
            // The database is the problem then; the health check shows the relay's last error.
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, ADVISORY_LOCK);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox");
                ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
