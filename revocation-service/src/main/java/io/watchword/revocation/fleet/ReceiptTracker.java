package io.watchword.revocation.fleet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.Topics;
import io.watchword.kit.outbox.OutboxPublished;
import io.watchword.revocation.fleet.ReceiptRepository.Published;
import io.watchword.revocation.fleet.VerifierFleet.Verifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Receipts of revocations (decision 0166): learns from the outbox relay where each revocation
 * event landed (partition, offset), and from the {@link VerifierFleet} when each live verifier
 * reported an offset beyond it. Recent revocations are tracked in memory, so the time each
 * verifier applied one is known to within its report; older ones are answered from the stored
 * offset and the fleet's current offsets.
 */
@ApplicationScoped
public class ReceiptTracker {

    private static final Logger LOG = Logger.getLogger(ReceiptTracker.class);

    /** One recent revocation event and who has applied it when. */
    static final class Tracked {
        final UUID eventId;
        final int partition;
        final long offset;
        final Instant publishedAt;
        final Map<String, Instant> appliedAt = new ConcurrentHashMap<>();
        volatile Instant appliedByAllAt;
        /**
         * Completed by the fleet reader the moment it reads the last live verifier's report beyond
         * the offset: the request waiting for this event wakes then, and only it (decision 0237).
         */
        final CompletableFuture<Void> settled = new CompletableFuture<>();

        Tracked(UUID eventId, int partition, long offset, Instant publishedAt) {
            this.eventId = eventId;
            this.partition = partition;
            this.offset = offset;
            this.publishedAt = publishedAt;
        }
    }

    private final VerifierFleet fleet;
    private final ReceiptRepository repository;
    private final Clock clock = Clock.systemUTC();
    private final Object changed = new Object();
    private long version; // guarded by changed
    private final Cache<UUID, Tracked> tracked = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1))
            .maximumSize(100_000)
            .build();
    private final Map<UUID, Tracked> unsettled = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watchword-receipt-writer");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public ReceiptTracker(VerifierFleet fleet, ReceiptRepository repository) {
        this.fleet = fleet;
        this.repository = repository;
    }

    void start(@Observes StartupEvent startup) {
        fleet.onChange(this::fleetChanged);
    }

    /** On the relay's thread, in its transaction: must not throw. */
    void published(@Observes OutboxPublished batch) {
        Instant now = clock.instant();
        for (OutboxPublished.Record record : batch.records()) {
            if (!Topics.REVOCATIONS.name().equals(record.topic()) || record.eventId() == null) {
                continue;
            }
            try {
                UUID eventId = UUID.fromString(record.eventId());
                repository.published(eventId, record.partition(), record.offset(), now);
                Tracked t = new Tracked(eventId, record.partition(), record.offset(), now);
                if (tracked.asMap().putIfAbsent(eventId, t) == null) {
                    unsettled.put(eventId, t);
                    evaluate(t);
                }
            } catch (RuntimeException e) {
                LOG.warnf("revocation receipt not recorded for event %s: %s", record.eventId(), e.toString());
            }
        }
        signal();
    }

    private void fleetChanged() {
        for (Tracked t : unsettled.values()) {
            evaluate(t);
        }
        signal();
    }

    private void evaluate(Tracked t) {
        if (tracked.getIfPresent(t.eventId) == null) {
            unsettled.remove(t.eventId);
            return;
        }
        long now = clock.millis();
        boolean all = true;
        for (Verifier v : fleet.live()) {
            if (v.revocationOffset(t.partition) > t.offset) {
                t.appliedAt.putIfAbsent(
                        v.instanceId(), v.heardAt().isBefore(t.publishedAt) ? t.publishedAt : v.heardAt());
            } else {
                all = false;
            }
        }
        if (all && t.appliedByAllAt == null) {
            Instant at = Instant.ofEpochMilli(now);
            t.appliedByAllAt = at;
            unsettled.remove(t.eventId);
            t.settled.complete(null);
            writer.execute(() -> {
                try {
                    repository.appliedByAll(t.eventId, at);
                } catch (RuntimeException e) {
                    LOG.warnf("could not store that event %s was applied by all: %s", t.eventId, e.toString());
                }
            });
        }
    }

    private void signal() {
        synchronized (changed) {
            version++;
            changed.notifyAll();
        }
    }

    private long version() {
        synchronized (changed) {
            return version;
        }
    }

    /** The receipt of a revocation's current state, requested at {@code requestedAt}. */
    public Receipt receipt(Published stored, Instant requestedAt) {
        if (stored == null) {
            return new Receipt(Receipt.UNKNOWN, null, null, null, fleet.live().size(), 0, List.of(), null, null);
        }
        Tracked t = tracked.getIfPresent(stored.eventId());
        Integer partition = t != null ? Integer.valueOf(t.partition) : stored.partition();
        Long offset = t != null ? Long.valueOf(t.offset) : stored.offset();
        Instant publishedAt = t != null ? t.publishedAt : stored.publishedAt();
        List<Verifier> live = fleet.live();
        if (partition == null || offset == null) {
            return new Receipt(Receipt.NOT_PUBLISHED, null, null, null, live.size(), 0, List.of(), null, null);
        }
        int applied = 0;
        List<Receipt.PendingVerifier> pending = new ArrayList<>();
        for (Verifier v : live) {
            long reported = v.revocationOffset(partition);
            if (reported > offset) {
                applied++;
            } else {
                pending.add(new Receipt.PendingVerifier(
                        v.instanceId(),
                        v.status().service(),
                        publishedAt,
                        v.heardAt(),
                        reported,
                        v.status().stale(),
                        v.status().staleSince()));
            }
        }
        Instant allAt = t != null ? t.appliedByAllAt : stored.appliedByAllAt();
        String state;
        if (live.isEmpty()) {
            state = Receipt.NO_LIVE_VERIFIERS;
        } else if (pending.isEmpty()) {
            state = Receipt.APPLIED_BY_ALL;
            if (allAt == null) {
                allAt = clock.instant(); // seen settled here before the fleet listener marked it
            }
        } else {
            state = Receipt.PENDING;
            // Applied by all once, but a verifier that joined since has not caught up yet: say so.
            allAt = null;
        }
        Long slowest = allAt == null || requestedAt == null
                ? null
                : Math.max(0, Duration.between(requestedAt, allAt).toMillis());
        return new Receipt(state, partition, offset, publishedAt, live.size(), applied, pending, allAt, slowest);
    }

    /**
     * Waits up to {@code timeout} until the receipt settles (every live verifier applied the event),
     * re-reading the stored receipt until the relay has published it.
     *
     * <p>Once the event is tracked, the wait is on that event alone: the fleet reader completes it
     * on the report that makes it applied by all, and nothing else wakes this request. Until then
     * (not yet acknowledged by Kafka, or an event older than this process) it waits on the shared
     * signal of every relay pass and fleet report. Either wait is cut at 1 s to look again: a
     * verifier that died is no longer live once its TTL passed, which no record announces.
     */
    public Receipt await(String tenantId, String revocationId, Instant requestedAt, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Published stored = repository.find(tenantId, revocationId).orElse(null);
        while (true) {
            long seen = version();
            Tracked t = stored == null ? null : tracked.getIfPresent(stored.eventId());
            if (stored != null && stored.offset() == null && t != null) {
                stored = new Published(stored.eventId(), t.partition, t.offset, t.publishedAt, null);
            }
            Receipt receipt = receipt(stored, requestedAt);
            long left = deadline - System.nanoTime();
            if (receipt.settled() || Receipt.UNKNOWN.equals(receipt.state()) || left <= 0) {
                return receipt;
            }
            long waitMillis = Math.max(1, Math.min(1_000, left / 1_000_000));
            if (t != null && !t.settled.isDone()) {
                try {
                    t.settled.get(waitMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    // look again: the fleet may have shrunk by a TTL
                }
                continue;
            }
            synchronized (changed) {
                // Woken by every fleet report and every relay pass since the receipt was computed.
                if (version == seen) {
                    changed.wait(waitMillis);
                }
            }
        }
    }
}
