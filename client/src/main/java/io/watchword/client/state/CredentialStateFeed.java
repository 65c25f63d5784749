package io.watchword.client.state;

import io.watchword.client.revocation.FeedState;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.core.follow.MalformedRecordException;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialStateChanged;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows {@code watchword.credential-state.v1} (keyed by credential id) into {@link
 * CredentialStates} with the core's {@link CompactedTopicFollower}: a verifier learns every
 * rotation, expiry, suspension, scope and CIDR change with no call to the issuer.
 */
public final class CredentialStateFeed implements FeedState, AutoCloseable {

    private final CredentialStates states;
    private final Consumer<String> onChanged;
    private final CompactedTopicFollower follower;
    private volatile Runnable progressListener;

    /**
     * @param onChanged called with a credential id after its state changed, on the feed's thread
     */
    public CredentialStateFeed(
            Map<String, ?> kafkaProperties,
            String consumerName,
            CredentialStates states,
            Clock clock,
            Duration contactInterval,
            Consumer<String> onChanged) {
        this.states = states;
        this.onChanged = onChanged;
        this.follower = CompactedTopicFollower.builder()
                .topic(Topics.CREDENTIAL_STATE.name())
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

    public void start() {
        follower.start();
    }

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

    public long invalidRecords() {
        return follower.recordsRefused();
    }

    public void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw new MalformedRecordException("a credential-state record without a key");
        }
        String id = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            states.remove(id);
            onChanged.accept(id);
            return;
        }
        CredentialStateChanged event;
        try {
            event = EventSerde.deserialize(record.value(), CredentialStateChanged.class);
        } catch (InvalidEventException e) {
            throw new MalformedRecordException(e.getMessage(), e);
        }
        if (!id.equals(event.credentialId())) {
            throw new MalformedRecordException("the record key is not the credentialId of its value");
        }
        states.apply(event);
        onChanged.accept(id);
    }

    @Override
    public void close() {
        follower.close();
    }
}
