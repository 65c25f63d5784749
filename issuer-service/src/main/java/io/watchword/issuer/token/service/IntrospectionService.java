package io.watchword.issuer.token.service;

import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.issuer.token.jwt.AccessTokenClaims;
import io.watchword.issuer.token.jwt.AccessTokenCodec;
import io.watchword.issuer.token.jwt.InvalidTokenException;
import io.watchword.issuer.token.port.AdminCaller;
import io.watchword.issuer.token.port.CredentialGateway;
import io.watchword.issuer.token.port.CredentialSnapshot;
import io.watchword.issuer.token.revocation.RevocationRegistry;
import io.watchword.issuer.token.signing.SigningKeyRing;
import io.watchword.issuer.token.signing.SigningKeyRingSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 7662 token introspection for access tokens and API keys (and admin credentials).
 *
 * <p>Anything that is not an active credential of a tenant the caller may see gets exactly
 * {@code {"active": false}}: the response never says why, so it cannot be used to probe for keys
 * of other tenants. The hint only decides which kind is tried first (RFC 7662 §2.1).
 */
@ApplicationScoped
public class IntrospectionService {

    public static final Map<String, Object> INACTIVE = Map.of("active", false);

    /** Most verified tokens remembered (~0.5 KB each); beyond, the memory starts over. */
    static final int MAX_VERIFIED = 10_000;

    /** A token whose signature verified against {@code ring}, and its claims. */
    private record Verified(SigningKeyRing ring, AccessTokenClaims claims) {}

    /**
     * Access tokens already verified, by the SHA-256 of their exact text (decision 0183): a
     * resource server introspects the same token many times during its life, and the Ed25519
     * check is most of an introspection's CPU. Only the signature check is remembered, and only
     * against the same signing-key snapshot (a rotation or retirement makes every entry miss);
     * expiry, issuer, tenant and the revocation registry are checked on every call.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private final CredentialGateway credentials;
    private final SigningKeyRingSource signingKeys;
    private final RevocationRegistry revocations;
    private final TokenConfig config;
    private final Clock clock;

    @Inject
    public IntrospectionService(
            CredentialGateway credentials,
            SigningKeyRingSource signingKeys,
            RevocationRegistry revocations,
            TokenConfig config) {
        this(credentials, signingKeys, revocations, config, Clock.systemUTC());
    }

    IntrospectionService(
            CredentialGateway credentials,
            SigningKeyRingSource signingKeys,
            RevocationRegistry revocations,
            TokenConfig config,
            Clock clock) {
        this.credentials = credentials;
        this.signingKeys = signingKeys;
        this.revocations = revocations;
        this.config = config;
        this.clock = clock;
    }

    public Map<String, Object> introspect(AdminCaller caller, String token, String hint) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return INACTIVE;
        }
        boolean looksLikeKey = token.startsWith("ww_");
        boolean keyFirst = "api_key".equals(hint) ? true : "access_token".equals(hint) ? false : looksLikeKey;
        Map<String, Object> answer = keyFirst ? apiKey(caller, token) : accessToken(caller, token);
        if (answer == INACTIVE) {
            answer = keyFirst ? accessToken(caller, token) : apiKey(caller, token);
        }
        return answer;
    }

    private Map<String, Object> apiKey(AdminCaller caller, String presented) {
        if (!presented.startsWith("ww_") || !credentials.hasValidChecksum(presented)) {
            return INACTIVE;
        }
        CredentialSnapshot key = credentials.findByPresentedKey(presented).orElse(null);
        Instant now = clock.instant();
        if (key == null
                || !caller.mayAccessTenant(key.tenantId())
                || !key.usable()
                || !now.isBefore(key.expiresAt())
                || key.rotatedPastGraceAt(now)
                || revocations.isRefused(key.tenantId(), key.id())) {
            return INACTIVE;
        }
        Map<String, Object> active = new LinkedHashMap<>();
        active.put("active", true);
        active.put("scope", String.join(" ", key.scopes()));
        active.put("client_id", key.id());
        active.put("sub", key.id());
        active.put("tenant", key.tenantId());
        active.put("token_type", key.type() == CredentialType.ADMIN_KEY ? "admin_key" : "api_key");
        active.put("exp", key.expiresAt().getEpochSecond());
        active.put("iat", key.createdAt().getEpochSecond());
        active.put("nbf", key.createdAt().getEpochSecond());
        active.put("iss", config.tokens().issuer());
        return active;
    }

    private Map<String, Object> accessToken(AdminCaller caller, String token) {
        AccessTokenClaims claims;
        try {
            claims = verified(token);
        } catch (InvalidTokenException e) {
            return INACTIVE;
        }
        Instant now = clock.instant();
        if (claims.expiresAt() == null
                || claims.tenant() == null
                || claims.subject() == null
                || !config.tokens().issuer().equals(claims.issuer())
                || !now.isBefore(claims.expiresAt())
                || (claims.notBefore() != null
                        && now.plus(config.tokens().clockSkew()).isBefore(claims.notBefore()))
                || !caller.mayAccessTenant(claims.tenant())
                || revocations.isRefused(claims.tenant(), claims.jwtId())
                || revocations.isRefused(claims.tenant(), claims.subject())) {
            return INACTIVE;
        }
        Map<String, Object> active = new LinkedHashMap<>();
        active.put("active", true);
        active.put("scope", claims.scope());
        active.put("client_id", claims.subject());
        active.put("sub", claims.subject());
        active.put("tenant", claims.tenant());
        active.put("token_type", "access_token");
        active.put("exp", claims.expiresAt().getEpochSecond());
        put(active, "iat", claims.issuedAt());
        put(active, "nbf", claims.notBefore());
        active.put("jti", claims.jwtId());
        active.put("aud", claims.audience());
        active.put("iss", claims.issuer());
        return active;
    }

    private AccessTokenClaims verified(String token) {
        SigningKeyRing ring = signingKeys.ring();
        // Keyed by a digest, not the token: a map lookup compares keys with equals, which must
        // never run over a bearer credential's characters (constant-time rule).
        String digest = digest(token);
        Verified seen = verified.get(digest);
        if (seen != null && seen.ring() == ring) {
            return seen.claims();
        }
        AccessTokenClaims claims = AccessTokenCodec.verify(token, ring::verifier);
        if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
        }
        verified.put(digest, new Verified(ring, claims));
        return claims;
    }

    private static String digest(String token) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void put(Map<String, Object> map, String name, Instant instant) {
        if (instant != null) {
            map.put(name, instant.getEpochSecond());
        }
    }
}
