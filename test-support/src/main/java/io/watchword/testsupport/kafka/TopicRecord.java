package io.watchword.testsupport.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One record read from a topic, in a form tests can assert on.
 *
 * @param headers header values as UTF-8 strings; the last value wins for a repeated header
 */
public record TopicRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,
        String key,
        byte[] value,
        Map<String, String> headers) {

    public TopicRecord {
        headers = Map.copyOf(headers);
    }

    /** The value as UTF-8 text (JSON events), or null for a tombstone. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** A header's value, or null when absent. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key + " headers=" + headers + " value="
                + abbreviate(valueAsString());
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
