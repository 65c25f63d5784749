package io.watchword.deploy.bench;

import io.watchword.core.credential.CredentialIds;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Usage events as the client library writes them, over many keys of many tenants: every key is
 * equally likely (the worst case for per-key aggregation), each with a few client addresses and a
 * handful of routes, 5 % client errors and 1 % server errors. Seeded, so two runs publish the same.
 */
final class SyntheticUsage {

    private static final String[] ROUTES = {"/orders", "/orders/{id}", "/orders/{id}/items", "/customers/{id}"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST"};

    private final List<String> keys;
    private final int tenants;
    private final SplittableRandom random;

    /** {@code keyCount} new key ids spread over {@code tenants} tenants ({@code bench-0…}). */
    SyntheticUsage(int keyCount, int tenants, long seed) {
        this.random = new SplittableRandom(seed);
        this.tenants = tenants;
        this.keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(CredentialIds.newApiKeyId());
        }
    }

    static String tenantOf(int keyIndex, int tenants) {
        return "bench-" + (keyIndex % tenants);
    }

    /** One event of a random key, at {@code at}. */
    ApiUsageRecorded next(Instant at) {
        int k = random.nextInt(keys.size());
        return event(tenantOf(k, tenants), keys.get(k), at, k);
    }

    /** One event of key {@code keyId} of {@code tenantId}, at {@code at}. */
    ApiUsageRecorded event(String tenantId, String keyId, Instant at, int keyIndex) {
        int r = random.nextInt(100);
        int status = r < 1 ? 503 : r < 6 ? 404 : 200;
        int route = random.nextInt(ROUTES.length);
        // A key's traffic comes from one of four addresses of its own /24.
        String ip = "10." + ((keyIndex >> 8) & 0xff) + "." + (keyIndex & 0xff) + "." + (1 + random.nextInt(4));
        return new ApiUsageRecorded(
                UUID.randomUUID(),
                at.truncatedTo(ChronoUnit.MICROS),
                tenantId,
                keyId,
                "orders-api",
                METHODS[route],
                ROUTES[route],
                status,
                500 + random.nextInt(5_000),
                ip,
                "watchword-bench/1.0",
                200 + random.nextInt(800),
                400 + random.nextInt(4_000));
    }

    /**
     * Publishes {@code count} events straight to the usage topic (as the client library's publisher
     * does, acks=all), their times spread evenly over the {@code window} before now.
     */
    void publish(String bootstrapServers, int count, Duration window) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        Instant start = Instant.now().minus(window);
        long stepNanos = Math.max(1, window.toNanos() / Math.max(1, count));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(
                        EventRecords.toProducerRecord(next(start.plusNanos(i * stepNanos)), "/watchword/benchmark"));
            }
            producer.flush();
        }
    }
}
