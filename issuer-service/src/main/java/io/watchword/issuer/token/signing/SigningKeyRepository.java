package io.watchword.issuer.token.signing;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** JDBC access to {@code signing_keys}. Methods join the caller's transaction. */
@ApplicationScoped
public class SigningKeyRepository {

    /** Arbitrary constant naming the advisory lock that serialises rotation across instances. */
    private static final long ROTATION_LOCK = 0x5757_5349_474eL;

    private static final String COLUMNS = "kid, public_key, sealed_private_key, master_key_id, status, created_at,"
            + " activated_at, retired_at, publish_until";

    private final AgroalDataSource dataSource;

    public SigningKeyRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Blocks until this transaction holds the rotation lock; released at commit or rollback. */
    public void lockForRotation() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            statement.setLong(1, ROTATION_LOCK);
            statement.execute();
        } catch (SQLException e) {
            throw new SigningKeyStoreException("cannot take the signing-key rotation lock", e);
        }
    }

    /** Every key still in the JWKS at {@code now}: NEXT, CURRENT and not yet expired RETIRED. */
    public List<SigningKeyRow> findPublished(Instant now) {
        return query(
                "SELECT " + COLUMNS + " FROM signing_keys WHERE publish_until IS NULL OR publish_until > ?"
                        + " ORDER BY created_at",
                now);
    }

    public List<SigningKeyRow> findUnretired() {
        return query("SELECT " + COLUMNS + " FROM signing_keys WHERE status <> 'RETIRED' ORDER BY created_at");
    }

    public void insert(SigningKeyRow row) {
        update(
                "INSERT INTO signing_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.kid(),
                row.publicKey(),
                row.sealedPrivateKey(),
                row.masterKeyId(),
                row.status().name(),
                row.createdAt(),
                row.activatedAt(),
                row.retiredAt(),
                row.publishUntil());
    }

    public void retire(String kid, Instant retiredAt, Instant publishUntil) {
        update(
                "UPDATE signing_keys SET status = 'RETIRED', retired_at = ?, publish_until = ? WHERE kid = ?",
                retiredAt,
                publishUntil,
                kid);
    }

    public void activate(String kid, Instant activatedAt) {
        update("UPDATE signing_keys SET status = 'CURRENT', activated_at = ? WHERE kid = ?", activatedAt, kid);
    }

    public void reseal(String kid, byte[] sealedPrivateKey, String masterKeyId) {
        update(
                "UPDATE signing_keys SET sealed_private_key = ?, master_key_id = ? WHERE kid = ?",
                sealedPrivateKey,
                masterKeyId,
                kid);
    }

    /** Removes retired keys whose every token has expired; returns their number. */
    public int deleteUnpublished(Instant now) {
        return update("DELETE FROM signing_keys WHERE status = 'RETIRED' AND publish_until <= ?", now);
    }

    private List<SigningKeyRow> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<SigningKeyRow> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SigningKeyRow(
                            rs.getString(1),
                            rs.getBytes(2),
                            rs.getBytes(3),
                            rs.getString(4),
                            SigningKeyStatus.valueOf(rs.getString(5)),
                            instant(rs.getTimestamp(6)),
                            instant(rs.getTimestamp(7)),
                            instant(rs.getTimestamp(8)),
                            instant(rs.getTimestamp(9))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new SigningKeyStoreException("cannot read signing keys", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SigningKeyStoreException("cannot write signing keys", e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value == null) {
                statement.setObject(i + 1, null);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
