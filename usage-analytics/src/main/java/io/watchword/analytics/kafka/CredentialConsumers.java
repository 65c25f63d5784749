package io.watchword.analytics.kafka;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.analytics.repository.CredentialStore;
import io.watchword.core.credential.TenantIds;
import io.watchword.events.InvalidEventException;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The credential-state topic (which keys exist: tenant, scopes, expiry, status) and the
 * revocations topic, both compacted and read from the beginning, in batches. Applying a state is
 * idempotent (newest {@code occurredAt} wins), so redelivery is harmless. A record that is not a
 * valid event of its topic is dead-lettered with the reason; the rest of the batch is applied.
 */
@ApplicationScoped
public class CredentialConsumers {

    private final CredentialStore store;
    private final DeadLetterEmitter deadLetters;
    private final AnalyticsConfig config;

    @Inject
    public CredentialConsumers(CredentialStore store, DeadLetterEmitter deadLetters, AnalyticsConfig config) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Incoming("credential-state")
    public Uni<Void> credentialState(ConsumerRecords<String, byte[]> batch) {
        // The newest record per key in the batch is its state (compacted-topic semantics).
        Map<String, CredentialStateChanged> states = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            try {
                if (record.value() == null) {
                    if (record.key() == null) {
                        throw new InvalidEventException("a tombstone without a key");
                    }
                    states.remove(record.key());
                    gone.add(record.key());
                    continue;
                }
                if (!(EventRecords.read(record) instanceof CredentialStateChanged state)) {
                    throw new InvalidEventException("not a CredentialStateChanged");
                }
                if (!TenantIds.isTenantId(state.tenantId())) {
                    throw new InvalidEventException("tenantId is not a tenant id");
                }
                if (state.scopes() == null || state.status() == null || state.credentialType() == null) {
                    throw new InvalidEventException("CredentialStateChanged lacks scopes, status or type");
                }
                gone.remove(state.credentialId());
                states.put(state.credentialId(), state);
            } catch (InvalidEventException e) {
                rejected.add(deadLetter(record, "credential-state", e.getMessage()));
            }
        }
        List<CredentialStateChanged> newest = List.copyOf(states.values());
        return sequentially(rejected)
                .chain(() -> retried(store.applyStates(newest).chain(() -> store.markGone(gone))));
    }

    @Incoming("revocations")
    public Uni<Void> revocations(ConsumerRecords<String, byte[]> batch) {
        List<CredentialRevocationChanged> changes = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (record.value() == null) {
                continue; // a tombstone: the credential expired long ago; nothing to change here
            }
            try {
                WatchwordEvent event = EventRecords.read(record);
                if (!(event instanceof CredentialRevocationChanged change)) {
                    throw new InvalidEventException("not a CredentialRevocationChanged");
                }
                if (!TenantIds.isTenantId(change.tenantId()) || change.status() == null) {
                    throw new InvalidEventException("CredentialRevocationChanged lacks a valid tenantId or status");
                }
                changes.add(change);
            } catch (InvalidEventException e) {
                rejected.add(deadLetter(record, "revocations", e.getMessage()));
            }
        }
        return sequentially(rejected).chain(() -> retried(store.applyRevocations(changes)));
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String channel, String reason) {
        return deadLetters.send(record, config.consumer().groupId() + "-" + channel, reason);
    }

    /** PostgreSQL restarting is no reason to dead-letter credential state: retry with backoff. */
    private Uni<Void> retried(Uni<Void> write) {
        AnalyticsConfig.Consumer settings = config.consumer();
        return write.onFailure()
                .retry()
                .withBackOff(settings.retryBackoff(), settings.maxRetryBackoff())
                .atMost(settings.maxRetries());
    }

    private static Uni<Void> sequentially(List<Uni<Void>> unis) {
        if (unis.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(unis)
                .onItem()
                .transformToUniAndConcatenate(u -> u)
                .collect()
                .last()
                .replaceWithVoid();
    }
}
