package io.watchword.analytics.hygiene;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's credential-hygiene policy (decision 0218). Without a stored policy a tenant gets {@link
 * #defaults}: stale keys OFF (nothing is said or revoked until an operator opts in), expiry
 * announcements at the configured thresholds.
 *
 * @param mode what happens to a key unused for {@code unusedForDays}
 * @param graceDays days between the warning and the revocation (REVOKE only)
 * @param expiryNoticeDays days before expiry a key is announced, descending; empty = never
 * @param updatedBy the admin credential that set it; null for the defaults
 */
public record HygienePolicy(
        String tenantId,
        Mode mode,
        int unusedForDays,
        int graceDays,
        List<Integer> expiryNoticeDays,
        Instant updatedAt,
        String updatedBy) {

    public enum Mode {
        /** No stale-key notices. */
        OFF,
        /** Warn owners of stale keys; never revoke. */
        NOTIFY,
        /** Warn, then revoke through the revocation-service once the grace period passed unused. */
        REVOKE
    }

    public static final int DEFAULT_UNUSED_FOR_DAYS = 90;
    public static final int DEFAULT_GRACE_DAYS = 14;

    public static HygienePolicy defaults(String tenantId, List<Integer> expiryNoticeDays) {
        return new HygienePolicy(
                tenantId, Mode.OFF, DEFAULT_UNUSED_FOR_DAYS, DEFAULT_GRACE_DAYS, expiryNoticeDays, null, null);
    }

    public boolean isDefault() {
        return updatedBy == null;
    }
}
