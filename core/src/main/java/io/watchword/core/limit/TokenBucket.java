package io.watchword.core.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket as the generic cell rate algorithm (GCRA): one atomic "theoretical arrival time"
 * per bucket and a compare-and-set per request, so a check takes no lock, allocates nothing and
 * costs tens of nanoseconds. {@code rate} requests per {@code window}, up to {@code burst} at once.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller (tests pass their own).
 * {@link #reconfigure} swaps rate and burst and rescales the bucket's debt, so the tokens already
 * taken stay taken: a limit changed live (or a replica's share of it) neither refills nor empties
 * the bucket.
 */
public final class TokenBucket {

    /** Rate and burst as one immutable value, so a reader never sees one without the other. */
    private record Params(long intervalNanos, long toleranceNanos, int burst) {}

    private final AtomicLong tat;
    private volatile Params params;

    /**
     * @param intervalNanos the time one request "costs" (window / rate)
     * @param burst how many requests may arrive at once (at least 1)
     * @param nowNanos the current time: the bucket starts full
     */
    public TokenBucket(long intervalNanos, int burst, long nowNanos) {
        this.params = params(intervalNanos, burst);
        this.tat = new AtomicLong(nowNanos);
    }

    /** A bucket of {@code rate} requests per {@code windowNanos}, e.g. 100 per 60 s. */
    public static TokenBucket perWindow(double rate, long windowNanos, int burst, long nowNanos) {
        return new TokenBucket(intervalOf(rate, windowNanos), burst, nowNanos);
    }

    /** The interval of {@code rate} per {@code windowNanos}; a non-positive rate admits nothing. */
    public static long intervalOf(double rate, long windowNanos) {
        if (!(rate > 0)) {
            return Long.MAX_VALUE / 4;
        }
        return Math.max(1, (long) (windowNanos / rate));
    }

    public void reconfigure(long intervalNanos, int burst, long nowNanos) {
        Params current = params;
        if (current.intervalNanos == intervalNanos && current.burst == burst) {
            return;
        }
        Params next = params(intervalNanos, burst);
        params = next;
        // The debt (how far the arrival time runs ahead of now) is tokens × interval: keep the
        // tokens, change the interval. A request racing this may use either interval: harmless.
        double scale = (double) intervalNanos / current.intervalNanos;
        while (true) {
            long t = tat.get();
            long ahead = t - nowNanos;
            if (ahead <= 0) {
                return;
            }
            long scaled = (long) Math.min(next.toleranceNanos + (double) next.intervalNanos, ahead * scale);
            if (tat.compareAndSet(t, nowNanos + scaled)) {
                return;
            }
        }
    }

    private static Params params(long intervalNanos, int burst) {
        if (intervalNanos <= 0 || burst < 1) {
            throw new IllegalArgumentException("interval and burst must be positive");
        }
        long tolerance = intervalNanos > Long.MAX_VALUE / 4 / burst ? Long.MAX_VALUE / 4 : intervalNanos * burst;
        return new Params(intervalNanos, tolerance, burst);
    }

    /**
     * Takes one request's token if there is one.
     *
     * @return the tokens left after this request (≥ 0) when admitted; when refused, minus the
     *     nanoseconds until one request would be admitted (&lt; 0)
     */
    public long tryAcquire(long nowNanos) {
        Params p = params;
        while (true) {
            long current = tat.get();
            long next = Math.max(current, nowNanos) + p.intervalNanos;
            long ahead = next - nowNanos;
            if (ahead > p.toleranceNanos) {
                return -Math.max(1, ahead - p.toleranceNanos);
            }
            if (tat.compareAndSet(current, next)) {
                return (p.toleranceNanos - ahead) / p.intervalNanos;
            }
        }
    }

    /** Tokens available now, without taking one. */
    public long available(long nowNanos) {
        Params p = params;
        long ahead = Math.max(tat.get(), nowNanos) - nowNanos;
        return Math.max(0, (p.toleranceNanos - ahead) / p.intervalNanos);
    }

    /** Nanoseconds until the bucket is full again (0 when it is). */
    public long nanosUntilFull(long nowNanos) {
        return Math.max(0, tat.get() - nowNanos);
    }

    public int burst() {
        return params.burst;
    }
}
