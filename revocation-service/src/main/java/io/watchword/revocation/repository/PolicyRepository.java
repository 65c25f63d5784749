package io.watchword.revocation.repository;

import static io.watchword.revocation.repository.Jdbc.failure;
import static io.watchword.revocation.repository.Jdbc.instant;
import static io.watchword.revocation.repository.Jdbc.ts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.watchword.revocation.policy.ResponsePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Response policies, one JSON document per tenant, versioned. */
@ApplicationScoped
public class PolicyRepository {

    /** A stored policy and who last changed it. */
    public record StoredPolicy(ResponsePolicy policy, int version, Instant updatedAt, String updatedBy) {}

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    @Inject
    public PolicyRepository(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public Optional<StoredPolicy> find(String tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT document::text, version, updated_at, updated_by FROM response_policies WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredPolicy(
                        mapper.readValue(r.getString(1), ResponsePolicy.class),
                        r.getInt(2),
                        instant(r.getTimestamp(3)),
                        r.getString(4)));
            }
        } catch (SQLException e) {
            throw failure("reading a policy", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy of " + tenantId + " is unreadable", e);
        }
    }

    public StoredPolicy save(String tenantId, ResponsePolicy policy, String updatedBy, Instant now) {
        String sql = "INSERT INTO response_policies (tenant_id, document, version, updated_at, updated_by)"
                + " VALUES (?, ?::jsonb, 1, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET document = EXCLUDED.document,"
                + " version = response_policies.version + 1, updated_at = EXCLUDED.updated_at,"
                + " updated_by = EXCLUDED.updated_by RETURNING version";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            s.setString(2, mapper.writeValueAsString(policy));
            s.setTimestamp(3, ts(now));
            s.setString(4, updatedBy);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new StoredPolicy(policy, r.getInt(1), now, updatedBy);
            }
        } catch (SQLException e) {
            throw failure("saving a policy", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store a policy", e);
        }
    }
}
