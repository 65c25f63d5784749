package io.watchword.client.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.watchword.client.revocation.FeedState;
import io.watchword.client.revocation.RevocationFeed;
import io.watchword.client.revocation.RevocationSet;
import io.watchword.client.state.CredentialStates;
import io.watchword.client.state.KeyState;
import io.watchword.client.verify.KeyIntrospection.Answer;
import io.watchword.client.verify.KeyIntrospection.IntrospectionFailedException;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.scope.Scope;
import io.watchword.core.token.TokenClaimsCheck;
import io.watchword.core.token.TokenFailure;
import io.watchword.events.v1.CredentialState;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer credentials locally: Watchword tokens against the issuer's published keys, API
 * keys by checksum and then introspection, both against the revocation set the feed maintains.
 *
 * <p>A token seen before costs no signature check (verified tokens are cached until their {@code
 * exp}), but every check, cached or not, consults the revocation set for the token's {@code jti}
 * and its {@code sub} key, the clock, and the required scopes. API keys are cached by their
 * SHA-256, never the plaintext, and the revocation set is consulted on every hit, so a cache can
 * never bring a revoked key back. Thread-safe.
 */
public final class CredentialVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialVerifier.class);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final long RECOGNITION_NANOS = TimeUnit.DAYS.toNanos(7);

    private final Function<String, io.watchword.core.token.SigningKey> coreKeys;
    private final KeyIntrospection introspection;
    private final RevocationSet revocations;
    private final CredentialStates states;
    private final FeedState feed;
    private final VerifierOptions options;
    private final VerifierMetrics metrics = new VerifierMetrics();
    private final Cache<String, TokenClaims> tokens;
    private final Cache<ByteBuffer, Answer> apiKeys;
    private final long skewSeconds;
    private final long maxStalenessMillis;

    public CredentialVerifier(
            Function<String, SigningKey> keys,
            KeyIntrospection introspection,
            RevocationSet revocations,
            FeedState feed,
            VerifierOptions options) {
        this(keys, introspection, revocations, new CredentialStates(), feed, options);
    }

    /**
     * @param states the latest state of every credential from the credential-state topic
     * @param feed the state of the followed topics (revocations and credential state)
     */
    public CredentialVerifier(
            Function<String, SigningKey> keys,
            KeyIntrospection introspection,
            RevocationSet revocations,
            CredentialStates states,
            FeedState feed,
            VerifierOptions options) {
        this.coreKeys = kid -> {
            SigningKey key = keys.apply(kid);
            return key == null ? null : key.core();
        };
        this.introspection = introspection;
        this.revocations = revocations;
        this.states = states;
        this.feed = feed;
        this.options = options;
        this.skewSeconds = options.clockSkew().toSeconds();
        this.maxStalenessMillis = options.maxStaleness().toMillis();
        this.tokens = Caffeine.newBuilder()
                .maximumSize(options.tokenCacheSize())
                .expireAfter(new Expiry<String, TokenClaims>() {
                    @Override
                    public long expireAfterCreate(String token, TokenClaims claims, long currentTime) {
                        return nanosUntil(claims.expiresAt() + skewSeconds);
                    }

                    @Override
                    public long expireAfterUpdate(String k, TokenClaims v, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String k, TokenClaims v, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        this.apiKeys = Caffeine.newBuilder()
                .maximumSize(options.keyCacheSize())
                .expireAfter(new Expiry<ByteBuffer, Answer>() {
                    @Override
                    public long expireAfterCreate(ByteBuffer key, Answer answer, long currentTime) {
                        // An active answer is kept past the key's expiry (bounded by the cache size):
                        // the hash -> id mapping still recognises the key once it is expired,
                        // rotated out or revoked, so its refused use is attributed to it.
                        return answer.active()
                                ? saturatedAdd(nanosUntil(answer.expiresAt()), RECOGNITION_NANOS)
                                : options.inactiveKeyTtl().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(ByteBuffer k, Answer v, long currentTime, long currentDuration) {
                        return expireAfterCreate(k, v, currentTime);
                    }

                    @Override
                    public long expireAfterRead(ByteBuffer k, Answer v, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        if (options.audience() == null) {
            LOG.warn("No audience configured: tokens for any audience are accepted; set"
                    + " watchword.client.audience to this service's audience");
        }
    }

    /** Verifies an {@code Authorization} header value ({@code Bearer <credential>}). */
    public VerificationResult verifyAuthorization(String authorizationHeader, List<Scope> required) {
        return verifyAuthorization(authorizationHeader, required, null);
    }

    /**
     * Verifies an {@code Authorization} header value from a caller at {@code clientAddress} (null
     * when unknown: a key restricted to address ranges is then refused).
     */
    public VerificationResult verifyAuthorization(
            String authorizationHeader, List<Scope> required, InetAddress clientAddress) {
        if (authorizationHeader == null
                || authorizationHeader.length() < 8
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(Refusal.MISSING_CREDENTIAL);
        }
        return verify(authorizationHeader.substring(7).trim(), required, clientAddress);
    }

    /** Verifies a bare credential (a token or an API key) and checks the required scopes. */
    public VerificationResult verify(String credential, List<Scope> required) {
        return verify(credential, required, null);
    }

    /** As {@link #verify(String, List)}, for a caller at {@code clientAddress} (null if unknown). */
    public VerificationResult verify(String credential, List<Scope> required, InetAddress clientAddress) {
        if (credential == null || credential.isEmpty()) {
            return refuse(Refusal.MISSING_CREDENTIAL);
        }
        long nowMillis = options.clock().millis();
        boolean stale = !feedFresh(nowMillis);
        if (stale && options.failMode() == FailMode.CLOSED) {
            return refuse(Refusal.FEED_UNAVAILABLE);
        }
        VerificationResult result = ApiKeyFormat.looksLikeApiKey(credential)
                ? verifyApiKey(credential, required, nowMillis, clientAddress)
                : verifyToken(credential, required, nowMillis);
        if (result.isAccepted()) {
            metrics.verified.increment();
            if (stale) {
                metrics.verifiedWhileStale.increment();
            }
        } else {
            metrics.countRefusal(result.refusal());
        }
        return result;
    }

    private VerificationResult verifyToken(String token, List<Scope> required, long nowMillis) {
        TokenClaims claims = tokens.getIfPresent(token);
        if (claims != null) {
            metrics.tokenCacheHits.increment();
        } else {
            io.watchword.core.token.TokenClaims verified;
            try {
                metrics.signatureChecks.increment();
                verified = JwsTokenDecoder.verifyCore(token, coreKeys);
            } catch (TokenRejectedException e) {
                return VerificationResult.refused(e.refusal(), null, e.refusal().detail());
            }
            // The checks shared with every verifier of Watchword tokens (core token package).
            TokenFailure identity = TokenClaimsCheck.identity(verified, options.expectedIssuer(), options.audience());
            if (identity == TokenFailure.MALFORMED) {
                return VerificationResult.refused(Refusal.MALFORMED, null, "The token lacks sub or jti.");
            }
            if (identity != null) {
                return VerificationResult.refused(TokenRejectedException.refusalOf(identity));
            }
            claims = JwsTokenDecoder.of(verified);
            long nowSeconds = nowMillis / 1000;
            if (nowSeconds < claims.expiresAt() + skewSeconds) {
                tokens.put(token, claims);
            }
        }
        TokenFailure time =
                TokenClaimsCheck.time(claims.expiresAt(), claims.notBefore(), nowMillis / 1000, skewSeconds);
        if (time != null) {
            return VerificationResult.refused(TokenRejectedException.refusalOf(time));
        }
        VerifiedPrincipal principal = new VerifiedPrincipal(
                CredentialKind.TOKEN,
                claims.subject(),
                claims.tenant(),
                claims.scopes(),
                claims.tokenId(),
                Instant.ofEpochSecond(claims.expiresAt()));
        Refusal revoked = revocation(claims.tenant(), claims.tokenId());
        if (revoked == null) {
            revoked = revocation(claims.tenant(), claims.subject());
        }
        if (revoked == null) {
            // The token's key: a token never outlives the key it was exchanged for.
            KeyState key = states.get(claims.subject());
            if (key != null && key.tenantId().equals(claims.tenant())) {
                revoked = lifecycle(key, nowMillis);
            }
        }
        if (revoked != null) {
            return VerificationResult.refused(revoked, principal, revoked.detail());
        }
        return scopes(principal, required);
    }

    private VerificationResult verifyApiKey(
            String key, List<Scope> required, long nowMillis, InetAddress clientAddress) {
        if (!ApiKeyFormat.hasValidChecksum(key)) {
            return VerificationResult.refused(Refusal.BAD_CHECKSUM);
        }
        ByteBuffer digest = ByteBuffer.wrap(SHA256.get().digest(key.getBytes(StandardCharsets.US_ASCII)));
        Answer answer = apiKeys.getIfPresent(digest);
        if (answer != null) {
            metrics.keyCacheHits.increment();
        } else {
            try {
                metrics.introspections.increment();
                answer = introspection.introspect(key);
            } catch (IntrospectionFailedException e) {
                LOG.warn("API key introspection failed: {}", e.getMessage());
                return VerificationResult.refused(Refusal.ISSUER_UNAVAILABLE);
            }
            apiKeys.put(digest, answer);
        }
        if (!answer.active()) {
            return VerificationResult.unknownKey(Refusal.INACTIVE, ApiKeyFormat.displayPrefix(key));
        }
        // The credential-state topic is newer than the introspection answer: its scopes, expiry,
        // status and source ranges win. Without a state record (yet) the answer stands alone.
        KeyState state = states.get(answer.credentialId());
        if (state != null && !state.tenantId().equals(answer.tenant())) {
            state = null;
        }
        VerifiedPrincipal principal = new VerifiedPrincipal(
                CredentialKind.API_KEY,
                answer.credentialId(),
                answer.tenant(),
                state != null && state.scopesKnown() ? state.scopes() : answer.scopes(),
                null,
                answer.expiresAt() == Long.MAX_VALUE ? null : Instant.ofEpochSecond(answer.expiresAt()));
        if (nowMillis / 1000 >= answer.expiresAt()) {
            return VerificationResult.refused(Refusal.EXPIRED, principal, Refusal.EXPIRED.detail());
        }
        // Checked on every hit as well as after a fresh introspection: the issuer may not have seen
        // a revocation we already have.
        Refusal refused = revocation(answer.tenant(), answer.credentialId());
        if (refused == null && state != null) {
            refused = lifecycle(state, nowMillis);
        }
        if (refused == null && state != null && !state.sources().allows(clientAddress)) {
            refused = Refusal.SOURCE_NOT_ALLOWED;
        }
        if (refused != null) {
            return VerificationResult.refused(refused, principal, refused.detail());
        }
        return scopes(principal, required);
    }

    /**
     * Refuses a key by its state with this verifier's own clock, so the end of a rotation grace or
     * an expiry needs no event to take effect.
     */
    private static Refusal lifecycle(KeyState state, long nowMillis) {
        CredentialState status = state.status();
        if (status == CredentialState.REVOKED) {
            return Refusal.REVOKED;
        }
        if (status == CredentialState.SUSPENDED) {
            return Refusal.SUSPENDED;
        }
        if (status == CredentialState.EXPIRED || nowMillis >= state.expiresAtMillis()) {
            return Refusal.EXPIRED;
        }
        if (status == CredentialState.ROTATED && nowMillis >= state.graceEndsAtMillis()) {
            return Refusal.ROTATED_OUT;
        }
        return null;
    }

    private VerificationResult scopes(VerifiedPrincipal principal, List<Scope> required) {
        if (!principal.scopes().allowsAll(required)) {
            return VerificationResult.refused(
                    Refusal.INSUFFICIENT_SCOPE, principal, "This operation requires " + describe(required) + ".");
        }
        return VerificationResult.accepted(principal);
    }

    /** Revocations are bound to their tenant: a record of another tenant for the same id is not ours. */
    private Refusal revocation(String tenantId, String credentialId) {
        if (tenantId == null || credentialId == null) {
            return null;
        }
        byte status = revocations.statusOf(RevocationFeed.key(tenantId, credentialId));
        if (status == RevocationSet.REVOKED) {
            return Refusal.REVOKED;
        }
        return status == RevocationSet.SUSPENDED ? Refusal.SUSPENDED : null;
    }

    /**
     * Forgets remembered "inactive" answers: called when a revocation is lifted, so a key the issuer
     * called inactive while it was suspended works again at once after reinstatement.
     */
    public void revocationLifted(String credentialId) {
        apiKeys.asMap().values().removeIf(answer -> !answer.active());
    }

    /** Called when a credential's state changed: an "inactive" answer may be out of date now. */
    public void stateChanged(String credentialId) {
        KeyState state = states.get(credentialId);
        if (state != null && state.status() == CredentialState.ACTIVE) {
            apiKeys.asMap().values().removeIf(answer -> !answer.active());
        }
    }

    private boolean feedFresh(long nowMillis) {
        return feed.isReady() && nowMillis - feed.lastContactMillis() <= maxStalenessMillis;
    }

    private VerificationResult refuse(Refusal refusal) {
        metrics.countRefusal(refusal);
        return VerificationResult.refused(refusal);
    }

    private long nanosUntil(long epochSeconds) {
        if (epochSeconds == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long millis = epochSeconds * 1000 - options.clock().millis();
        return Math.max(0, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static String describe(List<Scope> scopes) {
        StringBuilder text = new StringBuilder();
        for (Scope scope : scopes) {
            text.append(text.length() == 0 ? "" : ", ").append(scope);
        }
        return text.toString();
    }

    public VerifierMetrics metrics() {
        return metrics;
    }

    /** A snapshot for health checks; {@code signingKeys} is filled by the caller that knows them. */
    public VerifierHealth health(int signingKeys) {
        long now = options.clock().millis();
        boolean fresh = feedFresh(now);
        long contact = feed.lastContactMillis();
        return new VerifierHealth(
                feed.isReady(),
                fresh,
                options.failMode(),
                !fresh && options.failMode() == FailMode.CLOSED,
                contact == 0 ? null : Instant.ofEpochMilli(contact),
                feed.lagRecords(),
                revocations.size(),
                signingKeys);
    }
}
