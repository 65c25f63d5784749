package io.watchword.core.limit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TokenBucket} per key (a client address, a presented credential), all with the same
 * rate and burst. The map is bounded: when it holds {@code maxKeys} buckets, the full ones (keys
 * idle long enough to have refilled) are dropped — a dropped bucket is exactly a new one — and if
 * none are full the new key shares one overflow bucket, so a flood of distinct keys cannot grow
 * the heap nor escape the limit.
 */
public final class KeyedRateLimiter {

    private final long intervalNanos;
    private final int burst;
    private final int maxKeys;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;

    public KeyedRateLimiter(double ratePerSecond, int burst, int maxKeys) {
        if (!(ratePerSecond > 0) || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate, burst and maxKeys must be positive");
        }
        this.intervalNanos = TokenBucket.intervalOf(ratePerSecond, 1_000_000_000L);
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.overflow = new TokenBucket(intervalNanos, burst, System.nanoTime());
    }

    /** As {@link TokenBucket#tryAcquire}: ≥ 0 admitted, &lt; 0 minus the nanoseconds to wait. */
    public long tryAcquire(String key, long nowNanos) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                buckets.values().removeIf(b -> b.nanosUntilFull(nowNanos) == 0);
            }
            bucket = buckets.size() >= maxKeys
                    ? overflow
                    : buckets.computeIfAbsent(key, k -> new TokenBucket(intervalNanos, burst, nowNanos));
        }
        return bucket.tryAcquire(nowNanos);
    }

    /** Seconds to tell a refused caller in {@code Retry-After} (at least 1). */
    public static long retryAfterSeconds(long refusal) {
        return Math.max(1, (-refusal + 999_999_999L) / 1_000_000_000L);
    }

    public int size() {
        return buckets.size();
    }
}
