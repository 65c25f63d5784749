package io.watchword.issuer.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.follow.FollowerState;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.CredentialType;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The lookup cache's freshness rules (decisions 0030, 0230, 0271), with a fake clock and refreshes
 * run on the calling thread: without a current credential-state follower an entry is never older
 * than the TTL, a key in use is re-read in the background after half of it (the request keeps the
 * cached answer), and a local change is forgotten at once, refreshed entry or not; with one, an
 * entry lives up to the longer maximum age, and an invalidation — even one that arrives while a
 * database read is in flight — is never undone by a cached stale read.
 */
class CredentialLookupTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    /** The credentials table, by hash; counts reads. */
    static final class Store extends CredentialRepository {
        final Map<ByteBuffer, StoredCredential> rows = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        /** Runs after the row was read and before it is returned: a change racing the read. */
        volatile Runnable afterRead = () -> {};

        Store() {
            super(null);
        }

        @Override
        public Optional<StoredCredential> findByHash(byte[] keyHash) {
            reads.incrementAndGet();
            Optional<StoredCredential> row = Optional.ofNullable(rows.get(ByteBuffer.wrap(keyHash)));
            afterRead.run();
            return row;
        }
    }

    private final KeyHasher hasher = KeyHasher.withPepper(new byte[32]);
    private final Store store = new Store();
    private final AtomicLong nanos = new AtomicLong(1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CredentialLookup lookup =
            new CredentialLookup(hasher, store, TTL, MAX_AGE, 1_000, registry, nanos::get, Runnable::run);

    private final String key = ApiKeyFormat.generate("live");
    private final String id = CredentialIds.newApiKeyId();

    private void store(String rotatedTo) {
        store.rows.put(
                ByteBuffer.wrap(hasher.hash(key)),
                new StoredCredential(
                        id,
                        "acme",
                        CredentialType.API_KEY,
                        "k",
                        "live",
                        ApiKeyFormat.displayPrefix(key),
                        List.of(Scope.parse("orders:read")),
                        List.of(),
                        Map.of(),
                        CredentialStatus.ACTIVE,
                        NOW,
                        NOW.plus(Duration.ofDays(1)),
                        rotatedTo,
                        rotatedTo == null ? null : NOW.plusSeconds(5),
                        null));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private double misses() {
        return registry.get("watchword.credential.lookups")
                .tag("result", "cache_miss")
                .counter()
                .count();
    }

    @Test
    void aKeyInUseIsRefreshedAheadAndNeverWaitsOnTheStoreAgain() {
        store(null);
        assertThat(lookup.findByPresentedKey(key)).isPresent();
        assertThat(store.reads).hasValue(1);
        assertThat(misses()).isEqualTo(1.0);

        // another instance rotates the key: the cached entry may lag, by at most the TTL
        store("key_replacement");
        advance(TTL.dividedBy(2).plusSeconds(1));
        // past half the TTL: the request gets an answer from the cache and a refresh re-reads
        // the store (here on this thread); the next request sees the stored change
        lookup.findByPresentedKey(key);
        assertThat(store.reads).hasValue(2);
        assertRotatedTo("key_replacement");
        assertThat(misses())
                .as("no request waited on the store after the first")
                .isEqualTo(1.0);

        // used every half TTL, it stays in memory for good
        for (int i = 0; i < 5; i++) {
            advance(TTL.dividedBy(2).plusSeconds(1));
            assertThat(lookup.findByPresentedKey(key)).isPresent();
        }
        assertThat(misses()).isEqualTo(1.0);
    }

    @Test
    void anEntryIsNeverOlderThanTheTtl() {
        store(null);
        lookup.findByPresentedKey(key);
        store("key_replacement");
        // not used during its whole life: it expires, and the next lookup reads the store
        advance(TTL.plusSeconds(1));
        assertRotatedTo("key_replacement");
        assertThat(misses()).isEqualTo(2.0);
    }

    @Test
    void aLocalChangeIsForgottenAtOnceEvenAfterARefresh() {
        store(null);
        lookup.findByPresentedKey(key);
        advance(TTL.dividedBy(2).plusSeconds(1));
        lookup.findByPresentedKey(key); // refreshed: the entry was replaced
        store("key_replacement");
        lookup.invalidate(id);
        assertRotatedTo("key_replacement");
        assertThat(misses()).isEqualTo(2.0);
    }

    @Test
    void aKeyDeletedFromTheStoreIsDroppedByItsRefresh() {
        store(null);
        lookup.findByPresentedKey(key);
        store.rows.clear();
        advance(TTL.dividedBy(2).plusSeconds(1));
        lookup.findByPresentedKey(key); // answers from the cache once, and the refresh finds nothing
        assertThat(lookup.findByPresentedKey(key)).isEmpty();
    }

    /** A follower in contact with the broker a moment ago, or silent for long. */
    private static FollowerState follower(boolean bootstrapped, long lastContactMillis) {
        return new FollowerState() {
            @Override
            public boolean isBootstrapped() {
                return bootstrapped;
            }

            @Override
            public long lastContactMillis() {
                return lastContactMillis;
            }

            @Override
            public long lagRecords() {
                return 0;
            }
        };
    }

    @Test
    void whileTheStateFollowerIsCurrentAnEntryOutlivesTheTtlUntilInvalidated() {
        lookup.trustInvalidationsOf(follower(true, System.currentTimeMillis()));
        store(null);
        lookup.findByPresentedKey(key);
        advance(TTL.multipliedBy(4));
        assertThat(lookup.findByPresentedKey(key)).isPresent();
        assertThat(store.reads).as("served from memory past the TTL").hasValue(1);

        // another instance rotates the key; its state on the topic invalidates it here
        store("key_replacement");
        lookup.invalidate(id);
        assertRotatedTo("key_replacement");
    }

    @Test
    void anEntryNeverOutlivesTheMaximumAge() {
        lookup.trustInvalidationsOf(follower(true, System.currentTimeMillis()));
        store(null);
        lookup.findByPresentedKey(key);
        store("key_replacement");
        advance(MAX_AGE.plusSeconds(1));
        assertRotatedTo("key_replacement");
    }

    @Test
    void aSilentOrUnbootstrappedFollowerFallsBackToTheTtl() {
        for (FollowerState state : List.of(
                follower(true, System.currentTimeMillis() - 60_000), follower(false, System.currentTimeMillis()))) {
            lookup.invalidate(id);
            lookup.trustInvalidationsOf(state);
            store(null);
            lookup.findByPresentedKey(key);
            store("key_replacement");
            advance(TTL.plusSeconds(1));
            assertRotatedTo("key_replacement");
        }
    }

    @Test
    void aReadInFlightWhenTheKeyIsInvalidatedIsNotCached() {
        lookup.trustInvalidationsOf(follower(true, System.currentTimeMillis()));
        store(null);
        // the miss reads the old row; before it returns, the change is committed and its state
        // arrives from the topic
        store.afterRead = () -> {
            store.afterRead = () -> {};
            store("key_replacement");
            lookup.invalidate(id);
        };
        assertRotatedTo(null);
        assertThat(lookup.findByPresentedKey(key))
                .as("the stale read was not cached")
                .get()
                .extracting(StoredCredential::rotatedTo)
                .isEqualTo("key_replacement");
    }

    /** What a lookup of the key now finds: the credential it was rotated to, or null when none. */
    private void assertRotatedTo(String expected) {
        assertThat(lookup.findByPresentedKey(key))
                .get()
                .extracting(StoredCredential::rotatedTo)
                .isEqualTo(expected);
    }
}
