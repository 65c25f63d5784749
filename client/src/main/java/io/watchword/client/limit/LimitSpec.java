package io.watchword.client.limit;

import io.watchword.events.v1.CredentialStateChanged;

/**
 * A key's limits as its latest {@code CredentialStateChanged} carries them (decision 0172): a rate
 * limit ({@code rate} per {@code windowSeconds}, {@code burst} at once), quotas per UTC day and
 * month, and an alert's throttle until {@code throttleUntilMillis}. Zero means none.
 */
public record LimitSpec(
        long rate,
        int windowSeconds,
        int burst,
        long quotaPerDay,
        long quotaPerMonth,
        long throttleRate,
        long throttleUntilMillis,
        String throttleReason) {

    public static final LimitSpec NONE = new LimitSpec(0, 0, 0, 0, 0, 0, 0, null);

    public static LimitSpec of(CredentialStateChanged event) {
        long rate = positive(event.rateLimit());
        long day = positive(event.quotaPerDay());
        long month = positive(event.quotaPerMonth());
        long throttle = positive(event.throttleRateLimit());
        if (rate == 0 && day == 0 && month == 0 && throttle == 0) {
            return NONE;
        }
        Integer window = event.rateLimitWindowSeconds();
        int windowSeconds = window != null && (window == 1 || window == 60) ? window : 60;
        int burst = (int) Math.min(Integer.MAX_VALUE, positive(event.rateLimitBurst()));
        return new LimitSpec(
                rate,
                windowSeconds,
                burst == 0 ? (int) Math.min(Integer.MAX_VALUE, Math.max(1, rate)) : burst,
                day,
                month,
                throttle,
                throttle == 0 || event.throttleUntil() == null
                        ? 0
                        : event.throttleUntil().toEpochMilli(),
                event.throttleReason());
    }

    private static long positive(Number value) {
        return value == null || value.longValue() <= 0 ? 0 : value.longValue();
    }

    public boolean isNone() {
        return this == NONE || (rate == 0 && quotaPerDay == 0 && quotaPerMonth == 0 && throttleRate == 0);
    }

    /** Whether the throttle applies at {@code nowMillis} (a verifier ends it on its own clock). */
    public boolean throttledAt(long nowMillis) {
        return throttleRate > 0 && nowMillis < throttleUntilMillis;
    }
}
