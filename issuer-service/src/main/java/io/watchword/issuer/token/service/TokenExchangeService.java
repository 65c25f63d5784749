package io.watchword.issuer.token.service;

import io.watchword.core.credential.CredentialIds;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.issuer.token.jwt.AccessTokenClaims;
import io.watchword.issuer.token.jwt.AccessTokenCodec;
import io.watchword.issuer.token.port.AuditGateway;
import io.watchword.issuer.token.port.CredentialGateway;
import io.watchword.issuer.token.port.CredentialSnapshot;
import io.watchword.issuer.token.revocation.RevocationRegistry;
import io.watchword.issuer.token.signing.SigningKey;
import io.watchword.issuer.token.signing.SigningKeyRingSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Exchanges an API key for a short-lived access token. Every issue and every refusal is audited
 * (durably, through the group-committing audit log) before the caller gets an answer.
 */
@ApplicationScoped
public class TokenExchangeService {

    static final String ACTION = "token.issue";
    private static final String UNKNOWN = "unknown";

    private final CredentialGateway credentials;
    private final SigningKeyRingSource signingKeys;
    private final RevocationRegistry revocations;
    private final AuditGateway audit;
    private final TokenConfig config;
    private final Clock clock;

    @Inject
    public TokenExchangeService(
            CredentialGateway credentials,
            SigningKeyRingSource signingKeys,
            RevocationRegistry revocations,
            AuditGateway audit,
            TokenConfig config) {
        this(credentials, signingKeys, revocations, audit, config, Clock.systemUTC());
    }

    TokenExchangeService(
            CredentialGateway credentials,
            SigningKeyRingSource signingKeys,
            RevocationRegistry revocations,
            AuditGateway audit,
            TokenConfig config,
            Clock clock) {
        this.credentials = credentials;
        this.signingKeys = signingKeys;
        this.revocations = revocations;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Who is asking, for the audit trail; {@code attempt} is set when the request is tried on the
     * event loop (decision 0281), null on the blocking path.
     */
    public record Caller(String presentedKey, String clientIp, String userAgent, InMemoryAttempt attempt) {

        public Caller(String presentedKey, String clientIp, String userAgent) {
            this(presentedKey, clientIp, userAgent, null);
        }
    }

    public TokenResponse exchange(Caller caller, TokenRequest request) {
        return issue(caller, authenticate(caller, (String) null), request);
    }

    /**
     * Checks the presented API key (checksum, lookup by hash, type, expiry, rotation, revocation,
     * allowed networks), auditing every refusal. The OAuth token endpoint calls this before it
     * reads the rest of the request.
     *
     * @param expectedKeyId the key id the caller claims (an OAuth {@code client_id}), or null; a
     *     key whose id differs is refused like an unknown key
     */
    public CredentialSnapshot authenticate(Caller caller, String expectedKeyId) {
        CredentialSnapshot key = authenticate(caller, clock.instant());
        if (expectedKeyId != null
                && !MessageDigest.isEqual(
                        key.id().getBytes(StandardCharsets.UTF_8), expectedKeyId.getBytes(StandardCharsets.UTF_8))) {
            throw refuse(caller, key.tenantId(), key.id(), "client_id does not name the key", invalidKey());
        }
        return key;
    }

    /** Signs a token for an authenticated key, narrowed by the request; audits the outcome. */
    public TokenResponse issue(Caller caller, CredentialSnapshot key, TokenRequest request) {
        Instant now = clock.instant();
        try {
            List<String> scopes = narrow(key, request.scopes());
            Duration ttl = ttl(request.ttl());
            String audience = audience(request.audience());
            SigningKey signing = signingKeys.ring().current();
            String scope = String.join(" ", scopes);
            AccessTokenClaims claims = new AccessTokenClaims(
                    config.tokens().issuer(),
                    key.id(),
                    key.tenantId(),
                    scope,
                    audience,
                    now,
                    now,
                    now.plus(ttl),
                    newJti());
            String token = AccessTokenCodec.encode(signing.encodedHeader(), claims, signing.signer());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("scope", scope);
            details.put("aud", audience);
            details.put("kid", signing.kid());
            details.put("exp", claims.expiresAt().toString());
            audit(caller, key.tenantId(), key.id(), claims.jwtId(), AuditOutcome.SUCCESS, details);
            return new TokenResponse(token, "Bearer", ttl.toSeconds(), scope);
        } catch (TokenProblem problem) {
            audit(caller, key.tenantId(), key.id(), null, AuditOutcome.DENIED, Map.of("reason", problem.getMessage()));
            throw problem;
        }
    }

    private CredentialSnapshot authenticate(Caller caller, Instant now) {
        String presented = caller.presentedKey();
        if (presented == null || presented.isBlank()) {
            throw refuse(
                    caller,
                    null,
                    null,
                    "missing",
                    TokenProblem.unauthorized("send the API key as 'Authorization: Bearer ww_live_…' (or ww_test_…)"));
        }
        if (!credentials.hasValidChecksum(presented)) {
            throw refuse(caller, null, null, "malformed or bad checksum", invalidKey());
        }
        Optional<String> environment = credentials.environmentOf(presented);
        if (environment.isPresent() && "admin".equals(environment.get())) {
            throw refuse(
                    caller,
                    null,
                    null,
                    "admin credential",
                    TokenProblem.forbidden(
                            "admin-credential",
                            "Admin credentials cannot get tokens",
                            "tokens are exchanged for API keys (ww_live_… or ww_test_…); admin credentials only"
                                    + " manage Watchword"));
        }
        CredentialSnapshot key = find(caller, presented);
        if (key == null) {
            throw refuse(caller, null, null, "unknown key", invalidKey());
        }
        if (key.type() != CredentialType.API_KEY) {
            throw refuse(caller, key.tenantId(), key.id(), "not an API key", invalidKey());
        }
        if (!key.usable() || !now.isBefore(key.expiresAt())) {
            throw refuse(
                    caller,
                    key.tenantId(),
                    key.id(),
                    "expired",
                    TokenProblem.unauthorized("the API key has expired; create or rotate a key"));
        }
        if (key.rotatedPastGraceAt(now)) {
            throw refuse(
                    caller,
                    key.tenantId(),
                    key.id(),
                    "rotated, grace period over",
                    TokenProblem.unauthorized("the API key was rotated and its grace period is over; use the new key"));
        }
        if (revocations.isRefused(key.tenantId(), key.id())) {
            throw refuse(
                    caller,
                    key.tenantId(),
                    key.id(),
                    "revoked: " + revocations.statusOf(key.tenantId(), key.id()),
                    TokenProblem.unauthorized("the API key has been revoked or suspended"));
        }
        if (!credentials.cidrAllows(key.allowedCidrs(), caller.clientIp())) {
            throw refuse(
                    caller,
                    key.tenantId(),
                    key.id(),
                    "client address not allowed",
                    TokenProblem.forbidden(
                            "address-not-allowed",
                            "Address not allowed",
                            "this API key may only be used from its allowed networks ("
                                    + String.join(", ", key.allowedCidrs()) + "); the request came from "
                                    + caller.clientIp()));
        }
        return key;
    }

    private CredentialSnapshot find(Caller caller, String presented) {
        if (caller.attempt() == null) {
            return credentials.findByPresentedKey(presented).orElse(null);
        }
        // Unknown keys are never cached, so a miss says nothing: the database decides, off the loop.
        // Every refusal before this point ends the request, so an attempt that ends here has
        // recorded nothing yet.
        return credentials.findCachedByPresentedKey(presented).orElseThrow(caller.attempt()::needsDatabase);
    }

    private List<String> narrow(CredentialSnapshot key, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return key.scopes();
        }
        LinkedHashSet<String> granted = new LinkedHashSet<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String scope;
            try {
                scope = credentials.parseScope(requested.get(i));
            } catch (IllegalArgumentException e) {
                // Named by position, never by value: an error must not echo input (decision 0110).
                throw TokenProblem.invalidScope("scopes[" + i + "] is invalid: " + e.getMessage());
            }
            if (key.scopes().stream().anyMatch(own -> credentials.implies(own, scope))) {
                granted.add(scope);
            } else {
                refused.add(scope);
            }
        }
        if (!refused.isEmpty()) {
            throw TokenProblem.forbidden(
                    "insufficient-scope",
                    "Scope not granted",
                    "requested scopes may only narrow the key's scopes (" + String.join(" ", key.scopes())
                            + "); not granted: " + String.join(" ", refused));
        }
        return List.copyOf(granted);
    }

    private Duration ttl(String requested) {
        Duration max = config.tokens().maxTtl();
        if (requested == null || requested.isBlank()) {
            return config.tokens().defaultTtl();
        }
        Duration ttl;
        try {
            ttl = Duration.parse(requested);
        } catch (DateTimeParseException e) {
            throw TokenProblem.badRequest("ttl is not an ISO-8601 duration such as PT5M");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.toSeconds() < 1) {
            throw TokenProblem.badRequest("ttl must be at least one second");
        }
        if (ttl.compareTo(max) > 0) {
            throw TokenProblem.badRequest("ttl exceeds the maximum of " + max);
        }
        return Duration.ofSeconds(ttl.toSeconds());
    }

    private String audience(String requested) {
        if (requested == null || requested.isBlank()) {
            return config.tokens().defaultAudience();
        }
        if (requested.length() > 256) {
            throw TokenProblem.invalidTarget("audience is longer than 256 characters");
        }
        return requested;
    }

    private TokenProblem refuse(Caller caller, String tenantId, String keyId, String reason, TokenProblem problem) {
        audit(caller, tenantId, keyId, null, AuditOutcome.DENIED, Map.of("reason", reason));
        return problem;
    }

    private void audit(
            Caller caller,
            String tenantId,
            String keyId,
            String jti,
            AuditOutcome outcome,
            Map<String, String> details) {
        AuditRecorded event = new AuditRecorded(
                UUID.randomUUID(),
                clock.instant(),
                tenantId == null ? UNKNOWN : tenantId,
                "issuer-service",
                keyId == null ? UNKNOWN : keyId,
                ACTION,
                "token",
                jti,
                outcome,
                caller.clientIp(),
                caller.userAgent(),
                details);
        if (caller.attempt() != null) {
            caller.attempt().record(event);
        } else {
            audit.record(event);
        }
    }

    private static TokenProblem invalidKey() {
        // One answer for unknown, mistyped and non-API-key credentials: no key enumeration.
        return TokenProblem.unauthorized("the API key is not valid; check that it was copied completely");
    }

    private String newJti() {
        return CredentialIds.newTokenId();
    }
}
