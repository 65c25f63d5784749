package io.watchword.revocation.fleet;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The receipt columns of the revocations table (V7_65): the event of the current state and where it landed. */
@ApplicationScoped
public class ReceiptRepository {

    /** Where the current state's event was published; partition and offset null until acknowledged. */
    public record Published(
            UUID eventId, Integer partition, Long offset, Instant publishedAt, Instant appliedByAllAt) {}

    private final AgroalDataSource dataSource;

    @Inject
    public ReceiptRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    // The event of a new state is written with the state itself (RevocationRepository.insertIfAbsent
    // and updateState, one statement each): the previous state's receipt no longer counts.

    /** Kafka acknowledged {@code eventId} at this partition and offset (a resend lands later: keep the first). */
    public void published(UUID eventId, int partition, long offset, Instant at) {
        update(
                "UPDATE revocations SET published_partition = ?, published_offset = ?, published_at = ?"
                        + " WHERE event_id = ? AND published_offset IS NULL",
                s -> {
                    s.setInt(1, partition);
                    s.setLong(2, offset);
                    s.setTimestamp(3, Timestamp.from(at));
                    s.setObject(4, eventId);
                });
    }

    public void appliedByAll(UUID eventId, Instant at) {
        update("UPDATE revocations SET applied_by_all_at = ? WHERE event_id = ? AND applied_by_all_at IS NULL", s -> {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, eventId);
        });
    }

    public Optional<Published> find(String tenantId, String revocationId) {
        String sql = "SELECT event_id, published_partition, published_offset, published_at, applied_by_all_at"
                + " FROM revocations WHERE id = ? AND tenant_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, revocationId);
            s.setString(2, tenantId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || r.getObject(1) == null) {
                    return Optional.empty();
                }
                Timestamp published = r.getTimestamp(4);
                Timestamp all = r.getTimestamp(5);
                return Optional.of(new Published(
                        r.getObject(1, UUID.class),
                        (Integer) r.getObject(2),
                        (Long) r.getObject(3),
                        published == null ? null : published.toInstant(),
                        all == null ? null : all.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a revocation receipt failed: " + e.getSQLState(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing a revocation receipt failed: " + e.getSQLState(), e);
        }
    }
}
