package io.watchword.client.limit;

/**
 * What the limiter said about one request of a limited key, with what the response headers need
 * (IETF httpapi ratelimit-headers draft -11): {@code RateLimit-Policy} lists the key's policies,
 * {@code RateLimit} what is left of each and when it resets. The {@code RateLimit} text is built
 * only when asked for, so a check on the request path stays cheap.
 *
 * @param refusal null when admitted, else which limit refused
 * @param retryAfterSeconds when refused: when to retry (the {@code Retry-After} header)
 * @param rateRemaining what is left of the rate (or throttle) policy; -1 when the key has none
 * @param dayRemaining -1 when the key has no daily quota
 * @param monthRemaining -1 when the key has no monthly quota
 */
public record LimitDecision(
        Kind refusal,
        String policyHeader,
        long retryAfterSeconds,
        boolean throttled,
        long rateRemaining,
        long rateResetSeconds,
        long dayRemaining,
        long dayResetSeconds,
        long monthRemaining,
        long monthResetSeconds) {

    /** Which limit refused a request; each has its own usage refusal reason and problem type. */
    public enum Kind {
        RATE_LIMITED,
        QUOTA_EXCEEDED,
        THROTTLED
    }

    public boolean admitted() {
        return refusal == null;
    }

    /** {@code "default";r=42;t=30, "daily";r=…;t=…}: what is left of each policy and when it resets. */
    public String rateLimitHeader() {
        StringBuilder header = new StringBuilder(64);
        if (rateRemaining >= 0) {
            append(header, throttled ? "\"throttle\"" : "\"default\"", rateRemaining, rateResetSeconds);
        }
        if (dayRemaining >= 0) {
            append(header, "\"daily\"", dayRemaining, dayResetSeconds);
        }
        if (monthRemaining >= 0) {
            append(header, "\"monthly\"", monthRemaining, monthResetSeconds);
        }
        return header.toString();
    }

    private static void append(StringBuilder header, String policy, long r, long t) {
        if (header.length() > 0) {
            header.append(", ");
        }
        header.append(policy).append(";r=").append(r).append(";t=").append(t);
    }
}
