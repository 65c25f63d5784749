package io.watchword.kit.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.watchword.events.WatchwordEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Appends records to the {@code outbox} table inside the caller's transaction, so an event exists
 * exactly when the state change it describes was committed (decision 0090). {@link OutboxRelay}
 * publishes them; a commit that appended anything wakes it at once.
 */
@ApplicationScoped
@IfBuildProperty(name = "watchword.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxWriter {

    // One statement for any number of records; seq follows the list order.
    static final String INSERT = "INSERT INTO outbox (topic, record_key, payload, headers)"
            + " SELECT t, k, p, h::jsonb FROM unnest(?::text[], ?::text[], ?::bytea[], ?::text[]) AS u(t, k, p, h)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object WAKE_REGISTERED = new Object();
    private static final Object COLLECTING = new Object();

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    @Inject
    public OutboxWriter(
            AgroalDataSource dataSource,
            OutboxConfig config,
            OutboxRelay relay,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.config = config;
        this.relay = relay;
        this.transactions = transactions;
    }

    /** The event under its own partition key, with CloudEvents headers. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(WatchwordEvent event) {
        appendRecords(List.of(OutboxRecord.of(event, config.eventSource())));
    }

    /** The event under an explicit record key (e.g. {@code <tenant>/<credential id>}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(WatchwordEvent event, String recordKey) {
        appendRecords(List.of(OutboxRecord.of(event, recordKey, config.eventSource())));
    }

    /** Several events, published in list order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<? extends WatchwordEvent> events) {
        appendRecords(records(events));
    }

    /** A compaction tombstone: a null value under {@code key}, removing it from the topic. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendTombstone(String topic, String key) {
        appendRecords(List.of(OutboxRecord.tombstone(topic, key)));
    }

    /**
     * Runs {@code work} in the caller's transaction with every record it appends (through any
     * method of this writer, from any bean) collected, then writes them all in ONE statement, in
     * the order they were appended: one round trip to the database instead of one per record, for
     * a change that emits several events (a new key: its {@code CredentialIssued}, its first state
     * and its audit record). Same transaction, same order, same failure as appending them one by
     * one: if {@code work} throws, nothing is written and the exception propagates (the
     * transaction rolls back anyway); if the insert fails, {@link OutboxException}. Nested calls
     * join the outermost one, which writes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T appendTogether(Supplier<T> work) {
        if (transactions.getResource(COLLECTING) instanceof Collected open && open.active) {
            return work.get();
        }
        Collected collected = new Collected();
        transactions.putResource(COLLECTING, collected);
        T result;
        try {
            result = work.get();
        } finally {
            collected.active = false;
        }
        write(collected.records);
        return result;
    }

    /** The records a running {@link #appendTogether} has collected in this transaction. */
    private static final class Collected {
        final List<OutboxRecord> records = new ArrayList<>();
        boolean active = true;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void appendRecords(List<OutboxRecord> records) {
        if (transactions.getResource(COLLECTING) instanceof Collected open && open.active) {
            open.records.addAll(records);
            return;
        }
        write(records);
    }

    private void write(List<OutboxRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, records);
        } catch (SQLException e) {
            throw new OutboxException("cannot append to the outbox", e);
        }
        wakeRelayAfterCommit();
    }

    /**
     * For writers that manage their own connection and commit outside JTA (the issuer's audit
     * group commit, decision 0032): inserts the events on {@code connection}, nothing else. The
     * relay finds them on its next poll.
     */
    public void insertEvents(Connection connection, List<? extends WatchwordEvent> events) throws SQLException {
        insert(connection, records(events));
    }

    private List<OutboxRecord> records(List<? extends WatchwordEvent> events) {
        String source = config.eventSource();
        return events.stream().map(e -> OutboxRecord.of(e, source)).toList();
    }

    static void insert(Connection connection, List<OutboxRecord> records) throws SQLException {
        int n = records.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        byte[][] payloads = new byte[n][];
        String[] headers = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxRecord record = records.get(i);
            topics[i] = record.topic();
            keys[i] = record.key();
            payloads[i] = record.payload();
            try {
                headers[i] = JSON.writeValueAsString(record.headers());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write headers as JSON", e);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("text", topics));
            insert.setArray(2, connection.createArrayOf("text", keys));
            insert.setArray(3, connection.createArrayOf("bytea", payloads));
            insert.setArray(4, connection.createArrayOf("text", headers));
            insert.executeUpdate();
        }
    }

    /** Publish right after commit instead of at the relay's next poll; once per transaction. */
    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
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
