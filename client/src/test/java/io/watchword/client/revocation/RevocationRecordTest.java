package io.watchword.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventSerde;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The feed reads exactly what producers write with the shared serde. */
class RevocationRecordTest {

    private final RevocationSet set = new RevocationSet();
    private final List<String> lifted = new ArrayList<>();
    private final RevocationFeed feed =
            new RevocationFeed("127.0.0.1:1", Map.of(), set, Clock.systemUTC(), Duration.ofSeconds(1), lifted::add);

    static byte[] event(String id, RevocationStatus status) {
        return EventSerde.serialize(new CredentialRevocationChanged(
                UUID.randomUUID(),
                Instant.now(),
                "ten_acme",
                id,
                CredentialType.API_KEY,
                null,
                status,
                RevocationReason.values()[0],
                "adm_x",
                null,
                Instant.now().plusSeconds(3600)));
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("watchword.revocations.v1", 0, 0, key, value);
    }

    @Test
    void readsTheStatusOfEveryKindOfEvent() {
        assertThat(RevocationFeed.statusOf(event("key_a", RevocationStatus.REVOKED)))
                .isEqualTo(RevocationSet.REVOKED);
        assertThat(RevocationFeed.statusOf(event("key_a", RevocationStatus.SUSPENDED)))
                .isEqualTo(RevocationSet.SUSPENDED);
        assertThat(RevocationFeed.statusOf(event("key_a", RevocationStatus.REINSTATED)))
                .isEqualTo(RevocationSet.NONE);
    }

    @Test
    void theFastScanAndTheParserAgreeAndOddlyFormattedJsonStillReads() {
        for (RevocationStatus status : RevocationStatus.values()) {
            byte[] json = event("key_a", status);
            assertThat(RevocationFeed.statusByScan(json)).isEqualTo(RevocationFeed.statusByParser(json));
        }
        byte[] spaced = "{ \"credentialId\" : \"key_a\", \"status\" : \"SUSPENDED\" }".getBytes(StandardCharsets.UTF_8);
        assertThat(RevocationFeed.statusOf(spaced)).isEqualTo(RevocationSet.SUSPENDED);
        byte[] decoy = "{\"requestedBy\":\"x\\\"status\\\":\\\"REINSTATED\",\"status\":\"REVOKED\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(RevocationFeed.statusOf(decoy)).isEqualTo(RevocationSet.REVOKED);
    }

    @Test
    void aTombstoneLiftsTheRevocation() {
        feed.apply(record("key_a", event("key_a", RevocationStatus.REVOKED)));

        feed.apply(record("key_a", null));

        assertThat(set.statusOf("key_a")).isEqualTo(RevocationSet.NONE);
        assertThat(lifted).containsExactly("key_a");
    }

    @Test
    void skipsAndCountsUnreadableRecordsWithoutTouchingTheSet() {
        feed.apply(record("key_a", event("key_a", RevocationStatus.REVOKED)));

        feed.apply(record("key_a", "not json".getBytes(StandardCharsets.UTF_8)));
        feed.apply(record("key_a", "{\"status\":\"MAYBE\"}".getBytes(StandardCharsets.UTF_8)));
        feed.apply(record(null, event("key_b", RevocationStatus.REVOKED)));

        assertThat(feed.invalidRecords()).isEqualTo(3);
        assertThat(set.statusOf("key_a")).isEqualTo(RevocationSet.REVOKED);
    }
}
