package io.watchword.detector.io;

import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.DeadLetter;
import io.watchword.detector.model.Parsed;
import io.watchword.detector.model.Usage;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialStateChanged;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a topic record or a JSONL line into a {@link Parsed}: never throws, whatever the bytes are.
 * Anything it cannot use becomes a dead letter with the reason.
 */
public final class RecordParser {
    private RecordParser() {}

    /** A record of one of the three input topics, typed by its {@code ce_type} header. */
    public static Parsed fromKafka(ConsumerRecord<byte[], byte[]> record, boolean usageTopic) {
        try {
            WatchwordEvent event = EventRecords.read(record);
            if (event == null) {
                return null; // a tombstone on a compacted topic: nothing to learn
            }
            Parsed parsed = fromEvent(event);
            if (parsed == null || (parsed.usage != null) != usageTopic) {
                throw new InvalidEventException(event.getClass().getSimpleName()
                        + " is not an input of the anomaly detector on " + record.topic());
            }
            return parsed;
        } catch (RuntimeException e) {
            return Parsed.dead(DeadLetter.of(record, e), Math.max(0, record.timestamp()));
        }
    }

    /**
     * A line of a backtest file: the JSON of an event exactly as on its topic. Usage files hold
     * {@code ApiUsageRecorded}; credential files hold {@code CredentialStateChanged} or {@code
     * CredentialRevocationChanged} (told apart by their properties, since files carry no headers).
     */
    public static Parsed fromLine(String line, boolean usageFile, String fileName) {
        if (line == null || line.isBlank()) {
            return null;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            if (usageFile) {
                return Parsed.usage(Usage.of(EventSerde.deserialize(bytes, ApiUsageRecorded.class)));
            }
            WatchwordEvent event = line.contains("\"requestedBy\"") || line.contains("\"parentCredentialId\"")
                    ? EventSerde.deserialize(bytes, CredentialRevocationChanged.class)
                    : EventSerde.deserialize(bytes, CredentialStateChanged.class);
            return fromEvent(event);
        } catch (RuntimeException e) {
            DeadLetter d = new DeadLetter();
            d.topic = "file:" + fileName;
            d.offset = -1;
            d.value = bytes;
            d.headers = new String[0];
            d.reason = e.getMessage();
            d.exceptionClass = e.getClass().getName();
            return Parsed.dead(d, 0);
        }
    }

    private static Parsed fromEvent(WatchwordEvent event) {
        if (event instanceof ApiUsageRecorded usage) {
            return Parsed.usage(Usage.of(usage));
        }
        if (event instanceof CredentialStateChanged state) {
            return Parsed.credential(CredentialUpdate.of(state));
        }
        if (event instanceof CredentialRevocationChanged revocation) {
            return Parsed.credential(CredentialUpdate.of(revocation));
        }
        return null;
    }
}
