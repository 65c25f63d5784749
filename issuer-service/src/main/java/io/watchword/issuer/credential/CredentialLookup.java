package io.watchword.issuer.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the credential behind a presented key: checksum first (a mistyped or forged key never
 * reaches the database), then the keyed hash, then an in-memory cache, then the database. A
 * cached hit touches no database, which is what lets introspection serve ≥ 10,000 lookups/s.
 *
 * <p>Entries live at most {@code watchword.issuer.keys.cache-ttl}: changes made on another
 * instance (a rotation shortening the expiry) are seen within that time; changes made here are
 * invalidated at once. Expiry itself needs no invalidation: {@link StoredCredential#usableAt}
 * compares with the clock.
 */
@ApplicationScoped
public class CredentialLookup {

    private final KeyHasher hasher;
    private final CredentialRepository repository;
    private final Cache<ByteBuffer, StoredCredential> byHash;
    private final ConcurrentHashMap<String, ByteBuffer> hashById = new ConcurrentHashMap<>();
    private final Counter rejectedByChecksum;
    private final Counter hits;
    private final Counter misses;
    private final Counter unknown;

    public CredentialLookup(
            KeyHasher hasher, CredentialRepository repository, IssuerConfig config, MeterRegistry registry) {
        this.hasher = hasher;
        this.repository = repository;
        this.byHash = Caffeine.newBuilder()
                .maximumSize(config.keys().cacheMaxSize())
                .expireAfterWrite(config.keys().cacheTtl())
                .removalListener(
                        (ByteBuffer hash,
                                StoredCredential c,
                                com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                            if (c != null) {
                                hashById.remove(c.id(), hash);
                            }
                        })
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, byHash, "watchword.credential.lookup");
        this.rejectedByChecksum = lookups(registry, "bad_checksum");
        this.hits = lookups(registry, "cache_hit");
        this.misses = lookups(registry, "cache_miss");
        this.unknown = lookups(registry, "unknown");
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("watchword.credential.lookups")
                .description("Lookups of presented keys by result")
                .tag("result", result)
                .register(registry);
    }

    public Optional<StoredCredential> findByPresentedKey(String key) {
        if (!ApiKeyFormat.hasValidChecksum(key)) {
            rejectedByChecksum.increment();
            return Optional.empty();
        }
        ByteBuffer hash = ByteBuffer.wrap(hasher.hash(key));
        StoredCredential cached = byHash.getIfPresent(hash);
        if (cached != null) {
            hits.increment();
            return Optional.of(cached);
        }
        misses.increment();
        Optional<StoredCredential> stored = repository.findByHash(hash.array());
        if (stored.isEmpty()) {
            // Unknown but well-formed keys are not cached: a valid checksum is rare by chance.
            unknown.increment();
            return Optional.empty();
        }
        byHash.put(hash, stored.get());
        hashById.put(stored.get().id(), hash);
        return stored;
    }

    /** A credential of the tenant by id, from the database (management reads must be current). */
    public Optional<StoredCredential> findById(String tenantId, String id) {
        return repository.findById(id).filter(c -> c.tenantId().equals(tenantId));
    }

    /** Forget a credential after it changed here, so the next lookup reads the database. */
    public void invalidate(String id) {
        ByteBuffer hash = hashById.remove(id);
        if (hash != null) {
            byHash.invalidate(hash);
        }
    }
}
