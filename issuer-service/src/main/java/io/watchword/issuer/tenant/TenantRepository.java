package io.watchword.issuer.tenant;

import io.agroal.api.AgroalDataSource;
import io.watchword.issuer.credential.DataAccessException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants. A tenant row is written once ({@link #insertIfAbsent}) and never updated or deleted, so
 * a tenant read once is cached for good: key creation then needs no tenant query (decision 0182).
 * Only found tenants are cached (one created later, by any instance, is found on its first read).
 * A cached tenant is never trusted for existence alone: {@code credentials.tenant_id} references
 * {@code tenants}, so a credential can only be stored for a tenant the database holds. Whoever adds
 * a way to change or delete a tenant must evict it here and on every instance (or give the cache a
 * TTL), or key policy (lifetimes, resource catalogue) would be applied from the old row.
 */
@ApplicationScoped
public class TenantRepository {

    /** Bound on the cache; beyond it, it starts over (tenants are few; this only caps memory). */
    static final int MAX_CACHED = 10_000;

    private final AgroalDataSource dataSource;
    private final Map<String, Tenant> cache = new ConcurrentHashMap<>();

    public TenantRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts unless the id exists; true if this call created it (the unique key decides races). */
    public boolean insertIfAbsent(Tenant t, String createdBy) {
        String sql = "INSERT INTO tenants (id, name, default_key_ttl_secs, max_key_ttl_secs, resources, created_at,"
                + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, t.id());
            ps.setString(2, t.name());
            ps.setLong(3, t.defaultKeyTtl().toSeconds());
            ps.setLong(4, t.maxKeyTtl().toSeconds());
            ps.setArray(5, conn.createArrayOf("text", t.resources().toArray()));
            ps.setTimestamp(6, Timestamp.from(t.createdAt()));
            ps.setString(7, createdBy);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException("cannot store tenant " + t.id(), e);
        }
    }

    public Optional<Tenant> find(String id) {
        Tenant cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Tenant> found = read(id);
        found.ifPresent(t -> {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(t.id(), t);
        });
        return found;
    }

    private Optional<Tenant> read(String id) {
        String sql = "SELECT id, name, default_key_ttl_secs, max_key_ttl_secs, resources, created_at FROM tenants"
                + " WHERE id = ?";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Tenant(
                        rs.getString(1),
                        rs.getString(2),
                        Duration.ofSeconds(rs.getLong(3)),
                        Duration.ofSeconds(rs.getLong(4)),
                        Arrays.asList((String[]) rs.getArray(5).getArray()),
                        rs.getTimestamp(6).toInstant()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read tenant " + id, e);
        }
    }
}
