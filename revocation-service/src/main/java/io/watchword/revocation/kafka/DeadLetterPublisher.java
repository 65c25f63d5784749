package io.watchword.revocation.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.watchword.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Copies a record that cannot be processed, unchanged, to {@code watchword.dead-letters.v1} with
 * the reason and its origin in headers. Synchronous: the consumer moves on only once it is stored.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final KafkaClients kafka;
    private final MeterRegistry metrics;
    private volatile Producer<String, byte[]> producer;

    @Inject
    public DeadLetterPublisher(KafkaClients kafka, MeterRegistry metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    public void publish(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead =
                new ProducerRecord<>(Topics.DEAD_LETTERS.name(), record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers().add("dlq.reason", bytes(reason));
        dead.headers().add("dlq.topic", bytes(record.topic()));
        dead.headers().add("dlq.partition", bytes(Integer.toString(record.partition())));
        dead.headers().add("dlq.offset", bytes(Long.toString(record.offset())));
        dead.headers().add("dlq.service", bytes("revocation-service"));
        try {
            producer().send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to the dead-letter topic", e);
        }
        metrics.counter("watchword.dead.letters", "topic", record.topic()).increment();
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = kafka.producer("revocation-dead-letters");
                }
            }
        }
        return producer;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
