package io.watchword.core.follow;

import io.watchword.events.kafka.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Follows one compacted topic into local state: the one way the client library, the services and
 * the Flink job read {@code watchword.revocations.v1} and {@code watchword.credential-state.v1}.
 *
 * <p>It assigns every partition (no consumer group: each reader needs the whole state, so there is
 * nothing to commit and no rebalance to wait for), reads from the beginning up to the end offsets
 * captured when it started — then it is {@linkplain #isBootstrapped() bootstrapped} — and keeps
 * streaming. Every record goes through the {@link RecordHandler} on the follower's one thread; a
 * null value is a tombstone. A record the handler refuses (it throws) is sent unchanged to the
 * dead-letter topic through {@link DeadLetters} and skipped: it never blocks its partition.
 *
 * <p>When the broker is unreachable it retries with exponential backoff and keeps the state it has;
 * {@link #lastContactMillis()} tells its readers how old that state may be, so they can fail
 * closed (decision 0060). Kafka settings are the caller's (any client property: {@code
 * security.protocol}, {@code ssl.*}, {@code sasl.*}), applied over this class's defaults.
 */
public final class CompactedTopicFollower implements FollowerState, AutoCloseable {

    /** Applies one record (null value = tombstone). Throw to have the record dead-lettered. */
    @FunctionalInterface
    public interface RecordHandler {
        void apply(ConsumerRecord<byte[], byte[]> record);
    }

    private static final System.Logger LOG = System.getLogger(CompactedTopicFollower.class.getName());
    /**
     * Consumer settings a caller may not change: they are what makes this a group-less full read,
     * and {@code fetch.min.bytes=1} is what makes the broker answer a fetch the moment one record
     * arrives (a revocation, a verifier's report: decision 0236) instead of holding it for up to
     * {@code fetch.max.wait.ms} to fill more bytes. {@code fetch.max.wait.ms} then only bounds a
     * fetch that finds nothing.
     */
    private static final Set<String> FIXED = Set.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    private final String topic;
    private final String consumerName;
    private final RecordHandler handler;
    private final Map<String, Object> kafkaProperties;
    private final Clock clock;
    private final Duration contactInterval;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final boolean deadLettering;
    private final CountDownLatch bootstrapped = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile long lastContactMillis;
    private volatile long lagRecords = -1;
    /** Next offset to read per partition, every record below it handed to the handler. */
    private volatile Map<Integer, Long> positions = Map.of();

    private final Runnable onProgress;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private Thread thread;

    private CompactedTopicFollower(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.consumerName = Objects.requireNonNull(b.consumerName, "consumerName");
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.clock = b.clock;
        this.contactInterval = b.contactInterval;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.deadLettering = b.deadLettering;
        this.onProgress = b.onProgress;
        if (!kafkaProperties.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("the Kafka properties lack bootstrap.servers");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the follower's thread; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "watchword-follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the topic was read to the end offsets captured at start. */
    public boolean awaitBootstrapped(Duration timeout) throws InterruptedException {
        return bootstrapped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isBootstrapped() {
        return bootstrapped.getCount() == 0;
    }

    @Override
    public long lastContactMillis() {
        return lastContactMillis;
    }

    @Override
    public long lagRecords() {
        return lagRecords;
    }

    public String topic() {
        return topic;
    }

    /**
     * Per partition, the next offset this follower will read: every record below it was applied
     * (or refused). A record written at offset {@code o} of partition {@code p} is applied here
     * once {@code positions().get(p) > o}: what a verifier reports to the fleet (decision 0165).
     * Empty until the partitions are assigned.
     */
    public Map<Integer, Long> positions() {
        return positions;
    }

    /** Records the handler applied, tombstones included. */
    public long recordsApplied() {
        return applied.get();
    }

    /** Records the handler refused (dead-lettered, or only skipped when dead-lettering is off). */
    public long recordsRefused() {
        return deadLettered.get();
    }

    private void run() {
        List<TopicPartition> partitions = null;
        Map<TopicPartition, Long> bootstrapEnd = null;
        long nextContact = 0;
        long backoff = minBackoff.toMillis();
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
            consumer = kafka;
            while (running) {
                try {
                    if (partitions == null) {
                        List<TopicPartition> found = partitions(kafka);
                        if (found == null) {
                            backoff = pause(backoff);
                            continue;
                        }
                        kafka.assign(found);
                        kafka.seekToBeginning(found);
                        bootstrapEnd = new HashMap<>(kafka.endOffsets(found));
                        partitions = found;
                        contact(kafka, bootstrapEnd, partitions);
                        LOG.log(
                                System.Logger.Level.INFO,
                                "Following {0}: bootstrapping {1} records from {2} partitions",
                                topic,
                                lagRecords,
                                partitions.size());
                    }
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        handle(record);
                    }
                    progress(kafka, partitions);
                    if (!isBootstrapped() && reached(kafka, bootstrapEnd)) {
                        contact(kafka, kafka.endOffsets(partitions, Duration.ofSeconds(2)), partitions);
                        bootstrapped.countDown();
                        LOG.log(System.Logger.Level.INFO, "{0} bootstrapped ({1} records)", topic, applied.get());
                        // Ready is news too: a verifier's next fleet report says it is no longer stale.
                        tellProgress();
                    }
                    long now = clock.millis();
                    if (isBootstrapped() && now >= nextContact) {
                        contact(kafka, kafka.endOffsets(partitions, Duration.ofSeconds(2)), partitions);
                        nextContact = now + contactInterval.toMillis();
                    }
                    backoff = minBackoff.toMillis();
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    // Broker unreachable or slow: keep the state we have; lastContact says how old it is.
                    LOG.log(System.Logger.Level.DEBUG, "{0}: {1}; retrying", topic, e.toString());
                    backoff = pause(backoff);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "follower of " + topic + " stopped", e);
        } finally {
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(5));
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            handler.apply(record);
            applied.incrementAndGet();
        } catch (RuntimeException e) {
            // Whatever the handler could not apply is poison for this reader: set it aside, move on.
            deadLettered.incrementAndGet();
            deadLetter(record, e);
        }
    }

    /** Publishes the positions after a poll's records were applied; tells the listener when they moved. */
    private void progress(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
        Map<Integer, Long> now = new HashMap<>(partitions.size() * 2);
        for (TopicPartition partition : partitions) {
            now.put(partition.partition(), kafka.position(partition, Duration.ofSeconds(2)));
        }
        if (!now.equals(positions)) {
            positions = Map.copyOf(now);
            tellProgress();
        }
    }

    private void tellProgress() {
        if (onProgress != null) {
            try {
                onProgress.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "progress listener of " + topic + " failed", e);
            }
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException failure) {
        LOG.log(
                System.Logger.Level.WARNING,
                "Skipping an unusable record at {0}-{1}@{2}: {3}",
                record.topic(),
                record.partition(),
                record.offset(),
                failure.getMessage());
        if (!deadLettering) {
            return;
        }
        try {
            if (deadLetters == null) {
                deadLetters = new KafkaProducer<>(producerProperties());
            }
            deadLetters.send(DeadLetters.of(record, consumerName, failure), (metadata, error) -> {
                if (error != null) {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "could not dead-letter {0}-{1}@{2}: {3}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            // The dead-letter topic is a courtesy to operators; the follower must go on regardless.
            LOG.log(System.Logger.Level.ERROR, "could not dead-letter a record of " + topic, e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Topic {0} does not exist yet; waiting for it", topic);
            return null;
        }
        List<TopicPartition> list = new ArrayList<>(infos.size());
        for (PartitionInfo info : infos) {
            list.add(new TopicPartition(topic, info.partition()));
        }
        return list;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (kafka.position(entry.getKey(), Duration.ofSeconds(2)) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void contact(
            KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> end, List<TopicPartition> partitions) {
        long lag = 0;
        for (TopicPartition partition : partitions) {
            Long endOffset = end.get(partition);
            if (endOffset != null) {
                lag += Math.max(0, endOffset - kafka.position(partition, Duration.ofSeconds(2)));
            }
        }
        lagRecords = lag;
        lastContactMillis = clock.millis();
    }

    private long pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return Math.min(maxBackoff.toMillis(), millis * 2);
    }

    Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, consumerName + "-follow-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A missing topic must not be auto-created with the broker's defaults (it would not be compacted).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        kafkaProperties.forEach((key, value) -> {
            if (!FIXED.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    Properties producerProperties() {
        Properties props = new Properties();
        Set<String> producerKeys = ProducerConfig.configNames();
        // Only the settings a producer knows (connection, TLS, SASL, ...): the consumer's would be warned about.
        kafkaProperties.forEach((key, value) -> {
            if (producerKeys.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.CLIENT_ID_CONFIG, consumerName + "-dead-letters-" + topic);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return props;
    }

    /** Stops the thread (waits up to 10 s) and closes the consumer and the dead-letter producer. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Settings; {@code topic}, {@code consumerName}, {@code handler} and the Kafka properties are required. */
    public static final class Builder {
        private String topic;
        private String consumerName;
        private RecordHandler handler;
        private Map<String, Object> kafkaProperties = Map.of();
        private Clock clock = Clock.systemUTC();
        private Duration contactInterval = Duration.ofSeconds(1);
        private Duration minBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private boolean deadLettering = true;
        private Runnable onProgress;

        private Builder() {}

        /**
         * Called on the follower's thread whenever {@link #positions()} moved, right after the
         * records below the new positions were applied, and once when the bootstrap completed.
         * Must not block.
         */
        public Builder onProgress(Runnable value) {
            this.onProgress = value;
            return this;
        }

        public Builder topic(String value) {
            this.topic = value;
            return this;
        }

        /** Who reads: the service or client name, written to {@code dlq.consumer} and the client ids. */
        public Builder consumerName(String value) {
            this.consumerName = value;
            return this;
        }

        public Builder handler(RecordHandler value) {
            this.handler = value;
            return this;
        }

        /** Any Kafka client properties ({@code bootstrap.servers} required; TLS, SASL, timeouts...). */
        public Builder kafkaProperties(Map<String, ?> value) {
            Map<String, Object> copy = new HashMap<>();
            value.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
            this.kafkaProperties = copy;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** How often the follower confirms contact with the broker (and measures its lag). */
        public Builder contactInterval(Duration value) {
            this.contactInterval = value;
            return this;
        }

        /** Wait between retries while the broker or topic is unavailable, doubling up to {@code max}. */
        public Builder retryBackoff(Duration min, Duration max) {
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /** Whether refused records go to the dead-letter topic (default) or are only counted. */
        public Builder deadLettering(boolean value) {
            this.deadLettering = value;
            return this;
        }

        public CompactedTopicFollower build() {
            return new CompactedTopicFollower(this);
        }
    }
}
