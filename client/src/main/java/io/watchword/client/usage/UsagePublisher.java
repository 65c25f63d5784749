package io.watchword.client.usage;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.ApiUsageRecorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one {@link ApiUsageRecorded} per request to {@code watchword.usage.v1}, off the request
 * path.
 *
 * <p>{@link #record} only offers the event to a bounded queue: it never blocks and never throws.
 * When the queue is full (Kafka down or too slow) the event is dropped and counted — usage is
 * analytics, and a protected API must not slow down or fail because its telemetry cannot keep up.
 * One background thread drains the queue in batches into a Kafka producer whose own buffer is
 * bounded too, so memory stays bounded whatever happens to the broker.
 */
public final class UsagePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsagePublisher.class);
    private static final int BATCH = 512;

    private final BlockingQueue<ApiUsageRecorded> queue;
    private final Producer<String, byte[]> producer;
    private final String source;
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param serviceName names the CloudEvents source {@code /watchword/client/<serviceName>}
     * @param queueCapacity events held while Kafka is slow or down, at most
     * @param overrides extra producer settings (security, TLS), applied last
     */
    public UsagePublisher(
            String bootstrapServers, String serviceName, int queueCapacity, Map<String, String> overrides) {
        this(new KafkaProducer<>(producerProperties(bootstrapServers, overrides)), serviceName, queueCapacity);
    }

    /**
     * @param kafkaProperties any Kafka client properties, {@code bootstrap.servers} included
     *     (security, TLS, SASL...), applied over the publisher's defaults
     */
    public UsagePublisher(Map<String, String> kafkaProperties, String serviceName, int queueCapacity) {
        this(
                new KafkaProducer<>(producerProperties(kafkaProperties.get("bootstrap.servers"), kafkaProperties)),
                serviceName,
                queueCapacity);
    }

    UsagePublisher(Producer<String, byte[]> producer, String serviceName, int queueCapacity) {
        this.producer = producer;
        this.source = "/watchword/client/" + serviceName;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::drain, "watchword-usage-publisher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static Properties producerProperties(String bootstrapServers, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "watchword-usage-publisher");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(64 * 1024));
        // Bounded memory and bounded waiting: when the broker is gone, sends fail fast and the
        // queue in front fills and drops, instead of buffering without end.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(8L * 1024 * 1024));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        // Only what a producer knows: the consumers' settings in the same map would be warned about.
        overrides.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        return props;
    }

    /** Queues one event; returns false (and counts a drop) when the queue is full. Never blocks. */
    public boolean record(ApiUsageRecorded event) {
        if (running && queue.offer(event)) {
            return true;
        }
        dropped.increment();
        return false;
    }

    private void drain() {
        List<ApiUsageRecorded> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                ApiUsageRecorded first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<ApiUsageRecorded> batch) {
        for (int i = 0; i < batch.size(); i++) {
            ApiUsageRecorded event = batch.get(i);
            try {
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(Topics.USAGE.name(), event.partitionKey(), EventSerde.serialize(event));
                CloudEventHeaders.of(event, source)
                        .forEach((name, value) -> record.headers().add(name, value));
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        published.increment();
                    } else {
                        failed.increment();
                    }
                });
            } catch (RuntimeException e) {
                // Kafka unreachable (max.block.ms) or a bad event: fail the rest of this batch at
                // once rather than waiting max.block.ms per event while the queue overflows.
                int lost = batch.size() - i;
                failed.add(lost);
                LOG.debug("usage batch failed, {} events lost: {}", lost, e.toString());
                return;
            }
        }
    }

    public long published() {
        return published.sum();
    }

    /** Refused at the queue: it was full or the publisher closed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Taken from the queue but not delivered by Kafka. */
    public long failed() {
        return failed.sum();
    }

    public int queued() {
        return queue.size();
    }

    /** Stops taking events, sends what is queued within {@code timeout}, closes the producer. */
    public void close(Duration timeout) {
        running = false;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
