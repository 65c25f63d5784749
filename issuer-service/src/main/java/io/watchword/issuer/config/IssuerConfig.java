package io.watchword.issuer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the keys part of the issuer (API keys, tenants, admin credentials, outbox, audit).
 * The tokens part has its own mapping under the same prefix. Every setting is listed in the
 * README.
 */
@ConfigMapping(prefix = "watchword.issuer")
public interface IssuerConfig {

    /**
     * The HMAC-SHA-256 pepper (base64, at least 32 bytes) that keys are hashed with before they
     * are stored. Required in production; generate one with {@code openssl rand -base64 32}.
     * Changing it makes every stored key unusable.
     */
    Optional<String> keyPepper();

    /**
     * Addresses or CIDRs of reverse proxies whose {@code X-Forwarded-For} is believed. Empty: the
     * header is ignored and the TCP peer is the client.
     */
    Optional<List<String>> trustedProxies();

    Keys keys();

    Rotation rotation();

    Expiry expiry();

    CredentialState credentialState();

    Audit audit();

    Bootstrap bootstrap();

    Admin admin();

    interface Keys {
        /** Default lifetime of an API key for tenants created without one. */
        @WithDefault("P90D")
        Duration defaultTtl();

        /** Maximum lifetime of an API key for tenants created without one. */
        @WithDefault("P365D")
        Duration maxTtl();

        /**
         * How long a looked-up key stays in the in-memory cache while the issuer cannot confirm it
         * follows {@code watchword.credential-state.v1} (not yet bootstrapped, broker unreachable):
         * the staleness bound across instances then (decision 0271).
         */
        @WithDefault("PT30S")
        Duration cacheTtl();

        /**
         * How long a looked-up key may stay in the cache while the issuer follows {@code
         * watchword.credential-state.v1} and invalidates changed keys from it (decision 0271).
         */
        @WithDefault("PT10M")
        Duration cacheMaxAge();

        /** Follow {@code watchword.credential-state.v1} to invalidate keys changed on other instances. */
        @WithDefault("true")
        boolean followCredentialState();

        /** Most keys held in the lookup cache. */
        @WithDefault("200000")
        long cacheMaxSize();

        /** Most entries in a key's metadata. */
        @WithDefault("32")
        int metadataMaxEntries();

        /** Most characters in a metadata key plus its value, summed over all entries. */
        @WithDefault("4096")
        int metadataMaxChars();

        /** Most CIDRs in allowedCidrs. */
        @WithDefault("32")
        int maxCidrs();

        /** Largest page of GET /v1/keys. */
        @WithDefault("200")
        int maxPageSize();
    }

    interface Rotation {
        /** How long the old key keeps working when a rotation names no grace period. */
        @WithDefault("PT24H")
        Duration defaultGracePeriod();

        /** The longest grace period a rotation may ask for. */
        @WithDefault("P7D")
        Duration maxGracePeriod();
    }

    interface Expiry {
        /** How often lapsed keys are marked EXPIRED and CredentialExpired is published. */
        @WithDefault("PT2S")
        Duration interval();

        /** Most keys expired per run (the rest follow on the next run). */
        @WithDefault("500")
        int batchSize();
    }

    /** Publishing every credential's state on watchword.credential-state.v1 (decisions 0078, 0100-0102). */
    interface CredentialState {
        /**
         * How long after its expiry (or rotation grace end) a credential's state stays on the
         * compacted topic before a tombstone removes it. Until then verifiers still recognise the
         * key and report its use as EXPIRED rather than UNKNOWN_CREDENTIAL.
         */
        @WithDefault("P7D")
        Duration tombstoneMargin();

        /** How often the backfill and the tombstones run. */
        @WithDefault("PT5S")
        Duration interval();

        /** Most credentials backfilled or tombstoned per transaction. */
        @WithDefault("500")
        int batchSize();

        /** Attempts to store a revocation record's effect before leaving it to the next start's replay. */
        @WithDefault("5")
        int revocationAttempts();
    }

    interface Audit {
        /** Most audit records written in one group commit. */
        @WithDefault("500")
        int maxBatch();

        /** How long a caller waits for its audit record to be durable before failing. */
        @WithDefault("PT5S")
        Duration timeout();

        /**
         * Where audit records that are not part of a change go first (decision 0282): {@code
         * kafka-first} straight to the audit topic ({@code acks=all}), falling back to the outbox
         * when Kafka does not acknowledge; {@code outbox} always through the outbox.
         */
        @WithDefault("kafka-first")
        io.watchword.issuer.audit.AuditLog.Path path();

        /** How long Kafka has to acknowledge an audit record before it is written to the outbox instead. */
        @WithDefault("PT1S")
        Duration kafkaTimeout();

        /** After Kafka failed an audit record, how long every audit record goes to the outbox before Kafka is tried again. */
        @WithDefault("PT10S")
        Duration kafkaRetryAfter();
    }

    interface Bootstrap {
        /**
         * Where the first platform admin credential is written (owner read/write only) on the first
         * start with an empty database.
         */
        @WithDefault("./watchword-bootstrap-admin.key")
        Path adminKeyFile();

        /**
         * Adopt this value (e.g. from a secret) as the first platform admin credential instead of
         * generating one; only its hash is stored and no file is written. Must be a valid
         * {@code ww_admin_} credential.
         */
        Optional<String> adminKey();

        /** Lifetime of the bootstrap admin credential: create further ones before it lapses. */
        @WithDefault("P90D")
        Duration adminKeyTtl();
    }

    interface Admin {
        /** Default lifetime of an admin credential. */
        @WithDefault("P30D")
        Duration defaultTtl();

        /** Maximum lifetime of an admin credential. */
        @WithDefault("P365D")
        Duration maxTtl();
    }
}
