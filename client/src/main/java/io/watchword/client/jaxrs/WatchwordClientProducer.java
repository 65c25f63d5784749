package io.watchword.client.jaxrs;

import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.FailMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one {@link WatchwordClient} of a Quarkus (CDI + MicroProfile Config) application from
 * the {@code watchword.client.*} settings listed in the client README.
 *
 * <p>Settings are read through MicroProfile Config rather than a {@code @ConfigMapping}: Quarkus
 * does not register mappings declared in a dependency's jar, and a library must work when simply
 * added to the classpath. Defaults live here and in the README.
 */
@ApplicationScoped
public class WatchwordClientProducer {

    static final String PREFIX = "watchword.client.";
    private static final Logger LOG = LoggerFactory.getLogger(WatchwordClientProducer.class);

    @Produces
    @Singleton
    WatchwordClient client(Config config) {
        FailMode failMode =
                FailMode.valueOf(text(config, "feed.fail-mode", "closed").trim().toUpperCase(Locale.ROOT));
        long cacheSize =
                config.getOptionalValue(PREFIX + "cache-size", Long.class).orElse(100_000L);
        WatchwordClient client = WatchwordClient.builder()
                .issuerUrl(required(config, "issuer-url"))
                .kafkaBootstrapServers(config.getOptionalValue(PREFIX + "kafka.bootstrap-servers", String.class)
                        .or(() -> config.getOptionalValue("kafka.bootstrap.servers", String.class))
                        .orElseThrow(() -> new IllegalStateException("Set " + PREFIX
                                + "kafka.bootstrap-servers (or kafka.bootstrap.servers): the Kafka cluster"
                                + " holding watchword.revocations.v1")))
                .kafkaOverrides(kafkaProperties(config))
                .expectedIssuer(text(config, "expected-issuer", "urn:watchword:issuer"))
                .audience(config.getOptionalValue(PREFIX + "audience", String.class)
                        .orElse(null))
                .introspectionCredential(config.getOptionalValue(PREFIX + "introspection-credential", String.class)
                        .orElse(null))
                .serviceName(config.getOptionalValue(PREFIX + "service-name", String.class)
                        .or(() -> config.getOptionalValue("quarkus.application.name", String.class))
                        .orElse("unnamed-service"))
                .clockSkew(duration(config, "clock-skew", "PT30S"))
                .maxStaleness(duration(config, "feed.max-staleness", "PT30S"))
                .failMode(failMode)
                .cacheSizes(cacheSize, cacheSize)
                .usageEnabled(config.getOptionalValue(PREFIX + "usage.enabled", Boolean.class)
                        .orElse(true))
                .usageQueueCapacity(config.getOptionalValue(PREFIX + "usage.queue-capacity", Integer.class)
                        .orElse(10_000))
                .rateLimitsEnabled(config.getOptionalValue(PREFIX + "rate-limits.enabled", Boolean.class)
                        .orElse(true))
                .rateUsageInterval(duration(config, "rate-limits.report-interval", "PT0.2S"))
                .instanceId(config.getOptionalValue(PREFIX + "instance-id", String.class)
                        .orElse(null))
                .fleetEnabled(config.getOptionalValue(PREFIX + "fleet.enabled", Boolean.class)
                        .orElse(true))
                .fleetReporting(
                        duration(config, "fleet.report-interval", "PT0.02S"),
                        duration(config, "fleet.heartbeat", "PT2S"))
                .build();
        Duration startupTimeout = duration(config, "startup-timeout", "PT30S");
        try {
            if (!client.start(startupTimeout)) {
                LOG.warn(
                        "Revocations not read within {}; still trying. Until then credentials are {}",
                        startupTimeout,
                        failMode == FailMode.CLOSED
                                ? "refused (fail-closed)"
                                : "checked without revocations (fail-open)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return client;
    }

    /**
     * Every {@code watchword.client.kafka.<kafka property>} as that Kafka client property (e.g.
     * {@code watchword.client.kafka.security.protocol=SSL}), so TLS and SASL need no code. {@code
     * bootstrap-servers} is read separately.
     */
    static Map<String, String> kafkaProperties(Config config) {
        String prefix = PREFIX + "kafka.";
        Map<String, String> properties = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && !name.equals(prefix + "bootstrap-servers")) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(prefix.length()), value));
            }
        }
        return properties;
    }

    private static String required(Config config, String key) {
        return config.getOptionalValue(PREFIX + key, String.class)
                .orElseThrow(() -> new IllegalStateException("Set " + PREFIX + key + " (see the client README)"));
    }

    private static String text(Config config, String key, String fallback) {
        return config.getOptionalValue(PREFIX + key, String.class).orElse(fallback);
    }

    private static Duration duration(Config config, String key, String fallback) {
        String value = text(config, key, fallback);
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    PREFIX + key + "='" + value + "' is not an ISO-8601 duration such as PT30S", e);
        }
    }

    void close(@Disposes WatchwordClient client) {
        client.close();
    }

    /** Starts the client with the application, not on the first request. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started, WatchwordClient client) {
        client.health();
    }
}
