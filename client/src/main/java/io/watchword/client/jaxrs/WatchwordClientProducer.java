package io.watchword.client.jaxrs;

import io.watchword.client.WatchwordClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the one {@link WatchwordClient} of a Quarkus (CDI) application from its config. */
@ApplicationScoped
public class WatchwordClientProducer {

    private static final Logger LOG = LoggerFactory.getLogger(WatchwordClientProducer.class);

    @Produces
    @Singleton
    WatchwordClient client(WatchwordClientConfig config) {
        WatchwordClient client = WatchwordClient.builder()
                .issuerUrl(config.issuerUrl())
                .kafkaBootstrapServers(config.kafka().bootstrapServers())
                .expectedIssuer(config.expectedIssuer())
                .audience(config.audience().orElse(null))
                .introspectionCredential(config.introspectionCredential().orElse(null))
                .serviceName(config.serviceName())
                .clockSkew(config.clockSkew())
                .maxStaleness(config.feed().maxStaleness())
                .failMode(config.feed().failMode())
                .cacheSizes(config.cacheSize(), config.cacheSize())
                .usageEnabled(config.usage().enabled())
                .usageQueueCapacity(config.usage().queueCapacity())
                .build();
        try {
            if (!client.start(config.startupTimeout())) {
                LOG.warn(
                        "Revocations not read within {}; still trying. Until then credentials are {}",
                        config.startupTimeout(),
                        config.feed().failMode() == io.watchword.client.verify.FailMode.CLOSED
                                ? "refused (fail-closed)"
                                : "checked without revocations (fail-open)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return client;
    }

    void close(@Disposes WatchwordClient client) {
        client.close();
    }

    /** Starts the client with the application, not on the first request. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started, WatchwordClient client) {
        client.health();
    }
}
