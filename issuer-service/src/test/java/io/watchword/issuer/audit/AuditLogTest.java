package io.watchword.issuer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.watchword.events.Topics;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.config.IssuerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@link AuditLog} makes a record durable (decision 0282), with Kafka's {@code MockProducer}
 * in place of the broker and a list in place of the outbox; the real broker and database are in
 * {@code TokenAuditTest} and {@code TokenAuditOutageTest}.
 */
class AuditLogTest {

    private final List<AuditRecorded> outbox = new CopyOnWriteArrayList<>();
    private final AtomicBoolean outboxDown = new AtomicBoolean();
    private final List<MockProducer<String, byte[]>> producers = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AuditLog log;

    @AfterEach
    void stop() {
        if (log != null) {
            log.stop();
        }
    }

    private AuditLog start(AuditLog.Path path, Duration retryAfter) {
        log = new AuditLog(
                settings(path, retryAfter),
                events -> {
                    if (outboxDown.get()) {
                        throw new IllegalStateException("database unavailable");
                    }
                    outbox.addAll(events);
                },
                "/watchword/issuer-service",
                clientId -> add(newProducer()),
                meters);
        log.start();
        return log;
    }

    @Test
    void aRecordIsDurableOnceKafkaAcknowledgedItAndNeverTouchesTheOutbox() throws Exception {
        start(AuditLog.Path.KAFKA_FIRST, Duration.ofSeconds(10));
        AuditRecorded event = event();

        CompletableFuture<Void> done = log.recordAsync(event);
        MockProducer<String, byte[]> producer = awaitSent(0, 1);
        assertThat(done).as("not durable before the acknowledgement").isNotDone();
        producer.completeNext();

        done.get(5, TimeUnit.SECONDS);
        var sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(Topics.AUDIT.name());
        assertThat(sent.key()).isEqualTo(event.tenantId());
        assertThat(new String(sent.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                .isEqualTo(event.eventId().toString());
        assertThat(outbox).isEmpty();
        assertThat(count("kafka")).isEqualTo(1);
    }

    @Test
    void aRecordKafkaFailedGoesToTheOutboxAndSoDoTheNextOnesUntilTheRetryTime() throws Exception {
        start(AuditLog.Path.KAFKA_FIRST, Duration.ofMillis(600));
        AuditRecorded first = event();

        CompletableFuture<Void> done = log.recordAsync(first);
        awaitSent(0, 1).errorNext(new TimeoutException("no acknowledgement in time"));
        done.get(5, TimeUnit.SECONDS);
        assertThat(outbox).containsExactly(first);

        // Paused: straight to the outbox, no Kafka attempt.
        AuditRecorded second = event();
        log.recordAsync(second).get(5, TimeUnit.SECONDS);
        assertThat(outbox).containsExactly(first, second);
        assertThat(producers.get(0).history()).hasSize(1);

        // After the pause, Kafka again, with a fresh producer.
        Thread.sleep(700);
        CompletableFuture<Void> third = log.recordAsync(event());
        assertThat(producers.get(0).closed()).isTrue();
        awaitSent(1, 1).completeNext();
        third.get(5, TimeUnit.SECONDS);
        assertThat(outbox).hasSize(2);
        assertThat(count("kafka")).isEqualTo(1);
        assertThat(count("outbox")).isEqualTo(2);
    }

    @Test
    void aRecordThatCannotBeHandedToKafkaGoesToTheOutboxAndAFreshProducerTriesLater() throws Exception {
        // The first producer fails every send at once, as when the broker's metadata cannot be had.
        MockProducer<String, byte[]> failing = newProducer();
        failing.sendException = new TimeoutException("Topic not present in metadata after 1000 ms");
        log = new AuditLog(
                settings(AuditLog.Path.KAFKA_FIRST, Duration.ofMillis(300)),
                outbox::addAll,
                "/watchword/issuer-service",
                clientId -> add(producers.isEmpty() ? failing : newProducer()),
                meters);
        log.start();
        AuditRecorded event = event();

        log.recordAsync(event).get(5, TimeUnit.SECONDS);
        assertThat(outbox).containsExactly(event);
        assertThat(failing.closed()).as("the failed producer is closed").isTrue();

        Thread.sleep(400);
        CompletableFuture<Void> later = log.recordAsync(event());
        awaitSent(1, 1).completeNext();
        later.get(5, TimeUnit.SECONDS);
        assertThat(outbox).hasSize(1);
    }

    @Test
    void aRecordNotAcknowledgedWithinTheKafkaTimeoutGoesToTheOutbox() throws Exception {
        start(AuditLog.Path.KAFKA_FIRST, Duration.ofSeconds(10));
        AuditRecorded event = event();

        CompletableFuture<Void> done = log.recordAsync(event);
        MockProducer<String, byte[]> producer = awaitSent(0, 1);

        done.get(5, TimeUnit.SECONDS); // after the 1 s kafka-timeout
        assertThat(outbox).containsExactly(event);
        assertThat(producer.closed()).as("a fresh producer next time").isTrue();
    }

    @Test
    void aGroupIsHandedOverTogetherAndOnlyItsFailedRecordsGoToTheOutbox() throws Exception {
        start(AuditLog.Path.KAFKA_FIRST, Duration.ofSeconds(10));
        // The first record keeps the writer busy, so the next three form one group.
        CompletableFuture<Void> first = log.recordAsync(event());
        MockProducer<String, byte[]> producer = awaitSent(0, 1);
        List<AuditRecorded> group = List.of(event(), event(), event());
        List<CompletableFuture<Void>> done =
                group.stream().map(log::recordAsync).toList();
        producer.completeNext();
        first.get(5, TimeUnit.SECONDS);

        awaitSent(0, 4);
        producer.completeNext();
        producer.errorNext(new TimeoutException("expired"));
        producer.completeNext();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        assertThat(outbox).containsExactly(group.get(1));
        assertThat(count("kafka")).isEqualTo(3);
    }

    @Test
    void withThePathSetToTheOutboxKafkaIsNeverUsed() throws Exception {
        start(AuditLog.Path.OUTBOX, Duration.ofSeconds(10));
        List<CompletableFuture<Void>> done = List.of(log.recordAsync(event()), log.recordAsync(event()));

        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(outbox).hasSize(2);
        assertThat(producers).isEmpty();
    }

    @Test
    void aCallerIsRefusedWhenNeitherKafkaNorTheOutboxTakesTheRecord() {
        start(AuditLog.Path.KAFKA_FIRST, Duration.ofSeconds(10));
        outboxDown.set(true);

        CompletableFuture<Void> done = log.recordAsync(event());
        awaitSent(0, 1).errorNext(new TimeoutException("no acknowledgement in time"));

        assertThatThrownBy(() -> done.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("database unavailable");
        assertThatThrownBy(() -> log.record(event())).isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void aKafkaTimeoutThatLeavesNoTimeForTheOutboxIsRefusedAtStart() {
        IssuerConfig.Audit tooLong = settings(
                AuditLog.Path.KAFKA_FIRST, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThatThrownBy(() -> new AuditLog(tooLong, outbox::addAll, "/s", clientId -> newProducer(), meters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "kafka-timeout (PT1S) must be shorter than watchword.issuer.audit.timeout (PT1S)");
    }

    private MockProducer<String, byte[]> add(MockProducer<String, byte[]> producer) {
        producers.add(producer);
        return producer;
    }

    /** A producer whose broker answers when the test says ({@code completeNext}, {@code errorNext}). */
    private static MockProducer<String, byte[]> newProducer() {
        return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void flush() {
                // MockProducer's flush acknowledges everything; a real one waits for the broker.
            }
        };
    }

    /** The {@code index}th producer, once it was handed {@code records} records in all. */
    private MockProducer<String, byte[]> awaitSent(int index, int records) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> producers.size() > index
                        && producers.get(index).history().size() >= records);
        return producers.get(index);
    }

    private double count(String path) {
        return meters.get("watchword.audit.records").tag("path", path).counter().count();
    }

    private static AuditRecorded event() {
        return new AuditRecorded(
                UUID.randomUUID(),
                Instant.now(),
                "tenant-" + UUID.randomUUID(),
                "issuer-service",
                "key-1",
                "token.issue",
                "token",
                null,
                AuditOutcome.SUCCESS,
                "127.0.0.1",
                "curl/8",
                Map.of());
    }

    private static IssuerConfig.Audit settings(AuditLog.Path path, Duration retryAfter) {
        return settings(path, retryAfter, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    private static IssuerConfig.Audit settings(
            AuditLog.Path path, Duration retryAfter, Duration timeout, Duration kafkaTimeout) {
        return new IssuerConfig.Audit() {
            @Override
            public int maxBatch() {
                return 500;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public AuditLog.Path path() {
                return path;
            }

            @Override
            public Duration kafkaTimeout() {
                return kafkaTimeout;
            }

            @Override
            public Duration kafkaRetryAfter() {
                return retryAfter;
            }
        };
    }
}
