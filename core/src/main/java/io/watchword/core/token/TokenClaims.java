package io.watchword.core.token;

/**
 * The claims of a token whose signature verified. Times are epoch seconds; {@code nbf} and {@code
 * iat} are {@link Long#MIN_VALUE} when absent. {@code scope} is the space-separated claim as
 * issued; parsing it is the scope grammar's business.
 */
public record TokenClaims(
        String issuer,
        String subject,
        String tenant,
        String scope,
        String audience,
        long issuedAt,
        long notBefore,
        long expiresAt,
        String tokenId) {}
