package io.watchword.deploy.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/**
 * Puts generated records on the consumed topics and reads the dead-letter topic back, matching
 * each dead letter to the record it came from by its original coordinates or by the suite's id
 * header (whichever the convention in use keeps).
 */
public final class KafkaAttack implements AutoCloseable {

    public static final String DEAD_LETTERS = "watchword.dead-letters.v1";

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> deadLetters;
    /** topic/partition/offset → record id, for every record sent. */
    private final Map<String, String> sentAt = new HashMap<>();
    /** record id → reason, for every dead letter seen. */
    private final Map<String, String> deadLettered = new HashMap<>();

    public KafkaAttack(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1000000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        deadLetters = consumer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : deadLetters.partitionsFor(DEAD_LETTERS, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(DEAD_LETTERS, info.partition()));
        }
        deadLetters.assign(partitions);
        deadLetters.seekToBeginning(partitions);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }

    /**
     * Sends the records in order, one at a time (a record the broker refuses must not take a
     * batch of others with it), and returns the ids of those the broker refused.
     */
    public List<String> send(List<MalformedRecord> records) throws InterruptedException {
        List<String> refused = new ArrayList<>();
        for (MalformedRecord record : records) {
            ProducerRecord<byte[], byte[]> out =
                    new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value());
            record.headers().forEach((name, value) -> out.headers().add(name, value));
            try {
                RecordMetadata metadata = producer.send(out).get();
                sentAt.put(coordinates(metadata.topic(), metadata.partition(), metadata.offset()), record.id());
            } catch (java.util.concurrent.ExecutionException e) {
                refused.add(record.id());
            }
        }
        return refused;
    }

    /** Reads dead letters until every id in {@code expected} was seen or {@code timeout} passed. */
    public Map<String, String> awaitDeadLetters(java.util.Collection<String> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !deadLettered.keySet().containsAll(expected)) {
            for (ConsumerRecord<byte[], byte[]> record : deadLetters.poll(Duration.ofMillis(500))) {
                String id = idOf(record);
                if (id != null) {
                    String reason = DeadLetterHeaders.reason(record.headers());
                    deadLettered.merge(id, reason == null ? "" : reason, (a, b) -> a.isBlank() ? b : a);
                }
            }
        }
        return new HashMap<>(deadLettered);
    }

    private String idOf(ConsumerRecord<byte[], byte[]> record) {
        String topic = DeadLetterHeaders.originalTopic(record.headers());
        String partition = DeadLetterHeaders.originalPartition(record.headers());
        String offset = DeadLetterHeaders.originalOffset(record.headers());
        if (topic != null && partition != null && offset != null) {
            try {
                String id = sentAt.get(
                        coordinates(topic, Integer.parseInt(partition.trim()), Long.parseLong(offset.trim())));
                if (id != null) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // fall through to the id header
            }
        }
        Header header = record.headers().lastHeader(MalformedRecord.ID_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every record on {@code topic} so far (for events a service emits in answer). */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> reader = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : reader.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(all::add);
                boolean done = true;
                for (TopicPartition tp : partitions) {
                    done &= reader.position(tp) >= end.get(tp);
                }
                if (done) {
                    break;
                }
            }
            return all;
        }
    }

    private static String coordinates(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        deadLetters.close(Duration.ofSeconds(5));
    }
}
