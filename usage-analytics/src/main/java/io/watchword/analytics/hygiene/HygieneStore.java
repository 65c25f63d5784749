package io.watchword.analytics.hygiene;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hygiene tables over JDBC (V20): the policy runner's writes commit with the kit's outbox in one
 * transaction, as triage does (decision 0156). Every statement names its tenant.
 */
public final class HygieneStore {

    /** A key as the policy sees it. */
    public record Key(
            String tenantId,
            String credentialId,
            String name,
            String displayPrefix,
            Instant expiresAt,
            Instant lastUsedAt) {}

    /** A stale-key notice and the key's state now. */
    public record Notice(
            String tenantId,
            String credentialId,
            String state,
            Instant notifiedAt,
            Instant lastUsedAtNotice,
            Instant revokeAt,
            Instant resolvedAt,
            String revocationId,
            String name,
            String displayPrefix,
            Instant expiresAt,
            Instant lastUsedNow,
            boolean usable) {}

    /** What makes an API key a stale-key candidate: usable, and known to this service. */
    static final String USABLE = "NOT c.gone AND c.credential_type = 'API_KEY' AND c.status = 'ACTIVE'"
            + " AND (c.revocation_status IS NULL OR c.revocation_status = 'REINSTATED')"
            + " AND (c.expires_at IS NULL OR c.expires_at > ?)";

    /** Selects the columns {@link #keys} reads: a key and when it was last used. */
    private static final String KEYS_WITH_LAST_USE = "SELECT c.tenant_id, c.credential_id, c.name,"
            + " c.display_prefix, c.expires_at, l.used_at FROM credentials c LEFT JOIN last_use l"
            + " ON l.tenant_id = c.tenant_id AND l.credential_id = c.credential_id";

    private HygieneStore() {}

    static Map<String, HygienePolicy> policies(Connection c) throws SQLException {
        Map<String, HygienePolicy> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM hygiene_policy ORDER BY tenant_id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                HygienePolicy p = policy(r);
                out.put(p.tenantId(), p);
            }
        }
        return out;
    }

    static HygienePolicy policy(Connection c, String tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM hygiene_policy WHERE tenant_id = ?")) {
            s.setString(1, tenant);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? policy(r) : null;
            }
        }
    }

    static void putPolicy(Connection c, HygienePolicy p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO hygiene_policy (tenant_id, mode, unused_for_days,"
                + " grace_days, expiry_notice_days, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id) DO UPDATE SET mode = EXCLUDED.mode,"
                + " unused_for_days = EXCLUDED.unused_for_days, grace_days = EXCLUDED.grace_days,"
                + " expiry_notice_days = EXCLUDED.expiry_notice_days, updated_at = EXCLUDED.updated_at,"
                + " updated_by = EXCLUDED.updated_by")) {
            s.setString(1, p.tenantId());
            s.setString(2, p.mode().name());
            s.setInt(3, p.unusedForDays());
            s.setInt(4, p.graceDays());
            s.setArray(5, c.createArrayOf("int4", p.expiryNoticeDays().toArray()));
            s.setTimestamp(6, Timestamp.from(p.updatedAt()));
            s.setString(7, p.updatedBy());
            s.executeUpdate();
        }
    }

    private static HygienePolicy policy(ResultSet r) throws SQLException {
        Array days = r.getArray("expiry_notice_days");
        List<Integer> notice = Arrays.stream((Integer[]) days.getArray()).toList();
        return new HygienePolicy(
                r.getString("tenant_id"),
                HygienePolicy.Mode.valueOf(r.getString("mode")),
                r.getInt("unused_for_days"),
                r.getInt("grace_days"),
                notice,
                r.getTimestamp("updated_at").toInstant(),
                r.getString("updated_by"));
    }

    /** Usable API keys of the tenant unused since {@code cutoff} with no pending notice. */
    static List<Key> staleWithoutNotice(Connection c, String tenant, Instant cutoff, Instant now, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(KEYS_WITH_LAST_USE
                + " LEFT JOIN stale_notice n ON n.tenant_id = c.tenant_id"
                + " AND n.credential_id = c.credential_id AND n.state = 'PENDING'"
                + " WHERE c.tenant_id = ? AND " + USABLE
                + " AND c.first_seen_at < ? AND (l.used_at IS NULL OR l.used_at < ?) AND n.credential_id IS NULL"
                + " ORDER BY l.used_at NULLS FIRST, c.credential_id LIMIT ?")) {
            s.setString(1, tenant);
            s.setTimestamp(2, Timestamp.from(now));
            s.setTimestamp(3, Timestamp.from(cutoff));
            s.setTimestamp(4, Timestamp.from(cutoff));
            s.setInt(5, limit);
            return keys(s);
        }
    }

    /** The tenant's notices (all or one state), newest first, with the key's state now. */
    static List<Notice> notices(Connection c, String tenant, String state, Instant now, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT n.tenant_id, n.credential_id, n.state, n.notified_at,"
                + " n.last_used_at, n.revoke_at, n.resolved_at, n.revocation_id, c.name, c.display_prefix,"
                + " c.expires_at, l.used_at, (c.credential_id IS NOT NULL AND " + USABLE + ") AS usable"
                + " FROM stale_notice n LEFT JOIN credentials c ON c.tenant_id = n.tenant_id"
                + " AND c.credential_id = n.credential_id LEFT JOIN last_use l ON l.tenant_id = n.tenant_id"
                + " AND l.credential_id = n.credential_id WHERE n.tenant_id = ? AND (?::text IS NULL OR n.state = ?)"
                + " ORDER BY n.notified_at DESC, n.credential_id LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, tenant);
            s.setString(3, state);
            s.setString(4, state);
            s.setInt(5, limit);
            List<Notice> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Notice(
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            instant(r, 4),
                            instant(r, 5),
                            instant(r, 6),
                            instant(r, 7),
                            r.getString(8),
                            r.getString(9),
                            r.getString(10),
                            instant(r, 11),
                            instant(r, 12),
                            r.getBoolean(13)));
                }
            }
            return out;
        }
    }

    /** Records a warning; false if another replica recorded one first (the key then already has one). */
    static boolean insertWarning(Connection c, Key key, Instant now, Instant revokeAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO stale_notice (tenant_id, credential_id, state,"
                + " notified_at, last_used_at, revoke_at) VALUES (?, ?, 'PENDING', ?, ?, ?)"
                + " ON CONFLICT (tenant_id, credential_id) DO UPDATE SET state = 'PENDING',"
                + " notified_at = EXCLUDED.notified_at, last_used_at = EXCLUDED.last_used_at,"
                + " revoke_at = EXCLUDED.revoke_at, resolved_at = NULL, revocation_id = NULL"
                + " WHERE stale_notice.state <> 'PENDING'")) {
            s.setString(1, key.tenantId());
            s.setString(2, key.credentialId());
            s.setTimestamp(3, Timestamp.from(now));
            s.setTimestamp(4, key.lastUsedAt() == null ? null : Timestamp.from(key.lastUsedAt()));
            s.setTimestamp(5, revokeAt == null ? null : Timestamp.from(revokeAt));
            return s.executeUpdate() == 1;
        }
    }

    /** Resolves a pending notice; false if it was not pending any more (resolved by another run). */
    static boolean resolve(Connection c, Notice n, String state, Instant now, String revocationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE stale_notice SET state = ?, resolved_at = ?,"
                + " revocation_id = ? WHERE tenant_id = ? AND credential_id = ? AND state = 'PENDING'")) {
            s.setString(1, state);
            s.setTimestamp(2, Timestamp.from(now));
            s.setString(3, revocationId);
            s.setString(4, n.tenantId());
            s.setString(5, n.credentialId());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Keys (API and admin) of any tenant expiring in {@code (now, until]}, usable, in (expiry, id)
     * order after the cursor {@code (afterExpiry, afterId)} (both null for the first page).
     */
    static List<Key> expiring(Connection c, Instant now, Instant until, Instant afterExpiry, String afterId, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(KEYS_WITH_LAST_USE
                + " WHERE NOT c.gone AND c.status = 'ACTIVE'"
                + " AND (c.revocation_status IS NULL OR c.revocation_status = 'REINSTATED')"
                + " AND c.expires_at > ? AND c.expires_at <= ?"
                + " AND (?::timestamptz IS NULL OR (c.expires_at, c.credential_id) > (?::timestamptz, ?::text))"
                + " ORDER BY c.expires_at, c.credential_id LIMIT ?")) {
            Timestamp after = afterExpiry == null ? null : Timestamp.from(afterExpiry);
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(until));
            s.setTimestamp(3, after);
            s.setTimestamp(4, after);
            s.setString(5, afterId);
            s.setInt(6, limit);
            return keys(s);
        }
    }

    /**
     * Records an announcement unless this threshold or a tighter one was already announced for this
     * expiry time; true if this call recorded it (so exactly one replica publishes it).
     */
    static boolean recordAnnouncement(Connection c, Key key, int thresholdDays, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO expiry_announcement (credential_id, expires_at,"
                + " threshold_days, tenant_id, announced_at) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1"
                + " FROM expiry_announcement WHERE credential_id = ? AND expires_at = ? AND threshold_days <= ?)"
                + " ON CONFLICT DO NOTHING")) {
            Timestamp expires = Timestamp.from(key.expiresAt());
            s.setString(1, key.credentialId());
            s.setTimestamp(2, expires);
            s.setInt(3, thresholdDays);
            s.setString(4, key.tenantId());
            s.setTimestamp(5, Timestamp.from(now));
            s.setString(6, key.credentialId());
            s.setTimestamp(7, expires);
            s.setInt(8, thresholdDays);
            return s.executeUpdate() == 1;
        }
    }

    private static List<Key> keys(PreparedStatement s) throws SQLException {
        List<Key> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Key(
                        r.getString(1), r.getString(2), r.getString(3), r.getString(4), instant(r, 5), instant(r, 6)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
