package io.watchword.revocation.repository;

import static io.watchword.revocation.repository.Jdbc.failure;
import static io.watchword.revocation.repository.Jdbc.instant;
import static io.watchword.revocation.repository.Jdbc.ts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Alerts waiting for their credential to be known (V5, decision 0083), with the record as read. */
@ApplicationScoped
public class HeldAlertRepository {

    /** A held alert: the consumed record (to act on it, or dead-letter it unchanged) and its state. */
    public record HeldAlert(
            UUID alertId,
            String tenantId,
            String credentialId,
            String recordKey,
            byte[] payload,
            Map<String, String> headers,
            int partition,
            long offset,
            String reason,
            int attempts,
            Instant heldAt,
            Instant nextAttemptAt) {}

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    @Inject
    public HeldAlertRepository(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** Holds an alert; false when it is held already (a redelivery). */
    public boolean hold(
            UUID alertId,
            String tenantId,
            String credentialId,
            ConsumerRecord<String, byte[]> record,
            String reason,
            Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String sql = "INSERT INTO held_alerts (alert_id, tenant_id, credential_id, record_key, payload, headers,"
                + " source_partition, source_offset, reason, held_at, next_attempt_at)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, alertId);
            s.setString(2, tenantId);
            s.setString(3, credentialId);
            s.setString(4, record.key());
            s.setBytes(5, record.value());
            s.setString(6, mapper.writeValueAsString(headers));
            s.setInt(7, record.partition());
            s.setLong(8, record.offset());
            s.setString(9, reason);
            s.setTimestamp(10, ts(now));
            s.setTimestamp(11, ts(now));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("holding an alert", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the headers of a held alert", e);
        }
    }

    /**
     * The oldest held alert whose credential has become known or whose next attempt is due,
     * locked (and skipped by another instance doing the same) until the transaction ends.
     */
    public Optional<HeldAlert> lockNextReady(Instant now, Instant failedBefore) {
        String sql = "SELECT alert_id, tenant_id, credential_id, record_key, payload, headers::text,"
                + " source_partition, source_offset, reason, attempts, held_at, next_attempt_at FROM held_alerts h"
                + " WHERE (next_attempt_at <= ? OR EXISTS (SELECT 1 FROM credentials c WHERE c.id = h.credential_id))"
                + " AND (failed_at IS NULL OR failed_at < ?)"
                + " ORDER BY held_at LIMIT 1 FOR UPDATE SKIP LOCKED";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, ts(now));
            s.setTimestamp(2, ts(failedBefore));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(map(r));
            }
        } catch (SQLException e) {
            throw failure("reading held alerts", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable headers of a held alert", e);
        }
    }

    /** Acting on it failed: not tried again until {@code failed_at} is old enough. */
    public void markFailed(UUID alertId, String reason, Instant now) {
        update("UPDATE held_alerts SET failed_at = ?, reason = ?, attempts = attempts + 1 WHERE alert_id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, reason);
            s.setObject(3, alertId);
        });
    }

    /** A held alert by id, locked (for giving it up after a failure). */
    public Optional<HeldAlert> lock(UUID alertId) {
        String sql = "SELECT alert_id, tenant_id, credential_id, record_key, payload, headers::text,"
                + " source_partition, source_offset, reason, attempts, held_at, next_attempt_at FROM held_alerts"
                + " WHERE alert_id = ? FOR UPDATE";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, alertId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(map(r));
            }
        } catch (SQLException e) {
            throw failure("reading a held alert", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable headers of a held alert", e);
        }
    }

    private HeldAlert map(ResultSet r) throws SQLException, JsonProcessingException {
        return new HeldAlert(
                r.getObject(1, UUID.class),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getBytes(5),
                mapper.readValue(r.getString(6), HEADERS),
                r.getInt(7),
                r.getLong(8),
                r.getString(9),
                r.getInt(10),
                instant(r.getTimestamp(11)),
                instant(r.getTimestamp(12)));
    }

    public void release(UUID alertId) {
        update("DELETE FROM held_alerts WHERE alert_id = ?", s -> s.setObject(1, alertId));
    }

    public void postpone(UUID alertId, String reason, Instant nextAttemptAt) {
        update(
                "UPDATE held_alerts SET attempts = attempts + 1, reason = ?, next_attempt_at = ? WHERE alert_id = ?",
                s -> {
                    s.setString(1, reason);
                    s.setTimestamp(2, ts(nextAttemptAt));
                    s.setObject(3, alertId);
                });
    }

    /** How many alerts are held now (a gauge). */
    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM held_alerts");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw failure("counting held alerts", e);
        }
    }

    private void update(String sql, CredentialRepository.Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("updating held alerts", e);
        }
    }
}
