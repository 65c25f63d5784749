package io.watchword.revocation.repository;

import static io.watchword.revocation.repository.Jdbc.failure;
import static io.watchword.revocation.repository.Jdbc.instant;
import static io.watchword.revocation.repository.Jdbc.ts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.watchword.events.v1.CredentialType;
import io.watchword.revocation.credential.KnownCredential;
import io.watchword.revocation.policy.ResponsePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Response policies, one JSON document per tenant, versioned. */
@ApplicationScoped
public class PolicyRepository {

    /** A stored policy and who last changed it. */
    public record StoredPolicy(ResponsePolicy policy, int version, Instant updatedAt, String updatedBy) {}

    /** A credential known here and its tenant's policy (none: the default), read together. */
    public record CredentialAndPolicy(KnownCredential credential, Optional<StoredPolicy> policy) {}

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    /**
     * Each tenant's policy as last parsed: reused while the row read says the same version and
     * time, so the row is still read in every transaction (a change on any replica applies to
     * the next alert) but parsed only when it changed.
     */
    private final ConcurrentHashMap<String, StoredPolicy> parsed = new ConcurrentHashMap<>();

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

    /**
     * The alert path (decision 0251): a credential of the credentials table and its tenant's
     * policy in one round trip. Empty when the credential is not in the table (the caller then
     * confirms it with the issuer or holds the alert).
     */
    public Optional<CredentialAndPolicy> findCredentialWithPolicy(String credentialId) {
        String sql = "SELECT c.id, c.tenant_id, c.type, c.expires_at, c.expired OR c.gone,"
                + " p.version, p.updated_at, p.updated_by, p.document::text"
                + " FROM credentials c LEFT JOIN response_policies p ON p.tenant_id = c.tenant_id WHERE c.id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, credentialId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                KnownCredential credential = new KnownCredential(
                        r.getString(1),
                        r.getString(2),
                        CredentialType.valueOf(r.getString(3)),
                        instant(r.getTimestamp(4)),
                        r.getBoolean(5));
                if (r.getObject(6) == null) {
                    return Optional.of(new CredentialAndPolicy(credential, Optional.empty()));
                }
                StoredPolicy policy = parsed(
                        credential.tenantId(), r.getInt(6), instant(r.getTimestamp(7)), r.getString(8), r.getString(9));
                return Optional.of(new CredentialAndPolicy(credential, Optional.of(policy)));
            }
        } catch (SQLException e) {
            throw failure("reading a credential and its policy", e);
        }
    }

    private StoredPolicy parsed(String tenantId, int version, Instant updatedAt, String updatedBy, String document) {
        StoredPolicy known = parsed.get(tenantId);
        if (known != null && known.version() == version && known.updatedAt().equals(updatedAt)) {
            return known;
        }
        try {
            StoredPolicy fresh =
                    new StoredPolicy(mapper.readValue(document, ResponsePolicy.class), version, updatedAt, updatedBy);
            parsed.put(tenantId, fresh);
            return fresh;
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
