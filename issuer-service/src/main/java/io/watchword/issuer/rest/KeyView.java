package io.watchword.issuer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchword.issuer.credential.CredentialStatus;
import io.watchword.issuer.credential.StoredCredential;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A key as the API shows it: never the secret or its hash. {@code key} only in a create answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(
        String id,
        String tenantId,
        String type,
        String name,
        String environment,
        String displayPrefix,
        List<String> scopes,
        List<String> allowedCidrs,
        Map<String, String> metadata,
        String status,
        Instant createdAt,
        Instant expiresAt,
        String rotatedTo,
        Instant graceEndsAt,
        String key) {

    public static KeyView of(StoredCredential c, Instant now) {
        return of(c, now, null);
    }

    public static KeyView of(StoredCredential c, Instant now, String key) {
        return new KeyView(
                c.id(),
                c.tenantId(),
                c.type().name(),
                c.name(),
                c.environment(),
                c.displayPrefix(),
                c.scopeStrings(),
                c.allowedCidrs(),
                c.metadata(),
                // A key past its expiry is EXPIRED even before the expiry job has marked it;
                // SUSPENDED and REVOKED (from the revocations topic) are shown as they are.
                c.usableAt(now)
                        ? "ACTIVE"
                        : c.status() == CredentialStatus.ACTIVE
                                ? "EXPIRED"
                                : c.status().name(),
                c.createdAt(),
                c.expiresAt(),
                c.rotatedTo(),
                c.graceEndsAt(),
                key);
    }
}
