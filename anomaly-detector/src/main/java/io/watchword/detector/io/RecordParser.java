package io.watchword.detector.io;

import io.watchword.detector.model.CredentialUpdate;
import io.watchword.detector.model.DeadLetter;
import io.watchword.detector.model.Parsed;
import io.watchword.detector.model.Usage;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialStateChanged;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a topic record or a JSONL line into a {@link Parsed}: never throws, whatever the bytes are.
 * Anything it cannot use becomes a dead letter with the reason.
 */
public final class RecordParser {
    private static final String USAGE_TOPIC = Topics.USAGE.name();
    private static final byte[] USAGE_TYPE =
            EventType.of(ApiUsageRecorded.class).cloudEventType().getBytes(StandardCharsets.UTF_8);

    private RecordParser() {}

    /** A record of one of the three input topics, typed by its {@code ce_type} header. */
    public static Parsed fromKafka(ConsumerRecord<byte[], byte[]> record, boolean usageTopic) {
        if (usageTopic && record.value() != null && USAGE_TOPIC.equals(record.topic())) {
            Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
            if (type != null && Arrays.equals(USAGE_TYPE, type.value())) {
                Usage u = UsageJson.parse(record.value(), 0, record.value().length);
                if (u != null) {
                    return Parsed.usage(u);
                }
            }
        }
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
        return fromLine(bytes, 0, bytes.length, usageFile, fileName);
    }

    /**
     * As {@link #fromLine(String, boolean, String)}, for a line in {@code buf[offset, offset+length)}
     * (UTF-8, without its line break) as the backtest's file reader sees it; null for a blank line.
     */
    public static Parsed fromLine(byte[] buf, int offset, int length, boolean usageFile, String fileName) {
        if (isBlank(buf, offset, length)) {
            return null;
        }
        if (usageFile) {
            Usage u = UsageJson.parse(buf, offset, length);
            if (u != null) {
                return Parsed.usage(u);
            }
        }
        byte[] bytes = Arrays.copyOfRange(buf, offset, offset + length); // buf is the reader's, reused
        String line = new String(bytes, StandardCharsets.UTF_8);
        if (line.isBlank()) {
            return null; // blank in Unicode terms, beyond the ASCII check above
        }
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

    private static boolean isBlank(byte[] buf, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = buf[i];
            // String.isBlank's whitespace in ASCII; a line of other Unicode blanks is judged by the serde
            if (b != ' '
                    && b != '\t'
                    && b != '\r'
                    && b != '\n'
                    && b != 0x0b
                    && b != '\f'
                    && !(b >= 0x1c && b <= 0x1f)) {
                return false;
            }
        }
        return true;
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
