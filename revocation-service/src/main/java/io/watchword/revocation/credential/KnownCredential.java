package io.watchword.revocation.credential;

import io.watchword.events.v1.CredentialType;
import java.time.Instant;

/** What this service knows of a credential from the credentials topic: never its secret. */
public record KnownCredential(String id, String tenantId, CredentialType type, Instant expiresAt, boolean expired) {

    public boolean usableAt(Instant now) {
        return !expired && now.isBefore(expiresAt);
    }
}
