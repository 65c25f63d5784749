package io.watchword.revocation.it;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.WatchwordEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes events like the other services do and reads what this service published. */
public final class EventProbe {

    private EventProbe() {}

    public static void publish(WatchwordEvent event) {
        String topic = io.watchword.events.EventType.of(event).topic().name();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, event.partitionKey(), EventSerde.serialize(event));
        CloudEventHeaders.of(event, "/watchword/tests").forEach(record.headers()::add);
        send(record);
    }

    /** As {@link #publish(WatchwordEvent)} under another record key (to land on a chosen partition). */
    public static void publishWithKey(WatchwordEvent event, String key) {
        String topic = io.watchword.events.EventType.of(event).topic().name();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, EventSerde.serialize(event));
        CloudEventHeaders.of(event, "/watchword/tests").forEach(record.headers()::add);
        send(record);
    }

    public static void publishRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    public static void publishRaw(ProducerRecord<String, byte[]> record) {
        send(record);
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a test record", e);
        }
    }

    /**
     * Every record of {@code topic} whose key is {@code key}, reading from the beginning until
     * {@code done} holds for them or {@code timeout} passes.
     */
    public static List<ConsumerRecord<String, byte[]>> await(
            String topic, String key, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        matching.add(record);
                    }
                }
                if (done.test(matching)) {
                    return matching;
                }
            }
        }
        return matching;
    }

    /** Records of {@code topic} for {@code key}, once {@code count} are there (or the timeout passed). */
    public static List<ConsumerRecord<String, byte[]>> awaitCount(String topic, String key, int count) {
        return await(topic, key, records -> records.size() >= count, Duration.ofSeconds(30));
    }

    /** What is on {@code topic} for {@code key} after a quiet wait: used to show nothing more came. */
    public static List<ConsumerRecord<String, byte[]>> settle(String topic, String key, Duration wait) {
        return await(topic, key, records -> false, wait);
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static <T extends WatchwordEvent> T value(ConsumerRecord<String, byte[]> record, Class<T> type) {
        return EventSerde.deserialize(record.value(), type);
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
