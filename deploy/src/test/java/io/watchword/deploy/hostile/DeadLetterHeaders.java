package io.watchword.deploy.hostile;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a dead letter's headers under either convention: decision 0023's {@code dlq.*} names or
 * SmallRye Reactive Messaging's {@code dead-letter-*} names, which the services may move to. The
 * suite accepts both so it does not care which one the consumers use.
 */
public final class DeadLetterHeaders {

    private DeadLetterHeaders() {}

    public static String reason(Headers headers) {
        return first(headers, "dlq.reason", "dead-letter-reason");
    }

    public static String originalTopic(Headers headers) {
        return first(headers, "dlq.topic", "dead-letter-topic");
    }

    public static String originalPartition(Headers headers) {
        return first(headers, "dlq.partition", "dead-letter-partition");
    }

    public static String originalOffset(Headers headers) {
        return first(headers, "dlq.offset", "dead-letter-offset");
    }

    private static String first(Headers headers, String... names) {
        for (String name : names) {
            Header header = headers.lastHeader(name);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
