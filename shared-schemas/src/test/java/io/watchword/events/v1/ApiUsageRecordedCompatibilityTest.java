package io.watchword.events.v1;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventDeserializer;
import io.watchword.events.kafka.EventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What a producer writes with and without the refusal fields, the consumer side reads (issue 6, contract 2). */
class ApiUsageRecordedCompatibilityTest {

    private static final Instant AT = Instant.parse("2026-12-02T05:00:00Z");

    /** Exactly what a producer built before refusals existed wrote (no outcome, reason or prefix). */
    private static final String WRITTEN_BY_AN_OLDER_PRODUCER = """
            {"eventId":"0b7f5a8e-4c1d-4e7a-9f3b-2d6c8e1a5b90","occurredAt":"2026-12-02T05:00:00Z",
             "tenantId":"acme","credentialId":"key_abc","service":"orders-api","method":"GET",
             "route":"/orders/{id}","status":200,"latencyMicros":1840,"clientIp":"203.0.113.7",
             "requestBytes":0,"responseBytes":1532}""";

    /** The fields an older consumer's record has: it must still read a new producer's events. */
    record OlderConsumerView(
            UUID eventId,
            Instant occurredAt,
            String tenantId,
            String credentialId,
            String service,
            String method,
            String route,
            int status,
            long latencyMicros,
            String clientIp,
            String userAgent,
            long requestBytes,
            long responseBytes) {}

    @Test
    void eventOfAnOlderProducerReadsAsAccepted() {
        ApiUsageRecorded read = EventSerde.deserialize(
                WRITTEN_BY_AN_OLDER_PRODUCER.getBytes(StandardCharsets.UTF_8), ApiUsageRecorded.class);

        assertThat(read.outcome()).isNull();
        assertThat(read.effectiveOutcome()).isEqualTo(UsageOutcome.ACCEPTED);
        assertThat(read.refusalReason()).isNull();
        assertThat(read.credentialId()).isEqualTo("key_abc");
        assertThat(read.partitionKey()).isEqualTo("key_abc");
    }

    @Test
    void acceptedEventOfTheOldConstructorRoundTripsOverKafkaRecords() {
        ApiUsageRecorded accepted = new ApiUsageRecorded(
                UUID.randomUUID(), AT, "acme", "key_abc", "orders-api", "GET", "/orders", 200, 12, null, null, 0, 10);

        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(accepted, "/watchword/test");

        assertThat(record.topic()).isEqualTo(Topics.USAGE.name());
        assertThat(record.key()).isEqualTo("key_abc");
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .doesNotContain("outcome")
                .doesNotContain("refusalReason");
        assertThat(EventRecords.read(consumed(record))).isEqualTo(accepted);
    }

    @Test
    void refusalOfAKnownKeyCarriesItsIdAndReason() {
        ApiUsageRecorded refused = new ApiUsageRecorded(
                UUID.randomUUID(),
                AT,
                "acme",
                "key_abc",
                "orders-api",
                "GET",
                "/orders",
                401,
                5,
                "127.0.0.2",
                null,
                0,
                0,
                UsageOutcome.REFUSED,
                RefusalReason.ROTATED_OUT,
                null);

        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(refused, "/watchword/test");
        ApiUsageRecorded read = (ApiUsageRecorded) EventRecords.read(consumed(record));

        assertThat(read).isEqualTo(refused);
        assertThat(read.effectiveOutcome()).isEqualTo(UsageOutcome.REFUSED);
        assertThat(record.key()).isEqualTo("key_abc");
    }

    @Test
    void refusalOfAnUnknownKeyIsKeyedByItsDisplayPrefixAndHasNoTenant() {
        ApiUsageRecorded refused = new ApiUsageRecorded(
                UUID.randomUUID(),
                AT,
                null,
                null,
                "orders-api",
                "GET",
                "/orders",
                401,
                5,
                null,
                null,
                0,
                0,
                UsageOutcome.REFUSED,
                RefusalReason.UNKNOWN_CREDENTIAL,
                "ww_live_AbCd1234");

        ProducerRecord<String, byte[]> record = EventRecords.toProducerRecord(refused, "/watchword/test");

        assertThat(record.key()).isEqualTo("ww_live_AbCd1234");
        assertThat(record.headers().lastHeader("ce_tenant")).isNull();
        assertThat(EventRecords.read(consumed(record))).isEqualTo(refused);
    }

    @Test
    void malformedCredentialWithNoPrefixIsUnattributed() {
        ApiUsageRecorded refused = new ApiUsageRecorded(
                UUID.randomUUID(),
                AT,
                null,
                null,
                "orders-api",
                "GET",
                "/orders",
                401,
                5,
                null,
                null,
                0,
                0,
                UsageOutcome.REFUSED,
                RefusalReason.MALFORMED_CREDENTIAL,
                null);

        assertThat(refused.partitionKey()).isEqualTo(ApiUsageRecorded.UNATTRIBUTED);
        assertThat(new EventDeserializer()
                        .deserialize(
                                Topics.USAGE.name(),
                                EventRecords.toProducerRecord(refused, "/t").headers(),
                                EventSerde.serialize(refused)))
                .isEqualTo(refused);
    }

    @Test
    void olderConsumerReadsANewProducersRefusalOfAKnownKey() throws Exception {
        ApiUsageRecorded refused = new ApiUsageRecorded(
                UUID.randomUUID(),
                AT,
                "acme",
                "key_abc",
                "orders-api",
                "DELETE",
                "/orders/{id}",
                403,
                5,
                null,
                null,
                0,
                0,
                UsageOutcome.REFUSED,
                RefusalReason.INSUFFICIENT_SCOPE,
                null);

        // the serde's reader ignores properties it does not know, as every older consumer's does
        OlderConsumerView old = EventSerde.mapper().readValue(EventSerde.serialize(refused), OlderConsumerView.class);

        assertThat(old.credentialId()).isEqualTo("key_abc");
        assertThat(old.status()).isEqualTo(403);
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed =
                new ConsumerRecord<>(record.topic(), 0, 0L, record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        return consumed;
    }
}
