package io.watchword.issuer.token.jwt;

import java.time.Instant;

/**
 * The claims of a Watchword access token (architecture decision 0001): {@code sub} is the API key
 * id the token was exchanged for, {@code scope} is space separated (RFC 8693 §4.2).
 */
public record AccessTokenClaims(
        String issuer,
        String subject,
        String tenant,
        String scope,
        String audience,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt,
        String jwtId) {}
