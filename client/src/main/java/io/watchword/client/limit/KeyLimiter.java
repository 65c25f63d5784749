package io.watchword.client.limit;

import io.watchword.core.limit.TokenBucket;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Enforces keys' rate limits, quotas and throttles on the request path with no network call
 * (decision 0172): a map lookup, a GCRA compare-and-set and two atomic increments. Each replica
 * enforces its <em>share</em> of a key's limit; {@link RateUsageSync} sets the shares and the
 * fleet's usage from every replica's {@code RateUsageReported} (decision 0173).
 */
public final class KeyLimiter {

    private static final long SECOND_NANOS = 1_000_000_000L;
    /** The smallest share a replica takes, so its first requests after being idle are not refused. */
    static final double MIN_SHARE = 0.01;

    private final Clock clock;
    private final ConcurrentHashMap<String, KeyUsage> keys = new ConcurrentHashMap<>();
    /** The UTC day and month, refreshed by {@link #rollOver}: the hot path reads, never computes. */
    private volatile Calendar calendar;
    /** Sets a key's fleet view when this replica first sees it (the sync installs itself here). */
    private volatile java.util.function.Consumer<KeyUsage> onNewKey = usage -> {};

    record Calendar(String day, String month, long dayEndMillis, long monthEndMillis, long monthSeconds) {
        static Calendar at(long millis) {
            LocalDate date = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
            YearMonth month = YearMonth.from(date);
            long dayEnd =
                    date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long monthEnd = month.plusMonths(1)
                    .atDay(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
            return new Calendar(date.toString(), month.toString(), dayEnd, monthEnd, month.lengthOfMonth() * 86_400L);
        }
    }

    public KeyLimiter(Clock clock) {
        this.clock = clock;
        this.calendar = Calendar.at(clock.millis());
    }

    /**
     * Checks one request of an accepted credential.
     *
     * @return null when the key has no limits; else the decision (admitted or refused) and headers
     */
    public LimitDecision check(String credentialId, String tenantId, LimitSpec spec) {
        if (spec == null || spec.isNone() || credentialId == null) {
            return null;
        }
        long nowNanos = System.nanoTime();
        long nowMillis = clock.millis();
        if (nowMillis >= calendar.dayEndMillis) {
            rollOver(nowMillis);
        }
        KeyUsage usage = keys.get(credentialId);
        if (usage == null) {
            usage = keys.computeIfAbsent(credentialId, id -> new KeyUsage(id, tenantId, calendar));
        }
        if (usage.spec != spec) {
            boolean first = usage.spec == null;
            usage.configure(spec, nowNanos, nowMillis);
            if (first) {
                // Before its first sync a key would have no allowance: take the fleet's view now,
                // or a replica new to a key could overshoot its quota for one interval.
                onNewKey.accept(usage);
            }
        }
        usage.attempts.increment();
        Calendar cal = calendar;
        long day = usage.day.get();
        if (spec.quotaPerDay() > 0
                && (usage.peersDay + day >= spec.quotaPerDay() || day - usage.dayAtSync >= usage.dayAllowance)) {
            return decision(
                    LimitDecision.Kind.QUOTA_EXCEEDED,
                    usage,
                    spec,
                    cal,
                    nowNanos,
                    nowMillis,
                    0,
                    secondsUntil(cal.dayEndMillis, nowMillis));
        }
        long month = usage.month.get();
        if (spec.quotaPerMonth() > 0
                && (usage.peersMonth + month >= spec.quotaPerMonth()
                        || month - usage.monthAtSync >= usage.monthAllowance)) {
            return decision(
                    LimitDecision.Kind.QUOTA_EXCEEDED,
                    usage,
                    spec,
                    cal,
                    nowNanos,
                    nowMillis,
                    0,
                    secondsUntil(cal.monthEndMillis, nowMillis));
        }
        TokenBucket bucket = usage.bucket;
        long remaining = Long.MAX_VALUE;
        if (bucket != null) {
            remaining = bucket.tryAcquire(nowNanos);
            if (remaining < 0) {
                long retry = Math.max(1, (-remaining + SECOND_NANOS - 1) / SECOND_NANOS);
                return decision(
                        usage.throttling ? LimitDecision.Kind.THROTTLED : LimitDecision.Kind.RATE_LIMITED,
                        usage,
                        spec,
                        cal,
                        nowNanos,
                        nowMillis,
                        0,
                        retry);
            }
        }
        usage.day.incrementAndGet();
        usage.month.incrementAndGet();
        return decision(null, usage, spec, cal, nowNanos, nowMillis, remaining, 0);
    }

    private static LimitDecision decision(
            LimitDecision.Kind kind,
            KeyUsage usage,
            LimitSpec spec,
            Calendar cal,
            long nowNanos,
            long nowMillis,
            long bucketRemaining,
            long retryAfter) {
        TokenBucket bucket = usage.bucket;
        long rateR = -1;
        long rateT = 0;
        if (bucket != null) {
            rateR = bucketRemaining == Long.MAX_VALUE ? bucket.available(nowNanos) : Math.max(0, bucketRemaining);
            rateT = (bucket.nanosUntilFull(nowNanos) + SECOND_NANOS - 1) / SECOND_NANOS;
        }
        // What this replica can still admit: the fleet's remainder, capped by its own allowance.
        long day = usage.day.get();
        long month = usage.month.get();
        long dayR = spec.quotaPerDay() > 0
                ? Math.max(
                        0,
                        Math.min(
                                spec.quotaPerDay() - usage.peersDay - day,
                                usage.dayAllowance - (day - usage.dayAtSync)))
                : -1;
        long monthR = spec.quotaPerMonth() > 0
                ? Math.max(
                        0,
                        Math.min(
                                spec.quotaPerMonth() - usage.peersMonth - month,
                                usage.monthAllowance - (month - usage.monthAtSync)))
                : -1;
        return new LimitDecision(
                kind,
                usage.policyHeader,
                retryAfter,
                usage.throttling,
                rateR,
                rateT,
                dayR,
                dayR < 0 ? 0 : secondsUntil(cal.dayEndMillis, nowMillis),
                monthR,
                monthR < 0 ? 0 : secondsUntil(cal.monthEndMillis, nowMillis));
    }

    private static long secondsUntil(long endMillis, long nowMillis) {
        return Math.max(1, (endMillis - nowMillis + 999) / 1000);
    }

    /** Resets the day's (and month's) counts at midnight UTC; called by the sync tick and lazily. */
    synchronized void rollOver(long nowMillis) {
        Calendar current = calendar;
        if (nowMillis < current.dayEndMillis) {
            return;
        }
        Calendar next = Calendar.at(nowMillis);
        for (KeyUsage usage : keys.values()) {
            usage.day.set(0);
            usage.dayAtSync = 0;
            usage.dayAllowance = Long.MAX_VALUE;
            usage.allowanceBase = null;
            usage.peersDay = 0;
            if (!next.month.equals(current.month)) {
                usage.month.set(0);
                usage.monthAtSync = 0;
                usage.peersMonth = 0;
            }
        }
        calendar = next;
    }

    void onNewKey(java.util.function.Consumer<KeyUsage> hook) {
        this.onNewKey = hook;
    }

    Calendar calendar() {
        return calendar;
    }

    Collection<KeyUsage> usages() {
        return keys.values();
    }

    KeyUsage usage(String credentialId) {
        return keys.get(credentialId);
    }

    long nowMillis() {
        return clock.millis();
    }

    /** One key's counters on this replica; written on the request path and by the sync tick. */
    static final class KeyUsage {
        final String credentialId;
        final String tenantId;
        final AtomicLong day = new AtomicLong();
        final AtomicLong month = new AtomicLong();
        final LongAdder attempts = new LongAdder();
        volatile LimitSpec spec;
        volatile TokenBucket bucket;
        volatile boolean throttling;
        volatile String policyHeader = "";
        /** The other replicas' admitted counts (newest report of each, this day and month). */
        volatile long peersDay;

        volatile long peersMonth;
        /** What this replica may still admit until the next sync, its share of what is left. */
        volatile long dayAtSync;

        volatile long dayAllowance = Long.MAX_VALUE;
        volatile long monthAtSync;
        volatile long monthAllowance = Long.MAX_VALUE;
        volatile double share = 1.0;
        /** The peers' day and month counts the allowances were computed from (sync thread only). */
        long[] allowanceBase;
        /** Requests per second presented here, smoothed; written by the sync tick only. */
        double demand;

        long lastReportedDay = -1;
        long lastReportedMonth = -1;
        long lastTickNanos = System.nanoTime();

        KeyUsage(String credentialId, String tenantId, Calendar calendar) {
            this.credentialId = credentialId;
            this.tenantId = tenantId;
        }

        /** Applies a new spec, the throttle's state and this replica's share to the bucket. */
        synchronized void configure(LimitSpec next, long nowNanos, long nowMillis) {
            boolean throttled = next.throttledAt(nowMillis);
            long rate = next.rate();
            int window = next.windowSeconds() == 0 ? 60 : next.windowSeconds();
            int burst = next.burst();
            if (throttled && (rate == 0 || next.throttleRate() < rate)) {
                burst = (int) Math.max(1, Math.min(burst == 0 ? next.throttleRate() : burst, next.throttleRate()));
                rate = next.throttleRate();
            }
            if (rate == 0) {
                bucket = null;
            } else {
                // Each replica admits its share of the rate; its burst is the same share of the
                // burst, so the time a full bucket lasts is the same on every replica. A replica
                // with a part of the traffic keeps a burst of at least 2: with 1, a request that
                // comes a little after its slot resets the bucket to that arrival and the time in
                // between is lost, so replicas with a small, jittery share admitted less than their
                // share and the fleet ~3 % under its limit (decision 0278).
                double s = share;
                long interval = TokenBucket.intervalOf(rate * s, window * SECOND_NANOS);
                int floor = s < 1.0 && burst >= 2 ? 2 : 1;
                int localBurst = (int) Math.max(floor, Math.round(burst * s));
                if (bucket == null) {
                    bucket = new TokenBucket(interval, localBurst, nowNanos);
                } else {
                    bucket.reconfigure(interval, localBurst, nowNanos);
                }
            }
            throttling = throttled && rate == next.throttleRate();
            StringBuilder policy = new StringBuilder(64);
            if (rate > 0) {
                policy.append(throttling ? "\"throttle\"" : "\"default\"")
                        .append(";q=")
                        .append(rate)
                        .append(";w=")
                        .append(window);
            }
            if (next.quotaPerDay() > 0) {
                policy.append(policy.length() == 0 ? "" : ", ")
                        .append("\"daily\";q=")
                        .append(next.quotaPerDay())
                        .append(";w=86400");
            }
            if (next.quotaPerMonth() > 0) {
                policy.append(policy.length() == 0 ? "" : ", ")
                        .append("\"monthly\";q=")
                        .append(next.quotaPerMonth())
                        .append(";w=2592000");
            }
            policyHeader = policy.toString();
            spec = next;
        }
    }
}
