package io.watchword.revocation.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * A token bucket per client IP for the unauthenticated RFC 7009 endpoint: it costs an
 * introspection call at the issuer, so one client must not be able to flood it.
 */
@ApplicationScoped
public class PublicRevokeRateLimiter {

    private final double refillPerNano;
    private final double capacity;
    private final Cache<String, Bucket> buckets;

    @Inject
    public PublicRevokeRateLimiter(RevocationConfig config) {
        this.refillPerNano = config.publicRevoke().requestsPerMinute()
                / (double) Duration.ofMinutes(1).toNanos();
        this.capacity = Math.max(1, config.publicRevoke().burst());
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(100_000)
                .build();
    }

    /** Seconds to wait, or 0 when the request may go ahead now. */
    public long acquire(String clientIp) {
        Bucket bucket = buckets.get(clientIp, ip -> new Bucket(capacity, System.nanoTime()));
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updated) * refillPerNano);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / refillPerNano / 1e9));
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
