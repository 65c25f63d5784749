package io.watchword.issuer.credential;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Finds the credential behind a presented key: checksum first (a mistyped or forged key never
 * reaches the database), then the keyed hash, then an in-memory cache, then the database. A
 * cached hit touches no database, which is what lets introspection serve ≥ 10,000 lookups/s.
 *
 * <p>Entries live at most {@code watchword.issuer.keys.cache-ttl}: changes made on another
 * instance (a rotation shortening the expiry) are seen within that time; changes made here are
 * invalidated at once. An entry used after half its TTL is re-read in the background (refresh
 * ahead, decision 0230), so a key in use keeps being answered from memory. Expiry itself needs no invalidation: {@link StoredCredential#usableAt}
 * compares with the clock.
 */
@ApplicationScoped
public class CredentialLookup {

    private final KeyHasher hasher;
    private final CredentialRepository repository;
    /** Runs the cache's background refreshes (a database read each) and its maintenance. */
    private static final Executor REFRESH = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "watchword-key-cache-refresh");
        t.setDaemon(true);
        return t;
    });

    private final LoadingCache<ByteBuffer, StoredCredential> byHash;
    private final ConcurrentHashMap<String, ByteBuffer> hashById = new ConcurrentHashMap<>();
    private final Counter rejectedByChecksum;
    private final Counter hits;
    private final Counter misses;
    private final Counter unknown;

    @Inject
    public CredentialLookup(
            KeyHasher hasher, CredentialRepository repository, IssuerConfig config, MeterRegistry registry) {
        this(
                hasher,
                repository,
                config.keys().cacheTtl(),
                config.keys().cacheMaxSize(),
                registry,
                Ticker.systemTicker(),
                REFRESH);
    }

    /** With a given clock and refresh executor (tests). */
    CredentialLookup(
            KeyHasher hasher,
            CredentialRepository repository,
            Duration ttl,
            long maxSize,
            MeterRegistry registry,
            Ticker ticker,
            Executor refresh) {
        this.hasher = hasher;
        this.repository = repository;
        this.byHash = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .expireAfterWrite(ttl)
                // Refresh ahead (decision 0230): a key used in the second half of its entry's life
                // is re-read in the background and keeps answering from the cache meanwhile, so an
                // active key never waits on the database; an entry is still never older than the TTL.
                .refreshAfterWrite(ttl.dividedBy(2))
                .executor(refresh)
                // Synchronous with the eviction (unlike a removal listener), and not on a refresh's
                // replacement: an entry in the cache always has its id in hashById, so invalidate(id)
                // always finds it.
                .evictionListener((ByteBuffer hash, StoredCredential c, RemovalCause cause) -> {
                    if (c != null) {
                        hashById.remove(c.id(), hash);
                    }
                })
                .recordStats()
                .build(hash -> repository.findByHash(hash.array()).orElse(null));
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
