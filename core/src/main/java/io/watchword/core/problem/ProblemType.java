package io.watchword.core.problem;

import java.util.Optional;

/**
 * The one problem vocabulary of Watchword (RFC 9457): every service, the service kit and the
 * client library refuse with one of these types, so a caller handles {@code insufficient-scope} or
 * {@code service-unavailable} once, whichever component answered. The type URI is {@link #BASE}
 * followed by the slug; the title is fixed per type (RFC 9457 §3.1.3: the title does not change
 * from occurrence to occurrence), only the detail varies.
 */
public enum ProblemType {
    /** A field or parameter is invalid; {@code errors} names each field and why. */
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    /** The body is not JSON, or not the JSON shape this endpoint reads. */
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    /**
     * No usable credential: missing, malformed, unknown, expired, revoked, suspended — one answer
     * for all of them, so a caller learns nothing about a credential it does not hold.
     */
    INVALID_CREDENTIAL(401, "invalid-credential", "Invalid credential"),
    /** The credential is valid but lacks a scope the operation needs, or may not act on this tenant. */
    INSUFFICIENT_SCOPE(403, "insufficient-scope", "Insufficient scope"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    /** The request conflicts with the resource's current state (already revoked, already rotated …). */
    CONFLICT(409, "conflict", "Conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    /** The request line (URI) is longer than the server accepts. */
    URI_TOO_LONG(414, "uri-too-long", "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** Too many requests from one client address or for one credential at a Watchword endpoint. */
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    /**
     * The credential is over its rate limit or its daily or monthly quota: the answer carries {@code
     * Retry-After} and the {@code RateLimit-Policy}/{@code RateLimit} headers (decision 0174).
     */
    QUOTA_EXCEEDED(429, "quota-exceeded", "Quota exceeded"),
    /** The credential is throttled because of an alert about its use: slowed down, not refused outright. */
    ABNORMAL_USAGE_DETECTED(429, "abnormal-usage-detected", "Abnormal usage detected"),
    /** The request headers are larger than the server accepts. */
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
    /** Something unexpected failed; logged with its stack, never sent to the caller. */
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    /** A dependency (database, Kafka, the issuer) did not answer: retry later. */
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable");

    /** Every Watchword problem type URI starts with this. */
    public static final String BASE = "https://watchword.io/problems/";

    /** The RFC 9457 media type. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The type URI, e.g. {@code https://watchword.io/problems/not-found}. */
    public String uri() {
        return BASE + slug;
    }

    public static Optional<ProblemType> ofSlug(String slug) {
        for (ProblemType t : values()) {
            if (t.slug.equals(slug)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The generic type for an HTTP status nobody refined (e.g. a framework's own error). */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status && t != MALFORMED_JSON) {
                return t;
            }
        }
        if (status >= 500) {
            return status == 503 ? SERVICE_UNAVAILABLE : INTERNAL_ERROR;
        }
        return INVALID_REQUEST;
    }
}
