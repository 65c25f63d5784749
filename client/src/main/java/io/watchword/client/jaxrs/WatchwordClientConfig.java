package io.watchword.client.jaxrs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.watchword.client.verify.FailMode;
import java.time.Duration;
import java.util.Optional;

/** Settings of the Quarkus integration, {@code watchword.client.*}; see the client README. */
@ConfigMapping(prefix = "watchword.client")
public interface WatchwordClientConfig {

    /** Base URL of the issuer service (JWKS and introspection), e.g. {@code https://issuer:8080}. */
    String issuerUrl();

    Kafka kafka();

    /** The {@code iss} claim tokens must carry. */
    @WithDefault("urn:watchword:issuer")
    String expectedIssuer();

    /** This service's audience; tokens for another are refused. Unset accepts any (logged). */
    Optional<String> audience();

    /** Admin credential with {@code introspection:read}, to check API keys. Keep it in a secret. */
    Optional<String> introspectionCredential();

    /** Names this service in usage events. */
    @WithDefault("${quarkus.application.name:unnamed-service}")
    String serviceName();

    /** Tolerated clock difference for {@code exp}/{@code nbf}. */
    @WithDefault("PT30S")
    Duration clockSkew();

    Feed feed();

    Usage usage();

    /** Verified tokens and introspected keys remembered (each). */
    @WithDefault("100000")
    long cacheSize();

    /** How long to wait at startup for the revocations to be read (then keep trying). */
    @WithDefault("PT30S")
    Duration startupTimeout();

    interface Kafka {
        /** Kafka holding {@code watchword.revocations.v1} and {@code watchword.usage.v1}. */
        @WithDefault("${kafka.bootstrap.servers}")
        String bootstrapServers();
    }

    interface Feed {
        /** How long the revocation feed may be unreachable before {@code fail-mode} applies. */
        @WithDefault("PT30S")
        Duration maxStaleness();

        /** {@code closed}: refuse everything (503); {@code open}: use the last known revocations. */
        @WithDefault("closed")
        FailMode failMode();
    }

    interface Usage {
        /** Publish one ApiUsageRecorded per request to {@code watchword.usage.v1}. */
        @WithDefault("true")
        boolean enabled();

        /** Events held while Kafka is slow or down; beyond that they are dropped and counted. */
        @WithDefault("10000")
        int queueCapacity();
    }
}
