package io.watchword.client.verify;

import io.watchword.core.scope.GrantedScopes;

/**
 * The claims of a token whose signature verified. Times are epoch seconds; {@code nbf} and
 * {@code iat} are {@link Long#MIN_VALUE} when absent.
 */
public record TokenClaims(
        String issuer,
        String subject,
        String tenant,
        GrantedScopes scopes,
        String audience,
        long issuedAt,
        long notBefore,
        long expiresAt,
        String tokenId) {}
