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

/** The credentials table (fed by the credentials topic) and the consumed-event log. */
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
                        "SELECT id, tenant_id, type, expires_at, expired FROM credentials WHERE id = ?")) {
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

    /** A rotated credential now ends with its grace period (never later than it did). */
    public void shortenExpiry(String id, Instant expiresAt) {
        update("UPDATE credentials SET expires_at = LEAST(expires_at, ?), updated_at = now() WHERE id = ?", s -> {
            s.setTimestamp(1, ts(expiresAt));
            s.setString(2, id);
        });
    }

    public void markExpired(String id, Instant expiredAt) {
        update(
                "UPDATE credentials SET expired = TRUE, expires_at = LEAST(expires_at, ?), updated_at = now()"
                        + " WHERE id = ?",
                s -> {
                    s.setTimestamp(1, ts(expiredAt));
                    s.setString(2, id);
                });
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
