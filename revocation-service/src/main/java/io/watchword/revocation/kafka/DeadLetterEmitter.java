package io.watchword.revocation.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.watchword.events.kafka.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Dead-letters a record outside a consumer's own failure strategy (a held alert whose credential
 * never became known), with the same {@code dead-letter-*} headers the connector writes: {@link
 * DeadLetters} builds the record, the {@code dead-letters} channel sends it (decision 0023).
 */
@ApplicationScoped
public class DeadLetterEmitter {

    private final MutinyEmitter<byte[]> channel;
    private final MeterRegistry metrics;

    @Inject
    public DeadLetterEmitter(@Channel("dead-letters") MutinyEmitter<byte[]> channel, MeterRegistry metrics) {
        this.channel = channel;
        this.metrics = metrics;
    }

    /** Sends and waits for the broker's acknowledgement: the caller forgets the record only then. */
    public void send(ConsumerRecord<String, byte[]> record, String consumer, String reason) {
        ProducerRecord<String, byte[]> dead = DeadLetters.of(record, consumer, reason);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(dead.key())
                .withHeaders(new RecordHeaders(dead.headers().toArray()))
                .build();
        channel.sendMessage(Message.of(dead.value()).addMetadata(metadata))
                .await()
                .atMost(Duration.ofSeconds(30));
        metrics.counter("watchword.dead.letters", "channel", consumer, "cause", "held-too-long")
                .increment();
    }
}
