package io.watchword.issuer.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.CredentialType;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plain JDBC over the {@code credentials} table; joins the caller's JTA transaction if any. */
@ApplicationScoped
public class CredentialRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final String COLUMNS = "id, tenant_id, type, name, environment, display_prefix, scopes,"
            + " allowed_cidrs, metadata::text AS metadata, status, created_at, expires_at, rotated_to, grace_ends_at,"
            + " rotated_from";

    private final AgroalDataSource dataSource;

    public CredentialRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A page of credentials in creation order, after the cursor position. */
    public record ListQuery(
            String tenantId,
            CredentialType type,
            CredentialStatus status,
            Instant expiringBefore,
            String environment,
            Instant afterCreatedAt,
            String afterId,
            int limit) {}

    public void insert(StoredCredential c, byte[] keyHash, String createdBy) {
        String sql = "INSERT INTO credentials (id, tenant_id, type, name, environment, key_hash, display_prefix,"
                + " scopes, allowed_cidrs, metadata, status, created_at, updated_at, expires_at, created_by,"
                + " rotated_from, state_published_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, c.id());
            ps.setString(2, c.tenantId());
            ps.setString(3, c.type().name());
            ps.setString(4, c.name());
            ps.setString(5, c.environment());
            ps.setBytes(6, keyHash);
            ps.setString(7, c.displayPrefix());
            ps.setArray(8, conn.createArrayOf("text", c.scopeStrings().toArray()));
            ps.setArray(9, conn.createArrayOf("text", c.allowedCidrs().toArray()));
            ps.setString(10, toJson(c.metadata()));
            ps.setString(11, c.status().name());
            ps.setTimestamp(12, Timestamp.from(c.createdAt()));
            ps.setTimestamp(13, Timestamp.from(c.createdAt()));
            ps.setTimestamp(14, Timestamp.from(c.expiresAt()));
            ps.setString(15, createdBy);
            ps.setString(16, c.rotatedFrom());
            // its state is published in this same transaction (CredentialIssuer): no backfill needed
            ps.setTimestamp(17, Timestamp.from(c.createdAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("cannot store credential " + c.id(), e);
        }
    }

    public Optional<StoredCredential> findByHash(byte[] keyHash) {
        return queryOne("SELECT " + COLUMNS + " FROM credentials WHERE key_hash = ?", ps -> ps.setBytes(1, keyHash));
    }

    public Optional<StoredCredential> findById(String id) {
        return queryOne("SELECT " + COLUMNS + " FROM credentials WHERE id = ?", ps -> ps.setString(1, id));
    }

    /** Locks the row until the surrounding transaction ends (rotation and update race safely). */
    public Optional<StoredCredential> findByIdForUpdate(String id) {
        return queryOne("SELECT " + COLUMNS + " FROM credentials WHERE id = ? FOR UPDATE", ps -> ps.setString(1, id));
    }

    public List<StoredCredential> list(ListQuery q) {
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM credentials WHERE tenant_id = ? AND type = ?");
        List<Object> args = new ArrayList<>(List.of(q.tenantId(), q.type().name()));
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status().name());
        }
        if (q.expiringBefore() != null) {
            sql.append(" AND expires_at < ?");
            args.add(Timestamp.from(q.expiringBefore()));
        }
        if (q.environment() != null) {
            sql.append(" AND environment = ?");
            args.add(q.environment());
        }
        if (q.afterCreatedAt() != null) {
            sql.append(" AND (created_at, id) > (?, ?)");
            args.add(Timestamp.from(q.afterCreatedAt()));
            args.add(q.afterId());
        }
        sql.append(" ORDER BY created_at, id LIMIT ?");
        args.add(q.limit());
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<StoredCredential> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(map(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new DataAccessException("cannot list credentials", e);
        }
    }

    public void updateDescriptive(String id, String name, Map<String, String> metadata, Instant now) {
        update("UPDATE credentials SET name = ?, metadata = ?::jsonb, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, name);
            ps.setString(2, toJson(metadata));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, id);
        });
    }

    public void markRotated(String id, String replacementId, Instant graceEndsAt, Instant now) {
        update(
                "UPDATE credentials SET rotated_to = ?, grace_ends_at = ?, expires_at = LEAST(expires_at, ?),"
                        + " updated_at = ? WHERE id = ?",
                ps -> {
                    ps.setString(1, replacementId);
                    ps.setTimestamp(2, Timestamp.from(graceEndsAt));
                    ps.setTimestamp(3, Timestamp.from(graceEndsAt));
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setString(5, id);
                });
    }

    /**
     * Marks up to {@code limit} lapsed active credentials EXPIRED (a rotated key lapses at its grace
     * end, to which the rotation shortened its expiry) and returns them as they are now. {@code SKIP
     * LOCKED} lets several instances share the work without waiting for or duplicating each other.
     */
    public List<StoredCredential> expireLapsed(Instant now, int limit) {
        String sql = "UPDATE credentials SET status = 'EXPIRED', updated_at = ? WHERE id IN ("
                + " SELECT id FROM credentials WHERE status = 'ACTIVE' AND expires_at <= ?"
                + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + COLUMNS;
        return queryList(sql, ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setInt(3, limit);
        });
    }

    /** A locked credential and the occurredAt of the newest revocation record applied to it. */
    public record RevocationView(StoredCredential credential, Instant revocationAppliedAt) {}

    /** Locks the row until the transaction ends; for applying a revocation record. */
    public Optional<RevocationView> findForRevocation(String id) {
        String sql = "SELECT " + COLUMNS + ", revocation_applied_at FROM credentials WHERE id = ? FOR UPDATE";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp applied = rs.getTimestamp("revocation_applied_at");
                return Optional.of(new RevocationView(map(rs), applied == null ? null : applied.toInstant()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read credential", e);
        }
    }

    /** Stores the status a revocation record leads to and that record's occurredAt. */
    public void applyRevocation(String id, CredentialStatus status, Instant recordOccurredAt, Instant now) {
        update("UPDATE credentials SET status = ?, revocation_applied_at = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, status.name());
            ps.setTimestamp(2, Timestamp.from(recordOccurredAt));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, id);
        });
    }

    /**
     * Up to {@code limit} credentials whose state was never published (rows from before the
     * credential-state topic), locked with {@code SKIP LOCKED} and marked published in the same
     * transaction: each is backfilled exactly once even with several instances starting together.
     */
    public List<StoredCredential> claimUnpublishedState(Instant now, int limit) {
        String sql = "UPDATE credentials SET state_published_at = ? WHERE id IN ("
                + " SELECT id FROM credentials WHERE state_published_at IS NULL"
                + " ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + COLUMNS;
        return queryList(sql, ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, limit);
        });
    }

    /**
     * Marks up to {@code limit} credentials whose expiry lies at or before {@code expiredBefore}
     * (now minus the tombstone margin) as tombstoned and returns their ids, {@code SKIP LOCKED}.
     */
    public List<String> claimTombstonesDue(Instant expiredBefore, Instant now, int limit) {
        String sql = "UPDATE credentials SET state_tombstoned_at = ? WHERE id IN ("
                + " SELECT id FROM credentials WHERE state_tombstoned_at IS NULL AND expires_at <= ?"
                + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " RETURNING id";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(expiredBefore));
            ps.setInt(3, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new DataAccessException("cannot tombstone credential states", e);
        }
    }

    private List<StoredCredential> queryList(String sql, Binder binder) {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            List<StoredCredential> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(map(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new DataAccessException("cannot update credentials", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("cannot update credential", e);
        }
    }

    private Optional<StoredCredential> queryOne(String sql, Binder binder) {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read credential", e);
        }
    }

    private static StoredCredential map(ResultSet rs) throws SQLException {
        Timestamp grace = rs.getTimestamp("grace_ends_at");
        return new StoredCredential(
                rs.getString("id"),
                rs.getString("tenant_id"),
                CredentialType.valueOf(rs.getString("type")),
                rs.getString("name"),
                rs.getString("environment"),
                rs.getString("display_prefix"),
                strings(rs.getArray("scopes")).stream().map(Scope::parse).toList(),
                strings(rs.getArray("allowed_cidrs")),
                fromJson(rs.getString("metadata")),
                CredentialStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getString("rotated_to"),
                grace == null ? null : grace.toInstant(),
                rs.getString("rotated_from"));
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }

    static String toJson(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata == null ? Map.of() : metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not serializable", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not a JSON object of strings", e);
        }
    }
}
