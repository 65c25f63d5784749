package io.watchword.revocation.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.WatchwordEvent;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends events to the {@code outbox} table inside the caller's transaction, so an event exists
 * exactly when the state change it describes was committed. The relay publishes them.
 */
@ApplicationScoped
public class OutboxWriter {

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final RevocationConfig config;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    @Inject
    public OutboxWriter(
            AgroalDataSource dataSource,
            ObjectMapper mapper,
            RevocationConfig config,
            OutboxRelay relay,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.config = config;
        this.relay = relay;
        this.transactions = transactions;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(WatchwordEvent event) {
        append(event, event.partitionKey());
    }

    /** As {@link #append(WatchwordEvent)}, under {@code key} (revocations: {@code <tenant>/<id>}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(WatchwordEvent event, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.of(event, config.eventSource())
                .forEach((name, value) -> headers.put(name, CloudEventHeaders.text(value)));
        insert(EventType.of(event).topic().name(), key, EventSerde.serialize(event), headers);
    }

    /** A compaction tombstone: a null value under {@code key}, removing it from the topic. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendTombstone(String topic, String key) {
        insert(topic, key, null, Map.of());
    }

    private void insert(String topic, String key, byte[] payload, Map<String, String> headers) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO outbox (topic, record_key, payload, headers) VALUES (?, ?, ?, ?::jsonb)")) {
            insert.setString(1, topic);
            insert.setString(2, key);
            insert.setBytes(3, payload);
            insert.setString(4, mapper.writeValueAsString(headers));
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot append to the outbox", e);
        }
        // Publish right after commit instead of waiting for the relay's next pass.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
