package io.watchword.issuer.limit;

import io.agroal.api.AgroalDataSource;
import io.watchword.issuer.credential.DataAccessException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The {@code key_limits} table, in plain JDBC like the key store (decision 0034). */
@ApplicationScoped
public class KeyLimitRepository {

    private final AgroalDataSource dataSource;

    public KeyLimitRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The limits of each of {@code credentialIds} that has any (one query for a page of keys). */
    public Map<String, KeyLimits> findAll(Collection<String> credentialIds) {
        Map<String, KeyLimits> found = new HashMap<>();
        if (credentialIds.isEmpty()) {
            return found;
        }
        String sql = "SELECT rate_limit, rate_window_seconds, rate_burst, quota_per_day, quota_per_month,"
                + " throttle_rate_limit, throttle_until, throttle_reason, credential_id FROM key_limits"
                + " WHERE credential_id = ANY (?)";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setArray(1, conn.createArrayOf("text", credentialIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(9), read(rs));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the limits of a page of keys", e);
        }
    }

    private static KeyLimits read(ResultSet rs) throws SQLException {
        Timestamp until = rs.getTimestamp(7);
        return new KeyLimits(
                (Integer) rs.getObject(1),
                (Integer) rs.getObject(2),
                (Integer) rs.getObject(3),
                (Long) rs.getObject(4),
                (Long) rs.getObject(5),
                (Integer) rs.getObject(6),
                until == null ? null : until.toInstant(),
                rs.getString(8));
    }

    public KeyLimits find(String credentialId) {
        String sql = "SELECT rate_limit, rate_window_seconds, rate_burst, quota_per_day, quota_per_month,"
                + " throttle_rate_limit, throttle_until, throttle_reason FROM key_limits WHERE credential_id = ?";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, credentialId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return KeyLimits.NONE;
                }
                Timestamp until = rs.getTimestamp(7);
                return new KeyLimits(
                        (Integer) rs.getObject(1),
                        (Integer) rs.getObject(2),
                        (Integer) rs.getObject(3),
                        (Long) rs.getObject(4),
                        (Long) rs.getObject(5),
                        (Integer) rs.getObject(6),
                        until == null ? null : until.toInstant(),
                        rs.getString(8));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the limits of " + credentialId, e);
        }
    }

    public void save(String credentialId, KeyLimits limits, Instant now) {
        String sql = "INSERT INTO key_limits (credential_id, rate_limit, rate_window_seconds, rate_burst,"
                + " quota_per_day, quota_per_month, throttle_rate_limit, throttle_until, throttle_reason, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (credential_id) DO UPDATE SET"
                + " rate_limit = EXCLUDED.rate_limit, rate_window_seconds = EXCLUDED.rate_window_seconds,"
                + " rate_burst = EXCLUDED.rate_burst, quota_per_day = EXCLUDED.quota_per_day,"
                + " quota_per_month = EXCLUDED.quota_per_month, throttle_rate_limit = EXCLUDED.throttle_rate_limit,"
                + " throttle_until = EXCLUDED.throttle_until, throttle_reason = EXCLUDED.throttle_reason,"
                + " updated_at = EXCLUDED.updated_at";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, credentialId);
            ps.setObject(2, limits.rateLimit(), Types.INTEGER);
            ps.setObject(3, limits.windowSeconds(), Types.INTEGER);
            ps.setObject(4, limits.burst(), Types.INTEGER);
            ps.setObject(5, limits.quotaPerDay(), Types.BIGINT);
            ps.setObject(6, limits.quotaPerMonth(), Types.BIGINT);
            ps.setObject(7, limits.throttleRateLimit(), Types.INTEGER);
            ps.setTimestamp(8, limits.throttleUntil() == null ? null : Timestamp.from(limits.throttleUntil()));
            ps.setString(9, limits.throttleReason());
            ps.setTimestamp(10, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("cannot store the limits of " + credentialId, e);
        }
    }
}
