package io.watchword.client.fleet;

import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.PartitionOffset;
import io.watchword.events.v1.VerifierStatusReported;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces this verifier instance on the fleet topic ({@code watchword.verifier-fleet.v1}) and
 * keeps reporting the revocation and credential-state offsets it has applied, so the
 * revocation-service can tell when a revocation reached every live verifier (decision 0165).
 *
 * <p>A report goes out the moment the revocation feed applied something new (a revocation's
 * receipt waits for it, decision 0236), coalesced rather than timed: at most one such report is
 * in flight, and whatever the feed applies meanwhile goes in the next one, sent as soon as the
 * broker acknowledged the previous — a burst of revocations costs a report per broker round trip,
 * not one per record. Progress of the credential-state feed alone is reported at most once per
 * {@code minInterval}; a report also goes out when the feed turns stale or fresh again, and
 * otherwise every {@code heartbeat} so readers know the instance is alive. Sends never block the
 * feeds: the feeds only wake this reporter's own thread. On {@link #close()} the instance says it
 * is leaving and writes its tombstone.
 */
public final class FleetReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetReporter.class);

    private final Map<String, Object> kafkaProperties;
    private final String instanceId;
    private final String service;
    private final String host;
    private final Instant startedAt;
    private final Supplier<Map<Integer, Long>> revocationPositions;
    private final Supplier<Map<Integer, Long>> statePositions;
    private final BooleanSupplier stale;
    private final Duration maxStaleness;
    private final Duration minInterval;
    private final Duration heartbeat;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile long reportsSent;
    /** A report is on its way to the broker; revocation progress waits for its acknowledgement. */
    private final AtomicBoolean inFlight = new AtomicBoolean();

    private Thread thread;
    private KafkaProducer<String, byte[]> producer;
    // Reporter thread only.
    private Instant staleSince;

    public FleetReporter(
            Map<String, ?> kafkaProperties,
            String instanceId,
            String service,
            String host,
            Supplier<Map<Integer, Long>> revocationPositions,
            Supplier<Map<Integer, Long>> statePositions,
            BooleanSupplier stale,
            Duration maxStaleness,
            Duration minInterval,
            Duration heartbeat,
            Clock clock) {
        this.kafkaProperties = new HashMap<>(kafkaProperties);
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.service = service;
        this.host = host;
        this.revocationPositions = revocationPositions;
        this.statePositions = statePositions;
        this.stale = stale;
        this.maxStaleness = maxStaleness;
        this.minInterval = minInterval;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** A fresh id per process start: {@code <service>-<12 hex digits>}; never reused. */
    public static String newInstanceId(String service) {
        String prefix = service == null || service.isBlank() ? "verifier" : service;
        if (prefix.length() > 80) {
            prefix = prefix.substring(0, 80);
        }
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public String instanceId() {
        return instanceId;
    }

    public long reportsSent() {
        return reportsSent;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "watchword-fleet-reporter");
        thread.setDaemon(true);
        thread.start();
    }

    /** The feeds moved: report soon (called on a feed's thread; never blocks). */
    public void changed() {
        wake.release();
    }

    private void run() {
        long lastSent = 0;
        Map<Integer, Long> lastRevocations = null;
        Map<Integer, Long> lastStates = null;
        boolean lastStale = false;
        // Staleness changes by the clock alone: look at it at least this often.
        long check = Math.min(heartbeat.toMillis(), 250);
        long pause = check;
        while (running) {
            try {
                wake.tryAcquire(pause, TimeUnit.MILLISECONDS);
                pause = check;
                if (!running) {
                    break;
                }
                wake.drainPermits();
                long now = clock.millis();
                Map<Integer, Long> revocations = revocationPositions.get();
                Map<Integer, Long> states = statePositions.get();
                boolean isStale = stale.getAsBoolean();
                if (!revocations.equals(lastRevocations)) {
                    // A receipt waits for this: at once, unless a report is in flight (its
                    // acknowledgement wakes us and the newest positions go then).
                    if (inFlight.get()) {
                        continue;
                    }
                } else {
                    boolean due = now - lastSent >= heartbeat.toMillis()
                            || isStale != lastStale
                            || !states.equals(lastStates);
                    if (!due) {
                        continue;
                    }
                    long wait = lastSent + minInterval.toMillis() - now;
                    if (wait > 0) {
                        // At most one per interval; a revocation applied meanwhile wakes us earlier.
                        pause = wait;
                        continue;
                    }
                }
                send(report(revocations, states, isStale, false));
                lastSent = now;
                lastRevocations = revocations;
                lastStates = states;
                lastStale = isStale;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka away: the next heartbeat tries again; the fleet marks us gone after its TTL.
                LOG.debug("fleet report failed: {}", e.toString());
            }
        }
    }

    private VerifierStatusReported report(
            Map<Integer, Long> revocations, Map<Integer, Long> states, boolean isStale, boolean leaving) {
        Instant now = clock.instant();
        if (isStale && staleSince == null) {
            staleSince = now;
        } else if (!isStale) {
            staleSince = null;
        }
        return new VerifierStatusReported(
                UUID.randomUUID(),
                now,
                VerifierStatusReported.PLATFORM_TENANT,
                instanceId,
                service,
                host,
                startedAt,
                offsets(revocations),
                offsets(states),
                isStale,
                staleSince,
                maxStaleness.toMillis(),
                leaving);
    }

    private static List<PartitionOffset> offsets(Map<Integer, Long> positions) {
        List<PartitionOffset> list = new ArrayList<>(positions.size());
        positions.forEach((partition, offset) -> list.add(new PartitionOffset(partition, offset)));
        list.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return list;
    }

    private void send(VerifierStatusReported status) {
        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(status, source());
        inFlight.set(true);
        try {
            producer().send(record, (metadata, error) -> {
                if (error == null) {
                    reportsSent++;
                } else {
                    LOG.debug("fleet report not delivered: {}", error.toString());
                }
                inFlight.set(false);
                wake.release(); // what the feeds applied meanwhile goes now
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            throw e;
        }
    }

    private String source() {
        return "/watchword/client/" + (service == null ? "unnamed-service" : service);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            Set<String> producerKeys = ProducerConfig.configNames();
            // Only what a producer knows (connection, TLS, SASL); the consumers' settings would be warned about.
            kafkaProperties.forEach((key, value) -> {
                if (producerKeys.contains(key)) {
                    props.put(key, value);
                }
            });
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "watchword-fleet-" + instanceId);
            // A report is worth sending only while it is fresh: no batching delay, short blocking.
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Says goodbye (a last report with {@code leaving}, then the tombstone) and stops. */
    @Override
    public void close() {
        running = false;
        wake.release();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            send(report(revocationPositions.get(), statePositions.get(), stale.getAsBoolean(), true));
            producer().send(EventRecords.tombstone(Topics.VERIFIER_FLEET, instanceId));
        } catch (RuntimeException e) {
            LOG.debug("fleet goodbye not delivered: {}", e.toString());
        } finally {
            if (producer != null) {
                // Waits for the goodbye, but never long: with Kafka away the TTL says goodbye for us.
                producer.close(Duration.ofSeconds(2));
            }
        }
    }
}
