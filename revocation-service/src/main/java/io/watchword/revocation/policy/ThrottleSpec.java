package io.watchword.revocation.policy;

/**
 * How a {@code THROTTLE} rule cuts a key's limit: to {@code rateLimit} requests per the key's own
 * window (per minute when the key has no rate limit) for {@code ttl} (an ISO-8601 duration). Either
 * may be omitted: the service's defaults ({@code watchword.revocation.throttle.*}) fill it in when
 * the alert is acted on (decision 0212).
 */
public record ThrottleSpec(Integer rateLimit, String ttl) {}
