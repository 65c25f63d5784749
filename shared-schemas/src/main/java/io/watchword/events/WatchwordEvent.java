package io.watchword.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact that happened in Watchword, published on one of the {@link Topics}.
 *
 * <p>Every event carries a unique {@link #eventId()} so that consumers can process it idempotently,
 * and the {@link #tenantId()} it belongs to.
 */
public interface WatchwordEvent {

    UUID eventId();

    Instant occurredAt();

    String tenantId();

    /** The Kafka record key: events about one subject share a key and so stay in order. */
    String partitionKey();

    /** The CloudEvents {@code subject}: what the event is about. */
    default String subject() {
        return partitionKey();
    }
}
