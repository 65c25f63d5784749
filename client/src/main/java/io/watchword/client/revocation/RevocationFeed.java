package io.watchword.client.revocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.core.follow.MalformedRecordException;
import io.watchword.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows the compacted revocations topic into a {@link RevocationSet}, through the core's {@link
 * CompactedTopicFollower} (every partition from the beginning, ready once caught up, then
 * streaming; unreadable records dead-lettered and skipped).
 *
 * <p>Revocations are bound to their tenant (contract 3): the set holds {@code <tenantId>/<credentialId>},
 * and the verifier looks a credential up under its own tenant, so a record of another tenant for
 * the same id changes nothing. The record key is {@code <tenantId>/<credentialId>}; a record whose
 * key names another credential than its value is refused. A legacy key (the bare id) is read by
 * its value's tenant.
 */
public final class RevocationFeed implements FeedState, AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final RevocationSet revocations;
    private final Consumer<String> onLifted;
    private final CompactedTopicFollower follower;
    private volatile Runnable progressListener;

    /**
     * @param kafkaProperties Kafka client properties ({@code bootstrap.servers}, TLS, SASL, ...)
     * @param consumerName names this reader in dead-letter headers and client ids
     * @param onLifted called with {@code <tenant>/<id>} when a revocation is lifted (reinstated or
     *     tombstoned), on the feed's thread
     */
    public RevocationFeed(
            Map<String, ?> kafkaProperties,
            String consumerName,
            RevocationSet revocations,
            Clock clock,
            Duration contactInterval,
            Consumer<String> onLifted) {
        this.revocations = revocations;
        this.onLifted = onLifted;
        this.follower = CompactedTopicFollower.builder()
                .topic(Topics.REVOCATIONS.name())
                .consumerName(consumerName)
                .kafkaProperties(kafkaProperties)
                .clock(clock)
                .contactInterval(contactInterval)
                .handler(this::apply)
                .onProgress(() -> {
                    Runnable listener = progressListener;
                    if (listener != null) {
                        listener.run();
                    }
                })
                .build();
    }

    /** Next offset to read per partition: every record below it is applied (the fleet reports it). */
    public Map<Integer, Long> positions() {
        return follower.positions();
    }

    /** Called on the feed's thread whenever {@link #positions()} moved; must not block. */
    public void onProgress(Runnable listener) {
        this.progressListener = listener;
    }

    /** The set's key for a credential of a tenant. */
    public static String key(String tenantId, String credentialId) {
        return tenantId + "/" + credentialId;
    }

    public void start() {
        follower.start();
    }

    /** Waits until the bootstrap read reached the end offsets seen at start. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitBootstrapped(timeout);
    }

    @Override
    public boolean isReady() {
        return follower.isBootstrapped();
    }

    @Override
    public long lastContactMillis() {
        return follower.lastContactMillis();
    }

    @Override
    public long lagRecords() {
        return follower.lagRecords();
    }

    public long recordsApplied() {
        return follower.recordsApplied();
    }

    /** Records refused as unreadable (dead-lettered and skipped). */
    public long invalidRecords() {
        return follower.recordsRefused();
    }

    /** Applies one record; throws {@link MalformedRecordException} for one it cannot read. */
    public void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw new MalformedRecordException("a revocation record without a key");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            // A tombstone: only the key says whose. A legacy bare-id key cannot be bound to a
            // tenant; it follows expiry, so the entry it would remove refuses nothing usable.
            if (key.indexOf('/') > 0) {
                revocations.put(key, RevocationSet.NONE);
                onLifted.accept(key);
            }
            return;
        }
        Parsed parsed = parse(record.value());
        String bound = key(parsed.tenantId, parsed.credentialId);
        if (key.indexOf('/') >= 0 && !key.equals(bound)) {
            throw new MalformedRecordException("the record key names another credential than its value");
        }
        revocations.put(bound, parsed.status);
        if (parsed.status == RevocationSet.NONE) {
            onLifted.accept(bound);
        }
    }

    private record Parsed(String tenantId, String credentialId, byte status) {}

    /**
     * The three fields the set needs of a {@code CredentialRevocationChanged}, read with a
     * streaming parser: the bootstrap of a million records is dominated by JSON.
     */
    static Parsed parse(byte[] json) {
        String tenant = null;
        String id = null;
        byte status = -1;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException("a revocation record value is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    switch (field) {
                        case "tenantId" -> tenant = parser.getText();
                        case "credentialId" -> id = parser.getText();
                        case "status" -> status = statusOf(parser.getText());
                        default -> {}
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new MalformedRecordException("a revocation record value is not JSON", e);
        }
        if (tenant == null || tenant.isEmpty() || id == null || id.isEmpty() || status < 0) {
            throw new MalformedRecordException("a revocation record lacks tenantId, credentialId or a known status");
        }
        return new Parsed(tenant, id, status);
    }

    private static byte statusOf(String text) {
        return switch (text) {
            case "REVOKED" -> RevocationSet.REVOKED;
            case "SUSPENDED" -> RevocationSet.SUSPENDED;
            case "REINSTATED" -> RevocationSet.NONE;
            default -> -1;
        };
    }

    @Override
    public void close() {
        follower.close();
    }
}
