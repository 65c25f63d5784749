package io.watchword.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.core.follow.MalformedRecordException;
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

/** The feed reads exactly what producers write with the shared serde, bound to the tenant. */
class RevocationRecordTest {

    private final RevocationSet set = new RevocationSet();
    private final List<String> lifted = new ArrayList<>();
    private final RevocationFeed feed = new RevocationFeed(
            Map.of("bootstrap.servers", "127.0.0.1:1"),
            "test",
            set,
            Clock.systemUTC(),
            Duration.ofSeconds(1),
            lifted::add);

    static byte[] event(String tenant, String id, RevocationStatus status) {
        return EventSerde.serialize(new CredentialRevocationChanged(
                UUID.randomUUID(),
                Instant.now(),
                tenant,
                id,
                CredentialType.API_KEY,
                null,
                status,
                RevocationReason.values()[0],
                "adm_x",
                null,
                Instant.now().plusSeconds(3600)));
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(
                "watchword.revocations.v1", 0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void readsTheStatusOfEveryKindOfEventUnderItsTenant() {
        feed.apply(record("ten_acme/key_a", event("ten_acme", "key_a", RevocationStatus.REVOKED)));
        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.REVOKED);
        feed.apply(record("ten_acme/key_a", event("ten_acme", "key_a", RevocationStatus.SUSPENDED)));
        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.SUSPENDED);
        feed.apply(record("ten_acme/key_a", event("ten_acme", "key_a", RevocationStatus.REINSTATED)));
        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.NONE);
        assertThat(lifted).containsExactly("ten_acme/key_a");
    }

    @Test
    void anotherTenantsRecordForTheSameIdDoesNotTouchThisTenant() {
        feed.apply(record("ten_evil/key_a", event("ten_evil", "key_a", RevocationStatus.REVOKED)));

        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.NONE);
        assertThat(set.statusOf("ten_evil/key_a")).isEqualTo(RevocationSet.REVOKED);
    }

    @Test
    void oddlyFormattedJsonStillReads() {
        byte[] spaced = "{ \"tenantId\" : \"ten_acme\", \"credentialId\" : \"key_a\", \"status\" : \"SUSPENDED\" }"
                .getBytes(StandardCharsets.UTF_8);
        feed.apply(record("ten_acme/key_a", spaced));
        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.SUSPENDED);
    }

    @Test
    void aLegacyBareIdKeyIsReadByItsValuesTenant() {
        feed.apply(record("key_a", event("ten_acme", "key_a", RevocationStatus.REVOKED)));

        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.REVOKED);
    }

    @Test
    void aTombstoneLiftsTheRevocation() {
        feed.apply(record("ten_acme/key_a", event("ten_acme", "key_a", RevocationStatus.REVOKED)));

        feed.apply(record("ten_acme/key_a", null));

        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.NONE);
        assertThat(lifted).containsExactly("ten_acme/key_a");
    }

    @Test
    void refusesUnreadableRecordsWithoutTouchingTheSet() {
        feed.apply(record("ten_acme/key_a", event("ten_acme", "key_a", RevocationStatus.REVOKED)));

        assertThatThrownBy(() -> feed.apply(record("ten_acme/key_a", "not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> feed.apply(record(
                        "ten_acme/key_a",
                        "{\"tenantId\":\"ten_acme\",\"credentialId\":\"key_a\",\"status\":\"MAYBE\"}"
                                .getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> feed.apply(record(null, event("ten_acme", "key_b", RevocationStatus.REVOKED))))
                .isInstanceOf(MalformedRecordException.class);
        // A key that names another tenant's credential than the value does is not trusted either way.
        assertThatThrownBy(() ->
                        feed.apply(record("ten_acme/key_a", event("ten_evil", "key_a", RevocationStatus.REINSTATED))))
                .isInstanceOf(MalformedRecordException.class);

        assertThat(set.statusOf("ten_acme/key_a")).isEqualTo(RevocationSet.REVOKED);
    }
}
