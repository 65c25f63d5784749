package io.watchword.testsupport;

import java.util.Locale;
import java.util.Map;

/**
 * A Kafka broker and a PostgreSQL server for tests and for the local stack, with every topic of
 * {@link io.watchword.events.Topics#ALL} created with its real settings.
 *
 * <p>The provider is chosen by the system property {@value #PROVIDER_PROPERTY}: {@code embedded}
 * (the default; no Docker needed) or {@code testcontainers} (needs a Docker engine).
 */
public interface Infrastructure extends AutoCloseable {

    String PROVIDER_PROPERTY = "watchword.infra";

    /** Starts a new Kafka and PostgreSQL; the caller closes them. */
    static Infrastructure start() {
        String provider =
                System.getProperty(PROVIDER_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (provider) {
            case "", "embedded" -> EmbeddedInfrastructure.start();
            case "testcontainers" -> TestcontainersInfrastructure.start();
            default ->
                throw new IllegalArgumentException("unknown " + PROVIDER_PROPERTY + "='" + provider
                        + "': use 'embedded' (the default, no Docker needed) or 'testcontainers' (needs Docker)");
        };
    }

    /**
     * The one infrastructure of this JVM, started on first use and stopped when the JVM exits. Test
     * classes share it; closing it does nothing. It is one per JVM even across class loaders (a
     * Quarkus test and its test resource may see different copies of this class).
     */
    static Infrastructure shared() {
        return SharedInfrastructure.get();
    }

    /** {@code host:port} of the Kafka broker. */
    String kafkaBootstrapServers();

    /** A JDBC URL for {@code database}, which is created if it does not exist yet. */
    String jdbcUrl(String database);

    String jdbcUsername();

    String jdbcPassword();

    /** Stops the broker, as in an outage; {@link #startKafka()} brings it back on the same port. */
    void stopKafka();

    /** Starts the broker again after {@link #stopKafka()}, with its data; returns once it answers. */
    void startKafka();

    /** Stops everything and deletes what it wrote. */
    @Override
    void close();

    /**
     * The settings a Watchword service needs to use this infrastructure, as Quarkus names them:
     * {@code kafka.bootstrap.servers}, {@code quarkus.datasource.jdbc.url}, {@code
     * quarkus.datasource.username}, {@code quarkus.datasource.password}.
     */
    default Map<String, String> serviceConfig(String database) {
        return Map.of(
                "kafka.bootstrap.servers", kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", jdbcUsername(),
                "quarkus.datasource.password", jdbcPassword());
    }
}
