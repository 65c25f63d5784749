package io.watchword.client.revocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.watchword.events.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted revocations topic into a {@link RevocationSet}.
 *
 * <p>It assigns every partition (no consumer group: each verifier needs the whole set), reads from
 * the beginning up to the end offsets it saw at start and only then reports ready, then keeps
 * streaming. Every {@code contactInterval} it asks the broker for the end offsets: a successful
 * answer is "contact" (and gives the lag); the verifier fails closed or open when contact is older
 * than its bound. One thread; {@link #close()} stops it.
 */
public final class RevocationFeed implements FeedState, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final String topic;
    private final Properties consumerProperties;
    private final RevocationSet revocations;
    private final Clock clock;
    private final Duration contactInterval;
    private final Consumer<String> onLifted;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private volatile long lastContactMillis = 0;
    private volatile long lagRecords = -1;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param bootstrapServers the Kafka cluster holding {@code watchword.revocations.v1}
     * @param overrides extra consumer settings (security, TLS), applied last
     * @param onLifted called with a credential id when its revocation is lifted (reinstated or
     *     tombstoned), on the feed's thread
     */
    public RevocationFeed(
            String bootstrapServers,
            Map<String, String> overrides,
            RevocationSet revocations,
            Clock clock,
            Duration contactInterval,
            Consumer<String> onLifted) {
        this.topic = Topics.REVOCATIONS.name();
        this.revocations = revocations;
        this.clock = clock;
        this.contactInterval = contactInterval;
        this.onLifted = onLifted;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A missing topic must not be auto-created with the broker's defaults (it would not be compacted).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "watchword-revocation-feed");
        props.putAll(overrides);
        this.consumerProperties = props;
    }

    public void start() {
        thread = new Thread(this::run, "watchword-revocation-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the bootstrap read reached the end offsets seen at start. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Epoch millis of the last successful exchange with the broker; 0 if none yet. */
    @Override
    public long lastContactMillis() {
        return lastContactMillis;
    }

    /** Records behind the end of the topic at the last contact; -1 before the first one. */
    @Override
    public long lagRecords() {
        return lagRecords;
    }

    public long recordsApplied() {
        return applied.get();
    }

    public long invalidRecords() {
        return invalid.get();
    }

    private void run() {
        List<TopicPartition> partitions = null;
        Map<TopicPartition, Long> bootstrapEnd = null;
        long nextContactCheck = 0;
        long backoffMillis = 200;
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties)) {
            consumer = kafka;
            while (running) {
                try {
                    if (partitions == null) {
                        List<TopicPartition> found = partitions(kafka);
                        if (found == null) {
                            sleep(backoffMillis);
                            continue;
                        }
                        kafka.assign(found);
                        kafka.seekToBeginning(found);
                        bootstrapEnd = kafka.endOffsets(found);
                        partitions = found;
                        contact(kafka, bootstrapEnd, partitions);
                        LOG.info(
                                "Bootstrapping revocations from {} ({} records in {} partitions)",
                                topic,
                                lagRecords,
                                partitions.size());
                    }
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<String, byte[]> record : records) {
                        apply(record);
                    }
                    if (!isReady() && reached(kafka, bootstrapEnd)) {
                        contact(kafka, kafka.endOffsets(partitions), partitions);
                        ready.countDown();
                        LOG.info("Revocations bootstrapped: {} credentials refused", revocations.size());
                    }
                    long now = clock.millis();
                    if (isReady() && now >= nextContactCheck) {
                        contact(kafka, kafka.endOffsets(partitions, Duration.ofSeconds(2)), partitions);
                        nextContactCheck = now + contactInterval.toMillis();
                    }
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    // Broker unreachable or slow: keep the last known set and say so through contact.
                    LOG.debug("revocation feed: {}", e.toString());
                    sleep(backoffMillis);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("revocation feed stopped", e);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            LOG.warn("Topic {} does not exist yet; revocations cannot be followed until it does", topic);
            return null;
        }
        List<TopicPartition> list = new ArrayList<>();
        for (PartitionInfo info : infos) {
            list.add(new TopicPartition(topic, info.partition()));
        }
        return list;
    }

    private boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (kafka.position(entry.getKey(), Duration.ofSeconds(2)) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void contact(
            KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> end, List<TopicPartition> partitions) {
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

    public void apply(ConsumerRecord<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            invalid.incrementAndGet();
            return;
        }
        byte status = record.value() == null ? RevocationSet.NONE : statusOf(record.value());
        if (status < 0) {
            invalid.incrementAndGet();
            LOG.warn(
                    "Skipping an unreadable revocation record at {}-{}@{}",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        revocations.put(id, status);
        applied.incrementAndGet();
        if (status == RevocationSet.NONE) {
            onLifted.accept(id);
        }
    }

    /**
     * The {@code status} of a {@code CredentialRevocationChanged}, read with a streaming parser: the
     * bootstrap of a million records is dominated by JSON, and the set needs this one field (the
     * key is the credential id). -1 when the value is not a revocation event.
     */
    static byte statusOf(byte[] json) {
        byte fast = statusByScan(json);
        return fast != UNKNOWN ? fast : statusByParser(json);
    }

    private static final byte UNKNOWN = -2;
    private static final byte[] STATUS_FIELD = "\"status\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The fast path for compact JSON as {@code EventSerde} writes it: the bytes {@code "status":"}
     * can only be the key itself (a quote inside a JSON string is escaped, so {@code "status"}
     * followed by {@code :} cannot occur in a value), and the event has no nested objects. Anything
     * unexpected falls back to the parser.
     */
    static byte statusByScan(byte[] json) {
        int at = indexOf(json, STATUS_FIELD);
        if (at < 0) {
            return UNKNOWN;
        }
        int start = at + STATUS_FIELD.length;
        if (matches(json, start, "REVOKED\"")) {
            return RevocationSet.REVOKED;
        }
        if (matches(json, start, "SUSPENDED\"")) {
            return RevocationSet.SUSPENDED;
        }
        if (matches(json, start, "REINSTATED\"")) {
            return RevocationSet.NONE;
        }
        return UNKNOWN;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean matches(byte[] data, int from, String ascii) {
        if (from + ascii.length() > data.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static byte statusByParser(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("status".equals(field) && value == JsonToken.VALUE_STRING) {
                    switch (parser.getText()) {
                        case "REVOKED":
                            return RevocationSet.REVOKED;
                        case "SUSPENDED":
                            return RevocationSet.SUSPENDED;
                        case "REINSTATED":
                            return RevocationSet.NONE;
                        default:
                            return -1;
                    }
                }
                parser.skipChildren();
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
