package io.watchword.client.verify;

import java.time.Clock;
import java.time.Duration;

/**
 * Policy of the verifier. {@link #defaults()} gives the documented defaults.
 *
 * @param expectedIssuer the {@code iss} every token must carry
 * @param audience the {@code aud} tokens must carry; null accepts any audience
 * @param clockSkew tolerated clock difference for {@code exp} and {@code nbf}
 * @param maxStaleness how long the revocation feed may be unreachable before {@code failMode}
 * @param tokenCacheSize verified tokens remembered (each until its {@code exp})
 * @param keyCacheSize introspected API keys remembered (by hash, until a revocation or exp)
 * @param inactiveKeyTtl how long an "inactive" answer for a key is remembered
 */
public record VerifierOptions(
        String expectedIssuer,
        String audience,
        Duration clockSkew,
        Duration maxStaleness,
        FailMode failMode,
        long tokenCacheSize,
        long keyCacheSize,
        Duration inactiveKeyTtl,
        Clock clock) {

    public static VerifierOptions defaults() {
        return new VerifierOptions(
                "urn:watchword:issuer",
                null,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                FailMode.CLOSED,
                100_000,
                100_000,
                Duration.ofSeconds(10),
                Clock.systemUTC());
    }

    public VerifierOptions withAudience(String value) {
        return new VerifierOptions(
                expectedIssuer,
                value,
                clockSkew,
                maxStaleness,
                failMode,
                tokenCacheSize,
                keyCacheSize,
                inactiveKeyTtl,
                clock);
    }

    public VerifierOptions withExpectedIssuer(String value) {
        return new VerifierOptions(
                value,
                audience,
                clockSkew,
                maxStaleness,
                failMode,
                tokenCacheSize,
                keyCacheSize,
                inactiveKeyTtl,
                clock);
    }

    public VerifierOptions withClockSkew(Duration value) {
        return new VerifierOptions(
                expectedIssuer,
                audience,
                value,
                maxStaleness,
                failMode,
                tokenCacheSize,
                keyCacheSize,
                inactiveKeyTtl,
                clock);
    }

    public VerifierOptions withMaxStaleness(Duration value) {
        return new VerifierOptions(
                expectedIssuer,
                audience,
                clockSkew,
                value,
                failMode,
                tokenCacheSize,
                keyCacheSize,
                inactiveKeyTtl,
                clock);
    }

    public VerifierOptions withFailMode(FailMode value) {
        return new VerifierOptions(
                expectedIssuer,
                audience,
                clockSkew,
                maxStaleness,
                value,
                tokenCacheSize,
                keyCacheSize,
                inactiveKeyTtl,
                clock);
    }

    public VerifierOptions withCacheSizes(long tokens, long keys) {
        return new VerifierOptions(
                expectedIssuer, audience, clockSkew, maxStaleness, failMode, tokens, keys, inactiveKeyTtl, clock);
    }

    public VerifierOptions withInactiveKeyTtl(Duration value) {
        return new VerifierOptions(
                expectedIssuer,
                audience,
                clockSkew,
                maxStaleness,
                failMode,
                tokenCacheSize,
                keyCacheSize,
                value,
                clock);
    }

    public VerifierOptions withClock(Clock value) {
        return new VerifierOptions(
                expectedIssuer,
                audience,
                clockSkew,
                maxStaleness,
                failMode,
                tokenCacheSize,
                keyCacheSize,
                inactiveKeyTtl,
                value);
    }
}
