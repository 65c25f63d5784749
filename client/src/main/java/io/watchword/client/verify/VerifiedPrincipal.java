package io.watchword.client.verify;

import io.watchword.core.scope.GrantedScopes;
import java.time.Instant;

/**
 * Who is calling, once the credential verified.
 *
 * @param credentialId the API key id ({@code key_…}); for a token, its {@code sub}
 * @param tokenId the token's {@code jti}; null for an API key
 */
public record VerifiedPrincipal(
        CredentialKind kind,
        String credentialId,
        String tenantId,
        GrantedScopes scopes,
        String tokenId,
        Instant expiresAt) {}
