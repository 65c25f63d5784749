package io.watchword.analytics.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.watchword.events.kafka.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Dead-letters one record of a batch (the rest of the batch is processed), with the same {@code
 * dead-letter-*} headers the connector writes (decision 0023): {@link DeadLetters} builds it, the
 * {@code dead-letters} channel (acks=all) sends it, and the returned Uni completes on the broker's
 * acknowledgement, so the batch's offsets move on only once the record is safe.
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

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String consumer, String reason) {
        ProducerRecord<String, byte[]> dead = DeadLetters.of(record, consumer, reason);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(dead.key())
                .withHeaders(new RecordHeaders(dead.headers().toArray()))
                .build();
        byte[] value = dead.value() == null ? new byte[0] : dead.value();
        return channel.sendMessage(Message.of(value).addMetadata(metadata))
                .invoke(() -> metrics.counter("watchword.dead.letters", "channel", consumer)
                        .increment());
    }
}
