package io.watchword.revocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.watchword.kit.auth.AdminCacheSettings;
import io.watchword.kit.auth.IssuerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every user-facing setting of the revocation service; the README lists them all. */
@ConfigMapping(prefix = "watchword.revocation")
public interface RevocationConfig {

    /** The issuer, asked (RFC 7662 introspection) who an admin credential or presented key is. */
    Issuer issuer();

    /** Caching of authenticated admin credentials. */
    Admin admin();

    /** Tokens are never stored here; their revocations live as long as the longest token could. */
    Tokens tokens();

    /** When a revocation leaves the compacted topic. */
    Tombstone tombstone();

    /** The consumers of the credential-state and alerts topics. */
    Consumer consumer();

    /** Alerts about credentials this service does not know yet (issue 7, decision 0083). */
    HeldAlerts heldAlerts();

    /** The unauthenticated RFC 7009 endpoint. */
    PublicRevoke publicRevoke();

    /** The verifier fleet and revocation receipts (decisions 0165, 0166). */
    Fleet fleet();

    /** What a policy's THROTTLE does when its rule does not say (decision 0212). */
    Throttle throttle();

    /**
     * Addresses or CIDRs of reverse proxies whose {@code X-Forwarded-For} is believed (as the
     * issuer's {@code watchword.issuer.trusted-proxies}). Empty: the header is ignored and the TCP
     * peer is the client, so a caller cannot choose its own rate-limit bucket (decision 0075).
     */
    Optional<List<String>> trustedProxies();

    /** {@code watchword.revocation.issuer.*}: url, credential ({@code introspection:read}), timeouts. */
    interface Issuer extends IssuerSettings {}

    /** {@code watchword.revocation.admin.*}: cache-ttl, cache-max-entries, deny-window. */
    interface Admin extends AdminCacheSettings {}

    interface Tokens {
        /** The issuer's maximum token lifetime: a jti revocation is tombstoned after this. */
        @WithDefault("PT1H")
        Duration maxTtl();
    }

    interface Tombstone {
        /** Added to a credential's expiry before its tombstone is published (clock skew, caches). */
        @WithDefault("PT10M")
        Duration margin();

        /** How often due tombstones are looked for. */
        @WithDefault("PT10S")
        Duration interval();
    }

    interface Consumer {
        /** Prefix of the consumer groups: {@code <group-id>-credential-state}, {@code <group-id>-alerts}. */
        @WithDefault("watchword-revocation-service")
        String groupId();

        /**
         * First pause before a record that failed for a transient reason (PostgreSQL refused or did
         * not answer) is retried; each further pause doubles, up to {@link #maxRetryBackoff()}.
         */
        @WithDefault("PT1S")
        Duration retryBackoff();

        @WithDefault("PT30S")
        Duration maxRetryBackoff();

        /** Retries of a record before it is dead-lettered with its last failure as the reason. */
        @WithDefault("5")
        int maxRetries();
    }

    interface HeldAlerts {
        /** How long an alert waits for its credential before it is dead-lettered. */
        @WithDefault("PT10M")
        Duration maxHold();

        /** How often held alerts are looked at (a credential's arrival is seen within this). */
        @WithDefault("PT1S")
        Duration interval();

        /** How often the issuer is asked again about a credential it did not confirm. */
        @WithDefault("PT10S")
        Duration issuerRetry();
    }

    interface PublicRevoke {
        /** Sustained requests per minute per client IP on {@code POST /v1/revoke}. */
        @WithDefault("30")
        int requestsPerMinute();

        /** Requests a client IP may make at once before the sustained rate applies. */
        @WithDefault("10")
        int burst();
    }

    interface Throttle {
        /**
         * Requests per the key's own window (per minute when the key has no rate limit) that a
         * THROTTLE rule without its own {@code rateLimit} leaves the key.
         */
        @WithDefault("10")
        int defaultRateLimit();

        /** How long a THROTTLE rule without its own {@code ttl} lasts; verifiers end it on their own. */
        @WithDefault("PT1H")
        Duration defaultTtl();
    }

    interface Fleet {
        /** A verifier not heard from for this long is not live (it reports every 2 s by default). */
        @WithDefault("PT10S")
        Duration ttl();

        /** The longest {@code Prefer: wait=N} honoured; a longer wait is cut to this. */
        @WithDefault("PT30S")
        Duration maxWait();

        /** How long a dead verifier stays listed (as not live) in {@code GET /v1/verifiers}. */
        @WithDefault("PT1H")
        Duration showDeadFor();

        /** How often verifiers silent for longer than {@link #showDeadFor()} are tombstoned on the topic. */
        @WithDefault("PT1M")
        Duration cleanupInterval();
    }
}
