package io.watchword.revocation.fleet;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.core.follow.MalformedRecordException;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.PartitionOffset;
import io.watchword.events.v1.VerifierStatusReported;
import io.watchword.kit.kafka.KafkaSettings;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The live verifier fleet, followed from {@code watchword.verifier-fleet.v1} with the core's
 * {@link CompactedTopicFollower} (decision 0165): every replica of this service needs every
 * instance's status, so the topic is read whole by each replica without a consumer group — what
 * a SmallRye channel with a group would split between replicas.
 *
 * <p>Liveness is judged by this service's clock: an instance is live while its last report was
 * heard less than {@code watchword.revocation.fleet.ttl} ago (a report read during the bootstrap
 * counts from its record timestamp, so instances that died before this service started are not
 * revived), and it has not said it is leaving. A record that is not a valid status, or whose key is
 * not its instance id, is dead-lettered.
 */
@ApplicationScoped
public class VerifierFleet {

    /** One instance as last heard of. */
    public record Verifier(VerifierStatusReported status, long heardAtMillis) {

        public String instanceId() {
            return status.instanceId();
        }

        /** Next offset to read on {@code partition} of the revocations topic; 0 if not reported. */
        public long revocationOffset(int partition) {
            if (status.revocationOffsets() != null) {
                for (PartitionOffset p : status.revocationOffsets()) {
                    if (p.partition() == partition) {
                        return p.offset();
                    }
                }
            }
            return 0;
        }

        public Instant heardAt() {
            return Instant.ofEpochMilli(heardAtMillis);
        }
    }

    private final KafkaSettings kafka;
    private final RevocationConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Verifier> verifiers = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Instances forgotten after {@code show-dead-for} whose topic key is still to be tombstoned. */
    private final java.util.Set<String> deadKeys = ConcurrentHashMap.newKeySet();

    private CompactedTopicFollower follower;

    @Inject
    public VerifierFleet(KafkaSettings kafka, RevocationConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        follower = CompactedTopicFollower.builder()
                .topic(Topics.VERIFIER_FLEET.name())
                .consumerName("revocation-service")
                .kafkaProperties(kafka.consumer("revocation-verifier-fleet"))
                .handler(this::apply)
                .build();
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (follower != null) {
            follower.close();
        }
    }

    /** Called (on the follower's thread) after every change of a verifier's status. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.key().length == 0 || record.key().length > 200) {
            throw new MalformedRecordException("a fleet record without a usable key (instance id)");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            verifiers.remove(key);
            deadKeys.remove(key);
            changed();
            return;
        }
        WatchwordEvent event;
        try {
            event = EventRecords.read(record);
        } catch (InvalidEventException e) {
            throw new MalformedRecordException("not a verifier status: " + e.getMessage(), e);
        }
        if (!(event instanceof VerifierStatusReported status)) {
            throw new MalformedRecordException("not a verifier status on the fleet topic");
        }
        if (!key.equals(status.instanceId())) {
            throw new MalformedRecordException("the record key is not the status's instanceId");
        }
        if (tooLong(status.service()) || tooLong(status.host())) {
            throw new MalformedRecordException("a service or host name over 200 characters");
        }
        if (tooMany(status.revocationOffsets()) || tooMany(status.credentialStateOffsets())) {
            throw new MalformedRecordException("more partitions than any topic here has");
        }
        if (status.revocationOffsets() != null) {
            for (PartitionOffset p : status.revocationOffsets()) {
                if (p == null || p.partition() < 0 || p.offset() < 0) {
                    throw new MalformedRecordException("a negative partition or offset");
                }
            }
        }
        long now = clock.millis();
        // Bootstrap: trust the broker's time of the record, or an instance dead for an hour would
        // look live for a TTL after this service starts. Afterwards: our own receive time.
        long heard = follower != null && follower.isBootstrapped() ? now : Math.min(now, record.timestamp());
        verifiers.put(key, new Verifier(status, heard));
        deadKeys.remove(key);
        changed();
    }

    private static boolean tooLong(String text) {
        return text != null && text.length() > 200;
    }

    private static boolean tooMany(List<PartitionOffset> offsets) {
        return offsets != null && offsets.size() > 10_000;
    }

    private void changed() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /** Live, not leaving: the verifiers a revocation must reach. */
    public List<Verifier> live() {
        long now = clock.millis();
        List<Verifier> list = new ArrayList<>();
        for (Verifier v : verifiers.values()) {
            if (isLive(v, now)) {
                list.add(v);
            }
        }
        list.sort(Comparator.comparing(Verifier::instanceId));
        return list;
    }

    /**
     * Live and recently dead (up to {@code show-dead-for}), for the fleet view. Instances silent for
     * longer are forgotten here (the map stays bounded by the instances of the last hour) and their
     * keys are tombstoned on the topic by {@link FleetJanitor}.
     */
    public List<Verifier> known() {
        long now = clock.millis();
        long keep = config.fleet().showDeadFor().toMillis();
        List<Verifier> list = new ArrayList<>();
        for (Verifier v : verifiers.values()) {
            if (now - v.heardAtMillis() <= keep) {
                list.add(v);
            } else {
                verifiers.remove(v.instanceId(), v);
                deadKeys.add(v.instanceId());
            }
        }
        list.sort(Comparator.comparing(Verifier::instanceId));
        return list;
    }

    public boolean isLive(Verifier v, long nowMillis) {
        return !v.status().leaving()
                && nowMillis - v.heardAtMillis() < config.fleet().ttl().toMillis();
    }

    /**
     * Instance ids silent for longer than {@code show-dead-for} (crashed: no tombstone of their
     * own), forgotten here and due a tombstone on the compacted topic; taken once.
     */
    public List<String> takeDeadKeys() {
        known();
        List<String> taken = new ArrayList<>();
        for (String key : deadKeys) {
            if (deadKeys.remove(key)) {
                taken.add(key);
            }
        }
        return taken;
    }

    /** The fleet topic was read to its end once: before that the fleet may look smaller than it is. */
    public boolean ready() {
        return follower != null && follower.isBootstrapped();
    }

    public long invalidRecords() {
        return follower == null ? 0 : follower.recordsRefused();
    }
}
