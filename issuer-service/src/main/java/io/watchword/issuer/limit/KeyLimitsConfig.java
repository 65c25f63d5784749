package io.watchword.issuer.limit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Defaults and maximums of API keys' rate limits and quotas (decision 0172), for every tenant: a
 * key created without limits gets the defaults; no key may exceed the maximums. Listed in the
 * README.
 */
@ConfigMapping(prefix = "watchword.issuer.key-limits")
public interface KeyLimitsConfig {

    /** Requests per minute a new key gets when it names no rate limit; unset: no rate limit. */
    OptionalInt defaultRatePerMinute();

    /** Requests per UTC day a new key gets when it names no daily quota; unset: none. */
    OptionalLong defaultQuotaPerDay();

    /** Requests per UTC month a new key gets when it names no monthly quota; unset: none. */
    OptionalLong defaultQuotaPerMonth();

    /** Highest rate limit any key may have, in requests per second (a per-minute limit counts /60). */
    @WithDefault("100000")
    int maxRatePerSecond();

    /** Highest burst any key may have. */
    @WithDefault("100000")
    int maxBurst();

    @WithDefault("10000000000")
    long maxQuotaPerDay();

    @WithDefault("300000000000")
    long maxQuotaPerMonth();

    /** Longest a throttle may last (an alert's or an administrator's). */
    @WithDefault("P7D")
    Duration maxThrottle();
}
