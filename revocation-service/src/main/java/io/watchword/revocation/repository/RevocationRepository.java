package io.watchword.revocation.repository;

import static io.watchword.revocation.repository.Jdbc.failure;
import static io.watchword.revocation.repository.Jdbc.instant;
import static io.watchword.revocation.repository.Jdbc.ts;

import io.agroal.api.AgroalDataSource;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.revocation.service.Revocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The revocations table: one row per credential holding its current state. */
@ApplicationScoped
public class RevocationRepository {

    private static final String COLUMNS = "seq, id, tenant_id, credential_id, credential_type, parent_credential_id,"
            + " status, reason, comment, requested_by, alert_id, created_at, updated_at, expires_at,"
            + " tombstone_due_at, tombstoned_at";

    /** A page of revocations and the position after its last row. */
    public record Page(List<Revocation> items, Long lastSeq) {}

    private final AgroalDataSource dataSource;

    @Inject
    public RevocationRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts {@code revocation} unless its credential already has a row; true if inserted. {@code
     * eventId} is the event that will publish this state (its receipt, decision 0166), written in
     * the same statement.
     */
    public boolean insertIfAbsent(Revocation r, UUID eventId) {
        String sql = "INSERT INTO revocations (id, tenant_id, credential_id, credential_type, parent_credential_id,"
                + " status, reason, comment, requested_by, alert_id, created_at, updated_at, expires_at,"
                + " tombstone_due_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, credential_id) DO NOTHING";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, r.id());
            s.setString(2, r.tenantId());
            s.setString(3, r.credentialId());
            s.setString(4, r.credentialType().name());
            s.setString(5, r.parentCredentialId());
            s.setString(6, r.status().name());
            s.setString(7, r.reason().name());
            s.setString(8, r.comment());
            s.setString(9, r.requestedBy());
            s.setObject(10, r.alertId());
            s.setTimestamp(11, ts(r.createdAt()));
            s.setTimestamp(12, ts(r.updatedAt()));
            s.setTimestamp(13, ts(r.expiresAt()));
            s.setTimestamp(14, ts(r.tombstoneDueAt()));
            s.setObject(15, eventId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("inserting a revocation", e);
        }
    }

    /**
     * The row of a credential in {@code tenantId}, locked until the transaction ends. Another
     * tenant's row for the same id is never seen (decision 0081).
     */
    public Optional<Revocation> lockByCredential(String tenantId, String credentialId) {
        return one(
                "SELECT " + COLUMNS + " FROM revocations WHERE tenant_id = ? AND credential_id = ? FOR UPDATE",
                tenantId,
                credentialId);
    }

    /**
     * True once for a row published before revocations were keyed by tenant (V4): the caller then
     * tombstones the old, bare-id record key.
     */
    public boolean takeLegacyKey(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("UPDATE revocations SET legacy_key = FALSE WHERE id = ? AND legacy_key")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("clearing a legacy record key", e);
        }
    }

    public Optional<Revocation> findById(String tenantId, String id) {
        return one("SELECT " + COLUMNS + " FROM revocations WHERE id = ? AND tenant_id = ?", id, tenantId);
    }

    /**
     * Changes the state of an existing row (status, reason and who asked), now published as {@code
     * eventId}: the previous state's receipt no longer counts (decision 0166). One statement.
     */
    public void updateState(Revocation r, UUID eventId) {
        String sql = "UPDATE revocations SET status = ?, reason = ?, comment = ?, requested_by = ?, alert_id = ?,"
                + " updated_at = ?, parent_credential_id = COALESCE(parent_credential_id, ?), event_id = ?,"
                + " published_partition = NULL, published_offset = NULL, published_at = NULL,"
                + " applied_by_all_at = NULL WHERE id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, r.status().name());
            s.setString(2, r.reason().name());
            s.setString(3, r.comment());
            s.setString(4, r.requestedBy());
            s.setObject(5, r.alertId());
            s.setTimestamp(6, ts(r.updatedAt()));
            s.setString(7, r.parentCredentialId());
            s.setObject(8, eventId);
            s.setString(9, r.id());
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("updating a revocation", e);
        }
    }

    /** Newest first, after {@code beforeSeq} when given. */
    public Page list(String tenantId, Long beforeSeq, RevocationStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM revocations WHERE tenant_id = ?");
        if (beforeSeq != null) {
            sql.append(" AND seq < ?");
        }
        if (status != null) {
            sql.append(" AND status = ?");
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, tenantId);
            if (beforeSeq != null) {
                s.setLong(i++, beforeSeq);
            }
            if (status != null) {
                s.setString(i++, status.name());
            }
            s.setInt(i, limit);
            List<Revocation> items = new ArrayList<>();
            Long last = null;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    last = r.getLong(1);
                    items.add(map(r));
                }
            }
            return new Page(items, last);
        } catch (SQLException e) {
            throw failure("listing revocations", e);
        }
    }

    /** Rows whose tombstone is due, locked and skipped by any other instance doing the same. */
    public List<Revocation> lockDueTombstones(Instant now, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM revocations WHERE tombstoned_at IS NULL AND tombstone_due_at <= ?"
                + " ORDER BY tombstone_due_at LIMIT ? FOR UPDATE SKIP LOCKED";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, ts(now));
            s.setInt(2, limit);
            List<Revocation> due = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    due.add(map(r));
                }
            }
            return due;
        } catch (SQLException e) {
            throw failure("finding due tombstones", e);
        }
    }

    public void markTombstoned(String id, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE revocations SET tombstoned_at = ? WHERE id = ?")) {
            s.setTimestamp(1, ts(at));
            s.setString(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("marking a tombstone", e);
        }
    }

    private Optional<Revocation> one(String sql, String... params) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(map(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading a revocation", e);
        }
    }

    private static Revocation map(ResultSet r) throws SQLException {
        return new Revocation(
                r.getString("id"),
                r.getString("tenant_id"),
                r.getString("credential_id"),
                CredentialType.valueOf(r.getString("credential_type")),
                r.getString("parent_credential_id"),
                RevocationStatus.valueOf(r.getString("status")),
                RevocationReason.valueOf(r.getString("reason")),
                r.getString("comment"),
                r.getString("requested_by"),
                r.getObject("alert_id", UUID.class),
                instant(r.getTimestamp("created_at")),
                instant(r.getTimestamp("updated_at")),
                instant(r.getTimestamp("expires_at")),
                instant(r.getTimestamp("tombstone_due_at")),
                instant(r.getTimestamp("tombstoned_at")));
    }
}
