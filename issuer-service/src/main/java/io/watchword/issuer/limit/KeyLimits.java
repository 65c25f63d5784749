package io.watchword.issuer.limit;

import java.time.Instant;

/**
 * An API key's rate limit ({@code rateLimit} per {@code windowSeconds}, {@code burst} at once),
 * quotas per UTC day and month, and throttle (a reduced rate limit until {@code throttleUntil}).
 * Null fields mean none. Verifiers enforce them from the credential-state topic (decision 0172).
 */
public record KeyLimits(
        Integer rateLimit,
        Integer windowSeconds,
        Integer burst,
        Long quotaPerDay,
        Long quotaPerMonth,
        Integer throttleRateLimit,
        Instant throttleUntil,
        String throttleReason) {

    public static final KeyLimits NONE = new KeyLimits(null, null, null, null, null, null, null, null);

    public KeyLimits withThrottle(Integer rate, Instant until, String reason) {
        return new KeyLimits(rateLimit, windowSeconds, burst, quotaPerDay, quotaPerMonth, rate, until, reason);
    }

    public KeyLimits withoutThrottle() {
        return withThrottle(null, null, null);
    }

    /** The throttle as it stands at {@code now}: an expired one is no throttle. */
    public boolean throttledAt(Instant now) {
        return throttleRateLimit != null && throttleUntil != null && now.isBefore(throttleUntil);
    }
}
