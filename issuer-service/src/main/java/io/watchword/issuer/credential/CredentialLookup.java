package io.watchword.issuer.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.follow.FollowerState;
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
 * <p>Freshness (decisions 0030, 0230, 0271): changes made here are invalidated at once. Changes
 * made on another instance reach this one on {@code watchword.credential-state.v1}, which the
 * {@link CredentialStateFollower} follows and turns into {@link #invalidate} calls. While that
 * follower is {@linkplain #isFollowerCurrent() current} an entry may live {@code
 * keys.cache-max-age}; otherwise (not yet bootstrapped, broker unreachable) an entry older than
 * {@code keys.cache-ttl} is not used, as before the follower existed. An entry used after half of
 * the age it may reach is re-read in the background (refresh ahead), so a key in use keeps being
 * answered from memory. Expiry itself needs no invalidation: {@link StoredCredential#usableAt}
 * compares with the clock.
 */
@ApplicationScoped
public class CredentialLookup {

    /**
     * How long after the follower's last contact with the broker its invalidations are still
     * trusted: it confirms contact every second, so a few missed confirmations mean it lost the
     * broker, and entries fall back to {@code keys.cache-ttl}.
     */
    static final Duration FOLLOWER_SILENCE_LIMIT = Duration.ofSeconds(5);

    /**
     * How long an invalidation is remembered to stop a database read begun before it from being
     * cached: far longer than a read takes; bounded so that a burst (the follower's start over a
     * large topic) cannot hold much of the heap.
     */
    private static final Duration INVALIDATION_MEMORY = Duration.ofSeconds(10);

    private static final long INVALIDATION_MEMORY_SIZE = 50_000;

    private final KeyHasher hasher;
    private final CredentialRepository repository;
    /** Runs the cache's background refreshes (a database read each) and its maintenance. */
    private static final Executor REFRESH = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "watchword-key-cache-refresh");
        t.setDaemon(true);
        return t;
    });

    private final Ticker ticker;
    private final long ttlNanos;
    private final long maxAgeNanos;
    private final LoadingCache<ByteBuffer, Cached> byHash;
    private final ConcurrentHashMap<String, ByteBuffer> hashById = new ConcurrentHashMap<>();
    /** Credential id → ticker time of its last invalidation, for loads that were in flight then. */
    private final Cache<String, Long> recentInvalidations;

    private volatile FollowerState follower;
    private final Counter rejectedByChecksum;
    private final Counter hits;
    private final Counter misses;
    private final Counter unknown;

    /** A cached credential and the ticker time its database read began (it reflects every commit before). */
    private record Cached(StoredCredential credential, long readAt) {}

    @Inject
    public CredentialLookup(
            KeyHasher hasher, CredentialRepository repository, IssuerConfig config, MeterRegistry registry) {
        this(
                hasher,
                repository,
                config.keys().cacheTtl(),
                config.keys().cacheMaxAge(),
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
            Duration maxAge,
            long maxSize,
            MeterRegistry registry,
            Ticker ticker,
            Executor refresh) {
        this.hasher = hasher;
        this.repository = repository;
        this.ticker = ticker;
        this.ttlNanos = ttl.toNanos();
        this.maxAgeNanos = Math.max(ttl.toNanos(), maxAge.toNanos());
        this.byHash = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                // The hard bound whatever the follower says; the shorter TTL is applied on read
                // while the follower is not current (findByPresentedKey).
                .expireAfterWrite(Duration.ofNanos(maxAgeNanos))
                .executor(refresh)
                // Synchronous with the eviction (unlike a removal listener), and not on a refresh's
                // replacement: an entry in the cache always has its id in hashById, so invalidate(id)
                // always finds it.
                .evictionListener((ByteBuffer hash, Cached c, RemovalCause cause) -> {
                    if (c != null) {
                        hashById.remove(c.credential().id(), hash);
                    }
                })
                .recordStats()
                .build(this::read);
        this.recentInvalidations = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(INVALIDATION_MEMORY)
                .maximumSize(INVALIDATION_MEMORY_SIZE)
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

    /**
     * The follower of the credential-state topic whose invalidations let entries live {@code
     * keys.cache-max-age}; without one (or while it is not current) they live {@code keys.cache-ttl}.
     */
    public void trustInvalidationsOf(FollowerState state) {
        this.follower = state;
    }

    /** True while the credential-state follower is bootstrapped and in contact with the broker. */
    public boolean isFollowerCurrent() {
        FollowerState state = follower;
        return state != null
                && state.isBootstrapped()
                && System.currentTimeMillis() - state.lastContactMillis() <= FOLLOWER_SILENCE_LIMIT.toMillis();
    }

    public Optional<StoredCredential> findByPresentedKey(String key) {
        if (!ApiKeyFormat.hasValidChecksum(key)) {
            rejectedByChecksum.increment();
            return Optional.empty();
        }
        ByteBuffer hash = ByteBuffer.wrap(hasher.hash(key));
        StoredCredential fresh = fromCache(hash);
        if (fresh != null) {
            return Optional.of(fresh);
        }
        misses.increment();
        Cached stored = read(hash);
        if (stored == null) {
            // Unknown but well-formed keys are not cached: a valid checksum is rare by chance.
            unknown.increment();
            return Optional.empty();
        }
        String id = stored.credential().id();
        if (!invalidatedSince(id, stored.readAt())) {
            byHash.put(hash, stored);
            hashById.put(id, hash);
            // An invalidation between the check and the put: it may have missed the entry just put.
            if (invalidatedSince(id, stored.readAt())) {
                invalidate(id);
            }
        }
        return Optional.of(stored.credential());
    }

    /**
     * The credential if the cache holds a usable entry for the key; never reads the database, so
     * it may run on an event-loop thread (decision 0281). Empty for a malformed, uncached or
     * too-old entry: {@link #findByPresentedKey} then decides (and counts the miss).
     */
    public Optional<StoredCredential> findCachedByPresentedKey(String key) {
        if (!ApiKeyFormat.hasValidChecksum(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(fromCache(ByteBuffer.wrap(hasher.hash(key))));
    }

    private StoredCredential fromCache(ByteBuffer hash) {
        Cached cached = byHash.getIfPresent(hash);
        if (cached == null) {
            return null;
        }
        long age = ticker.read() - cached.readAt();
        long mayLive = isFollowerCurrent() ? maxAgeNanos : ttlNanos;
        if (age > mayLive) {
            return null;
        }
        if (age > mayLive / 2) {
            // Refresh ahead (decision 0230): answered from the cache, re-read in the background.
            byHash.refresh(hash);
        }
        hits.increment();
        return cached.credential();
    }

    private Cached read(ByteBuffer hash) {
        long readAt = ticker.read();
        return repository
                .findByHash(hash.array())
                .map(c -> new Cached(c, readAt))
                .orElse(null);
    }

    private boolean invalidatedSince(String id, long readAt) {
        Long at = recentInvalidations.getIfPresent(id);
        return at != null && at >= readAt;
    }

    /** A credential of the tenant by id, from the database (management reads must be current). */
    public Optional<StoredCredential> findById(String tenantId, String id) {
        return repository.findById(id).filter(c -> c.tenantId().equals(tenantId));
    }

    /**
     * Forget a credential after it changed (here, or on another instance as the credential-state
     * topic tells), so the next lookup reads the database; a read already in flight is not cached.
     */
    public void invalidate(String id) {
        recentInvalidations.put(id, ticker.read());
        ByteBuffer hash = hashById.remove(id);
        if (hash != null) {
            byHash.invalidate(hash);
        }
    }
}
