package io.watchword.issuer.outbox;

import io.agroal.api.AgroalDataSource;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.WatchwordEvent;
import io.watchword.issuer.credential.DataAccessException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends events to the {@code outbox} table inside the caller's transaction, so an event exists
 * if and only if the state change it describes was committed. The relay publishes them.
 */
@ApplicationScoped
public class OutboxWriter {

    static final String INSERT = "INSERT INTO outbox (event_id, topic, partition_key, event_type, payload)"
            + " SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bytea[])";

    private final AgroalDataSource dataSource;

    public OutboxWriter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(WatchwordEvent event) {
        appendAll(List.of(event));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<? extends WatchwordEvent> events) {
        try (Connection conn = dataSource.getConnection()) {
            insert(conn, events);
        } catch (SQLException e) {
            throw new DataAccessException("cannot append events to the outbox", e);
        }
    }

    /** Event type of an outbox row that is a compaction tombstone (null payload, null Kafka value). */
    public static final String TOMBSTONE = "tombstone";

    /**
     * A compaction tombstone: a null value under {@code key}, removing it from a compacted topic.
     * Same signature as the service kit's writer, so callers carry over unchanged.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendTombstone(String topic, String key) {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("INSERT INTO outbox (event_id, topic, partition_key,"
                        + " event_type, payload) VALUES (?, ?, ?, ?, NULL)")) {
            ps.setObject(1, java.util.UUID.randomUUID());
            ps.setString(2, topic);
            ps.setString(3, key);
            ps.setString(4, TOMBSTONE);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("cannot append a tombstone to the outbox", e);
        }
    }

    /** One statement for any number of events, in list order (seq follows it). */
    static void insert(Connection conn, List<? extends WatchwordEvent> events) throws SQLException {
        int n = events.size();
        Object[] ids = new Object[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            WatchwordEvent event = events.get(i);
            EventType type = EventType.of(event);
            ids[i] = event.eventId();
            topics[i] = type.topic().name();
            keys[i] = event.partitionKey();
            types[i] = type.cloudEventType();
            payloads[i] = EventSerde.serialize(event);
        }
        try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
            ps.setArray(1, conn.createArrayOf("uuid", ids));
            ps.setArray(2, conn.createArrayOf("text", topics));
            ps.setArray(3, conn.createArrayOf("text", keys));
            ps.setArray(4, conn.createArrayOf("text", types));
            ps.setArray(5, conn.createArrayOf("bytea", payloads));
            ps.executeUpdate();
        }
    }
}
