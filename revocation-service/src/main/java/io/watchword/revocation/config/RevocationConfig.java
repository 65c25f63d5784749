package io.watchword.revocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
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

    /** The relay that publishes the outbox to Kafka. */
    Outbox outbox();

    /** The consumers of the credentials and alerts topics. */
    Consumer consumer();

    /** The unauthenticated RFC 7009 endpoint. */
    PublicRevoke publicRevoke();

    /**
     * Peers (exact IP addresses) whose {@code X-Forwarded-For} header is believed; from anyone
     * else the header is ignored so a caller cannot choose its own rate-limit bucket.
     */
    Optional<List<String>> trustedProxies();

    /** The CloudEvents {@code source} of every event this service publishes. */
    @WithDefault("/watchword/revocation-service")
    String eventSource();

    interface Issuer {
        /** Base URL of the issuer, e.g. {@code https://issuer.internal:8443}. Required in prod. */
        Optional<URI> url();

        /** This service's own platform admin credential (needs {@code introspection:read}). */
        Optional<String> credential();

        @WithDefault("PT2S")
        Duration connectTimeout();

        @WithDefault("PT5S")
        Duration requestTimeout();
    }

    interface Admin {
        /** How long an introspected admin credential (or a refusal) is remembered. */
        @WithDefault("PT10S")
        Duration cacheTtl();

        @WithDefault("10000")
        int cacheMaxEntries();

        /**
         * How long an admin credential this service revoked or suspended is refused here whatever
         * the issuer still answers: longer than the issuer takes to read the revocations topic.
         */
        @WithDefault("PT15M")
        Duration denyWindow();
    }

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

    interface Outbox {
        /** Longest pause between two relay passes (a write wakes the relay at once). */
        @WithDefault("PT0.5S")
        Duration interval();

        @WithDefault("500")
        int batchSize();

        /** How long one batch may wait for Kafka's acknowledgements before it is retried. */
        @WithDefault("PT10S")
        Duration sendTimeout();
    }

    interface Consumer {
        @WithDefault("watchword-revocation-service")
        String groupId();

        /** Pause before a record that failed for a transient reason (database down) is retried. */
        @WithDefault("PT1S")
        Duration retryBackoff();
    }

    interface PublicRevoke {
        /** Sustained requests per minute per client IP on {@code POST /v1/revoke}. */
        @WithDefault("30")
        int requestsPerMinute();

        /** Requests a client IP may make at once before the sustained rate applies. */
        @WithDefault("10")
        int burst();
    }
}
