package io.watchword.revocation.repository;

import static io.watchword.revocation.repository.Jdbc.failure;
import static io.watchword.revocation.repository.Jdbc.instant;
import static io.watchword.revocation.repository.Jdbc.ts;

import io.agroal.api.AgroalDataSource;
import io.watchword.events.v1.CredentialType;
import io.watchword.revocation.credential.KnownCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The credentials table (fed by the compacted credential-state topic, decision 0103) and the
 * consumed-event log.
 */
@ApplicationScoped
public class CredentialRepository {

    private final AgroalDataSource dataSource;

    @Inject
    public CredentialRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<KnownCredential> find(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id, tenant_id, type, expires_at, expired OR gone FROM credentials WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new KnownCredential(
                        r.getString(1),
                        r.getString(2),
                        CredentialType.valueOf(r.getString(3)),
                        instant(r.getTimestamp(4)),
                        r.getBoolean(5)));
            }
        } catch (SQLException e) {
            throw failure("reading a credential", e);
        }
    }

    /** A credential the issuer confirmed (0082) before its state arrived; its state replaces it. */
    public void upsertIssued(String id, String tenantId, CredentialType type, Instant expiresAt, String rotatedFrom) {
        update(
                "INSERT INTO credentials (id, tenant_id, type, expires_at, rotated_from) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING",
                s -> {
                    s.setString(1, id);
                    s.setString(2, tenantId);
                    s.setString(3, type.name());
                    s.setTimestamp(4, ts(expiresAt));
                    s.setString(5, rotatedFrom);
                });
    }

    /**
     * The tenant {@code id} is stored under, if known: a credential never changes tenant, so a
     * state saying otherwise is refused rather than applied.
     */
    public Optional<String> tenantOf(String id) {
        return find(id).map(KnownCredential::tenantId);
    }

    /**
     * Replaces what is known of {@code id} with its newest state (a row confirmed with the issuer
     * before, 0082, included). A state older than the one applied never overwrites it, and the
     * tenant never changes.
     *
     * @param expiresAt when it stops being usable (for a rotated one, the end of its grace)
     * @param expired whether its state says it can no longer be used (EXPIRED)
     */
    public void applyState(
            String id,
            String tenantId,
            CredentialType type,
            Instant expiresAt,
            boolean expired,
            String status,
            String rotatedFrom,
            Instant stateAt) {
        update(
                "INSERT INTO credentials (id, tenant_id, type, expires_at, expired, status, rotated_from, state_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, expires_at = EXCLUDED.expires_at,"
                        + " expired = EXCLUDED.expired, status = EXCLUDED.status,"
                        + " rotated_from = EXCLUDED.rotated_from, state_at = EXCLUDED.state_at, updated_at = now()"
                        + " WHERE credentials.tenant_id = EXCLUDED.tenant_id AND NOT credentials.gone"
                        + " AND (credentials.state_at IS NULL OR credentials.state_at <= EXCLUDED.state_at)",
                s -> {
                    s.setString(1, id);
                    s.setString(2, tenantId);
                    s.setString(3, type.name());
                    s.setTimestamp(4, ts(expiresAt));
                    s.setBoolean(5, expired);
                    s.setString(6, status);
                    s.setString(7, rotatedFrom);
                    s.setTimestamp(8, ts(stateAt));
                });
    }

    /**
     * The credential's tombstone: it can never be used again. The row stays (marked gone) so its
     * tenant's revocation answers "already expired" rather than confirming it with the issuer.
     */
    public void markGone(String id) {
        update("UPDATE credentials SET gone = TRUE, updated_at = now() WHERE id = ?", s -> s.setString(1, id));
    }

    /** Records {@code eventId} as consumed; false if it already was (a redelivery). */
    public boolean markProcessed(UUID eventId) {
        return update(
                        "INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT DO NOTHING",
                        s -> s.setObject(1, eventId))
                == 1;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failure("updating credentials", e);
        }
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
