package io.watchword.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void admitsTheBurstAtOnceThenOneRequestPerInterval() {
        TokenBucket bucket = TokenBucket.perWindow(60, 60 * SECOND, 5, 0);
        for (int i = 4; i >= 0; i--) {
            assertThat(bucket.tryAcquire(0)).isEqualTo(i);
        }
        long refused = bucket.tryAcquire(0);
        assertThat(refused).isEqualTo(-SECOND);
        assertThat(bucket.tryAcquire(SECOND - 1)).isNegative();
        assertThat(bucket.tryAcquire(SECOND)).isZero();
    }

    @Test
    void admitsExactlyTheRateOverALongRun() {
        TokenBucket bucket = TokenBucket.perWindow(100, 60 * SECOND, 10, 0);
        int admitted = 0;
        for (long t = 0; t < 600 * SECOND; t += SECOND / 100) {
            if (bucket.tryAcquire(t) >= 0) {
                admitted++;
            }
        }
        // 10 minutes at 100/min plus the initial burst
        assertThat(admitted).isBetween(1_000, 1_011);
    }

    @Test
    void aLimitChangedLiveKeepsTheHistory() {
        TokenBucket bucket = TokenBucket.perWindow(1, SECOND, 1, 0);
        assertThat(bucket.tryAcquire(0)).isZero();
        bucket.reconfigure(TokenBucket.intervalOf(10, SECOND), 10, 0);
        assertThat(bucket.available(0)).isEqualTo(9);
    }

    @Test
    void keyedLimiterIsBoundedAndSharesAnOverflowBucket() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 2);
        long now = System.nanoTime();
        assertThat(limiter.tryAcquire("a", now)).isZero();
        assertThat(limiter.tryAcquire("b", now)).isZero();
        assertThat(limiter.tryAcquire("c", now)).isZero();
        assertThat(limiter.tryAcquire("d", now)).isNegative();
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(KeyedRateLimiter.retryAfterSeconds(limiter.tryAcquire("a", now)))
                .isEqualTo(1);
    }
}
