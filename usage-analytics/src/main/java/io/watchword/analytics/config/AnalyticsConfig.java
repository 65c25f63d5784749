package io.watchword.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.watchword.kit.auth.AdminCacheSettings;
import io.watchword.kit.auth.IssuerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every user-facing setting of usage-analytics; the README lists them all. */
@ConfigMapping(prefix = "watchword.analytics")
public interface AnalyticsConfig {

    /** The issuer, asked (RFC 7662) who an admin credential is, and asked to rotate keys. */
    Issuer issuer();

    /** The revocation service, asked to revoke stale keys. */
    Revocation revocation();

    /** Caching of authenticated admin credentials. */
    Admin admin();

    /** The consumers of the usage, credential-state and revocations topics. */
    Consumer consumer();

    /** {@code POST /v1/usage-events}. */
    Ingest ingest();

    /** How long each rollup granularity is kept. */
    Retention retention();

    /** Stale keys and keys about to expire. */
    Hygiene hygiene();

    /**
     * {@code watchword.analytics.issuer.*}: url, credential (this service's platform admin
     * credential: {@code introspection:read}; applying scope advice forwards the caller's own credential), timeouts.
     */
    interface Issuer extends IssuerSettings {}

    interface Revocation {
        /** Base URL of the revocation service. Required for the stale-key policy to revoke. */
        Optional<URI> url();

        /** The credential this service revokes with (platform admin with {@code revocations:write}). */
        Optional<String> credential();

        @WithDefault("PT2S")
        Duration connectTimeout();

        /** A call that takes longer stays pending: the next hygiene run retries it. */
        @WithDefault("PT5S")
        Duration requestTimeout();
    }

    /** {@code watchword.analytics.admin.*}: cache-ttl, cache-max-entries, deny-window. */
    interface Admin extends AdminCacheSettings {}

    interface Consumer {
        /** Consumer group prefix; each channel appends its name. */
        @WithDefault("watchword-usage-analytics")
        String groupId();

        @WithDefault("PT1S")
        Duration retryBackoff();

        @WithDefault("PT30S")
        Duration maxRetryBackoff();

        /** Retries of a batch PostgreSQL refused before its records are dead-lettered. */
        @WithDefault("5")
        int maxRetries();
    }

    interface Ingest {
        /** Most events in one {@code POST /v1/usage-events}. */
        @WithDefault("1000")
        int maxBatch();

        /** How long a request waits for Kafka's acknowledgement (acks=all) before answering 503. */
        @WithDefault("PT5S")
        Duration sendTimeout();

        /** Transactional producers kept for concurrent requests (one Kafka transaction each). */
        @WithDefault("4")
        int producers();

        /** The {@code Retry-After} a 503 carries. */
        @WithDefault("PT5S")
        Duration retryAfter();

        /** How far in the future an event's {@code occurredAt} may be (clock skew). */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /** How old an event may be when it is published. */
        @WithDefault("P7D")
        Duration maxAge();
    }

    interface Retention {
        /** Minute rollups are deleted after this. */
        @WithDefault("P2D")
        Duration minute();

        /** Hour rollups (and per-route hours) are deleted after this. */
        @WithDefault("P90D")
        Duration hour();

        /** Day rollups (per key, route and scope) are deleted after this; scope advice looks back at most this far. */
        @WithDefault("P400D")
        Duration day();

        /** How often the retention sweep runs. */
        @WithDefault("PT1H")
        Duration interval();
    }

    interface Hygiene {
        /** How often stale-key policies and expiry announcements are evaluated. */
        @WithDefault("PT5M")
        Duration interval();

        /**
         * Whole days before expiry a key is announced, once per key, expiry time and threshold, for
         * tenants without their own hygiene policy (decision 0220).
         */
        @WithDefault("P7D,P1D")
        List<Duration> expiryNotices();
    }
}
