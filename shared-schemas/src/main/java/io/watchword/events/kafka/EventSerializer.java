package io.watchword.events.kafka;

import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.WatchwordEvent;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer of every Watchword event: the event's JSON as the value and its
 * CloudEvents attributes as {@code ce_*} headers (binary content mode).
 *
 * <p>Configured by class name, it reads the CloudEvents {@code source} from {@value #SOURCE_CONFIG}
 * (e.g. {@code /watchword/issuer-service}). A null event is written as a null value (a tombstone).
 */
public class EventSerializer implements Serializer<WatchwordEvent> {

    /** Producer property naming the CloudEvents {@code source} of the events this producer writes. */
    public static final String SOURCE_CONFIG = "watchword.event.source";

    static final String DEFAULT_SOURCE = "/watchword/unknown";

    private String source;

    /** For Kafka's reflective instantiation; {@link #configure} sets the source. */
    public EventSerializer() {
        this(DEFAULT_SOURCE);
    }

    public EventSerializer(String source) {
        this.source = requireSource(source);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new IllegalArgumentException("EventSerializer serializes record values; keys are"
                    + " WatchwordEvent.partitionKey() strings (use StringSerializer)");
        }
        Object configured = configs.get(SOURCE_CONFIG);
        if (configured != null) {
            source = requireSource(configured.toString());
        }
    }

    public String source() {
        return source;
    }

    /** Without headers there is nowhere to put the CloudEvents attributes: JSON only. */
    @Override
    public byte[] serialize(String topic, WatchwordEvent event) {
        return event == null ? null : EventSerde.serialize(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, WatchwordEvent event) {
        if (event == null) {
            return null;
        }
        byte[] json = EventSerde.serialize(event);
        if (headers != null) {
            // Replace rather than append: a record serialized twice (a retry by the caller) must
            // still carry exactly one value per attribute.
            CloudEventHeaders.of(event, source).forEach((name, value) -> {
                headers.remove(name);
                headers.add(name, value);
            });
        }
        return json;
    }

    private static String requireSource(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(
                    SOURCE_CONFIG + " must name the producing service, e.g." + " /watchword/issuer-service");
        }
        return source;
    }
}
