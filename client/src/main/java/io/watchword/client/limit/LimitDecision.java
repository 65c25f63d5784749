package io.watchword.client.limit;

/**
 * What the limiter said about one request of a limited key, with what the response headers need
 * (IETF httpapi ratelimit-headers draft -11): {@code RateLimit-Policy} lists the key's policies,
 * {@code RateLimit} what is left of each and when it resets.
 *
 * @param refusal null when admitted, else which limit refused
 * @param retryAfterSeconds when refused: when to retry (the {@code Retry-After} header)
 */
public record LimitDecision(Kind refusal, String policyHeader, String rateLimitHeader, long retryAfterSeconds) {

    /** Which limit refused a request; each has its own usage refusal reason and problem type. */
    public enum Kind {
        RATE_LIMITED,
        QUOTA_EXCEEDED,
        THROTTLED
    }

    public boolean admitted() {
        return refusal == null;
    }
}
