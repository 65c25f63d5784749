package io.watchword.issuer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchword.issuer.credential.CredentialStatus;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.issuer.limit.KeyLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A key as the API shows it: never the secret or its hash. {@code key} only in a create answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(
        String id,
        String tenantId,
        String type,
        String name,
        String environment,
        String displayPrefix,
        List<String> scopes,
        List<String> allowedCidrs,
        Map<String, String> metadata,
        String status,
        Instant createdAt,
        Instant expiresAt,
        String rotatedTo,
        Instant graceEndsAt,
        Limits limits,
        Throttle throttle,
        String key) {

    /**
     * The key's rate limit ({@code rateLimit} per {@code per}, {@code burst} at once) and quotas
     * per UTC day and month; absent when the key has none (decision 0172).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(Integer rateLimit, String per, Integer burst, Long quotaPerDay, Long quotaPerMonth) {}

    /**
     * The throttle in force: {@code rateLimit} per the key's window (per minute when it has no
     * rate limit) until {@code until}; {@code reason} is {@code admin[:text]} or {@code
     * alert:<alert id>} (decision 0176). Absent when none, or once it has expired.
     */
    public record Throttle(Integer rateLimit, String per, Instant until, String reason) {}

    /** As {@link #of(StoredCredential, Instant, String)} with the key's limits and throttle. */
    public static KeyView of(StoredCredential c, Instant now, String key, KeyLimits limits) {
        KeyView base = of(c, now, key);
        if (limits == null) {
            return base;
        }
        Limits shown = limits.rateLimit() == null && limits.quotaPerDay() == null && limits.quotaPerMonth() == null
                ? null
                : new Limits(
                        limits.rateLimit(),
                        limits.rateLimit() == null ? null : per(limits.windowSeconds()),
                        limits.burst(),
                        limits.quotaPerDay(),
                        limits.quotaPerMonth());
        Throttle throttle = limits.throttledAt(now)
                ? new Throttle(
                        limits.throttleRateLimit(),
                        per(limits.rateLimit() == null ? null : limits.windowSeconds()),
                        limits.throttleUntil(),
                        limits.throttleReason())
                : null;
        return new KeyView(
                base.id,
                base.tenantId,
                base.type,
                base.name,
                base.environment,
                base.displayPrefix,
                base.scopes,
                base.allowedCidrs,
                base.metadata,
                base.status,
                base.createdAt,
                base.expiresAt,
                base.rotatedTo,
                base.graceEndsAt,
                shown,
                throttle,
                base.key);
    }

    private static String per(Integer windowSeconds) {
        return windowSeconds != null && windowSeconds == 1 ? "second" : "minute";
    }

    public static KeyView of(StoredCredential c, Instant now) {
        return of(c, now, null);
    }

    public static KeyView of(StoredCredential c, Instant now, String key) {
        return new KeyView(
                c.id(),
                c.tenantId(),
                c.type().name(),
                c.name(),
                c.environment(),
                c.displayPrefix(),
                c.scopeStrings(),
                c.allowedCidrs(),
                c.metadata(),
                // A key past its expiry is EXPIRED even before the expiry job has marked it;
                // SUSPENDED and REVOKED (from the revocations topic) are shown as they are.
                c.usableAt(now)
                        ? "ACTIVE"
                        : c.status() == CredentialStatus.ACTIVE
                                ? "EXPIRED"
                                : c.status().name(),
                c.createdAt(),
                c.expiresAt(),
                c.rotatedTo(),
                c.graceEndsAt(),
                null,
                null,
                key);
    }
}
