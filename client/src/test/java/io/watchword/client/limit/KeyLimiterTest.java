package io.watchword.client.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.client.testing.TestFeeds;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The limiter on its own (no broker): decisions and the draft -11 headers. */
class KeyLimiterTest {

    private static final Instant NOON = Instant.parse("2026-12-02T12:00:30Z");
    private final KeyLimiter limiter = new KeyLimiter(Clock.fixed(NOON, ZoneOffset.UTC));

    static LimitSpec spec(
            Integer rate, Integer window, Integer burst, Long day, Long month, Integer throttle, Instant until) {
        CredentialStateChanged s =
                TestFeeds.state("ten_a", "key_a", CredentialState.ACTIVE, NOON.plusSeconds(3600), null);
        return LimitSpec.of(new CredentialStateChanged(
                s.eventId(),
                s.occurredAt(),
                s.tenantId(),
                s.credentialId(),
                s.credentialType(),
                s.environment(),
                s.displayPrefix(),
                s.name(),
                s.scopes(),
                s.allowedCidrs(),
                s.expiresAt(),
                s.status(),
                s.graceEndsAt(),
                s.replacementId(),
                s.rotatedFrom(),
                rate,
                window,
                burst,
                day,
                month,
                throttle,
                until,
                until == null ? null : "alert:1"));
    }

    @Test
    void aKeyWithoutLimitsIsNotLimited() {
        assertThat(limiter.check("key_a", "ten_a", spec(null, null, null, null, null, null, null)))
                .isNull();
    }

    @Test
    void aRateLimitAdmitsTheBurstThenRefusesWithTheDraftHeaders() {
        LimitSpec spec = spec(100, 60, 3, null, null, null, null);
        LimitDecision first = limiter.check("key_a", "ten_a", spec);
        assertThat(first.admitted()).isTrue();
        assertThat(first.policyHeader()).isEqualTo("\"default\";q=100;w=60");
        assertThat(first.rateLimitHeader()).startsWith("\"default\";r=2;t=");
        assertThat(limiter.check("key_a", "ten_a", spec).admitted()).isTrue();
        assertThat(limiter.check("key_a", "ten_a", spec).admitted()).isTrue();

        LimitDecision refused = limiter.check("key_a", "ten_a", spec);
        assertThat(refused.refusal()).isEqualTo(LimitDecision.Kind.RATE_LIMITED);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.rateLimitHeader()).matches("\"default\";r=0;t=[12]");
    }

    @Test
    void aDailyQuotaRefusesUntilMidnightUtc() {
        LimitSpec spec = spec(null, null, null, 2L, 1000L, null, null);
        assertThat(limiter.check("key_a", "ten_a", spec).admitted()).isTrue();
        LimitDecision second = limiter.check("key_a", "ten_a", spec);
        assertThat(second.policyHeader()).isEqualTo("\"daily\";q=2;w=86400, \"monthly\";q=1000;w=2592000");
        assertThat(second.rateLimitHeader()).startsWith("\"daily\";r=0;t=43170, \"monthly\";r=998;t=");

        LimitDecision refused = limiter.check("key_a", "ten_a", spec);
        assertThat(refused.refusal()).isEqualTo(LimitDecision.Kind.QUOTA_EXCEEDED);
        assertThat(refused.retryAfterSeconds()).isEqualTo(43_170);
    }

    @Test
    void aThrottleCutsTheLimitUntilItExpiresOnTheVerifiersClock() {
        LimitSpec throttled = spec(1000, 60, 1000, null, null, 1, NOON.plusSeconds(60));
        assertThat(limiter.check("key_a", "ten_a", throttled).policyHeader()).isEqualTo("\"throttle\";q=1;w=60");
        assertThat(limiter.check("key_a", "ten_a", throttled).refusal()).isEqualTo(LimitDecision.Kind.THROTTLED);

        LimitSpec expired = spec(1000, 60, 1000, null, null, 1, NOON.minusSeconds(1));
        assertThat(limiter.check("key_a", "ten_a", expired).admitted()).isTrue();
    }

    @Test
    void aLimitChangedLiveAppliesToTheNextRequest() {
        LimitSpec tight = spec(1, 1, 1, null, null, null, null);
        assertThat(limiter.check("key_a", "ten_a", tight).admitted()).isTrue();
        assertThat(limiter.check("key_a", "ten_a", tight).admitted()).isFalse();
        LimitSpec loose = spec(1000, 1, 1000, null, null, null, null);
        assertThat(limiter.check("key_a", "ten_a", loose).admitted()).isTrue();
    }
}
