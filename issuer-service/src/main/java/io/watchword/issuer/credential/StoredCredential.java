package io.watchword.issuer.credential;

import io.watchword.core.scope.Scope;
import io.watchword.events.v1.CredentialType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored API key or admin credential; never holds the secret or its hash. */
public record StoredCredential(
        String id,
        String tenantId,
        CredentialType type,
        String name,
        String environment,
        String displayPrefix,
        List<Scope> scopes,
        List<String> allowedCidrs,
        Map<String, String> metadata,
        CredentialStatus status,
        Instant createdAt,
        Instant expiresAt,
        String rotatedTo,
        Instant graceEndsAt,
        String rotatedFrom) {

    public StoredCredential {
        scopes = List.copyOf(scopes);
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Status ACTIVE and not yet past its expiry (which a rotation shortens to the grace end). */
    public boolean usableAt(Instant now) {
        return status == CredentialStatus.ACTIVE && now.isBefore(expiresAt);
    }

    public List<String> scopeStrings() {
        return scopes.stream().map(Scope::toString).toList();
    }

    /** True if one of the granted scopes implies {@code required}. */
    public boolean grants(Scope required) {
        for (Scope s : scopes) {
            if (s.implies(required)) {
                return true;
            }
        }
        return false;
    }
}
