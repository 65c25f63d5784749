package io.watchword.testsupport.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes topics in tests, so a service's test can assert on the events it published.
 *
 * <pre>{@code
 * try (var kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
 *     TopicRecord revoked = kafka.awaitRecord(Topics.REVOCATIONS.name(),
 *             r -> keyId.equals(r.key()), Duration.ofSeconds(10));
 *     assertThat(revoked.header("ce_type")).isEqualTo("io.watchword.credential.revocation-changed.v1");
 * }
 * }</pre>
 *
 * <p>Reading starts at the beginning of every partition each time and uses no consumer group, so
 * calls are independent of each other and of other tests. Only committed records are read ({@code
 * read_committed}), as a real consumer of a transactional producer would see them.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, String> connection;
    private KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrapServers) {
        this(Map.of("bootstrap.servers", Objects.requireNonNull(bootstrapServers)));
    }

    /**
     * A client with connection settings as Kafka names them ({@code bootstrap.servers}, and e.g.
     * {@code security.protocol}, {@code ssl.truststore.*} from {@code
     * Infrastructure#kafkaTlsClientConfig()}).
     */
    public KafkaTestClient(Map<String, String> connection) {
        this.connection = Map.copyOf(connection);
    }

    /** Every record of {@code topic} present now (up to the end offsets seen at the call). */
    public List<TopicRecord> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<TopicRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30s");
                }
                consumer.poll(POLL).forEach(r -> records.add(toRecord(r)));
            }
            return records;
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code condition} holds for all records read so
     * far, and returns them; fails with what was read if it does not hold within {@code timeout}.
     */
    public List<TopicRecord> awaitRecords(String topic, Predicate<List<TopicRecord>> condition, Duration timeout) {
        List<TopicRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            assignFromBeginning(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                consumer.poll(POLL).forEach(r -> records.add(toRecord(r)));
                if (condition.test(List.copyOf(records))) {
                    return List.copyOf(records);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition on " + topic + " did not hold within " + timeout.toMillis()
                            + " ms; read " + records.size() + " record(s):" + describe(records));
                }
            }
        }
    }

    /** The first record of {@code topic} that matches, waiting up to {@code timeout} for it. */
    public TopicRecord awaitRecord(String topic, Predicate<TopicRecord> match, Duration timeout) {
        return awaitRecords(topic, rs -> rs.stream().anyMatch(match), timeout).stream()
                .filter(match)
                .findFirst()
                .orElseThrow();
    }

    /** Waits until {@code topic} holds at least {@code count} records and returns them all. */
    public List<TopicRecord> awaitCount(String topic, int count, Duration timeout) {
        return awaitRecords(topic, rs -> rs.size() >= count, timeout);
    }

    /** Writes a record and waits for the broker to acknowledge it; returns its offset. */
    public long send(String topic, String key, String value, Map<String, String> headers) {
        return send(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers);
    }

    public long send(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return send(record);
    }

    /**
     * Writes a record as built elsewhere (e.g. {@code EventRecords.toProducerRecord}, with its
     * CloudEvents headers) and waits for the broker to acknowledge it; returns its offset.
     */
    public long send(ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            RecordMetadata metadata = producer().send(record).get(30, TimeUnit.SECONDS);
            return metadata.offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(connection);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new AssertionError("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static TopicRecord toRecord(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.values().removeIf(Objects::isNull);
        return new TopicRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value(),
                headers);
    }

    private static String describe(List<TopicRecord> records) {
        StringBuilder text = new StringBuilder();
        records.stream()
                .limit(20)
                .forEach(r -> text.append(System.lineSeparator()).append("  ").append(r));
        if (records.size() > 20) {
            text.append(System.lineSeparator())
                    .append("  … and ")
                    .append(records.size() - 20)
                    .append(" more");
        }
        return text.toString();
    }
}
