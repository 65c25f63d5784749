package io.watchword.testsupport;

import java.nio.file.Path;
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

    /**
     * {@code host:port} of the broker's TLS listener ({@code security.protocol=SSL}; certificate for
     * 127.0.0.1 signed by a CA made for this infrastructure, trusted by {@link #kafkaTlsTruststore()}).
     * The embedded provider adds the listener on first call (restarting the broker once, with its
     * ports and data); the Testcontainers provider has none and throws {@link
     * UnsupportedOperationException}.
     */
    default String kafkaTlsBootstrapServers() {
        throw new UnsupportedOperationException(
                "this infrastructure provider has no Kafka TLS listener; use the embedded provider");
    }

    /** The PKCS12 truststore (the CA) a client needs for {@link #kafkaTlsBootstrapServers()}. */
    default Path kafkaTlsTruststore() {
        throw new UnsupportedOperationException(
                "this infrastructure provider has no Kafka TLS listener; use the embedded provider");
    }

    default String kafkaTlsTruststorePassword() {
        throw new UnsupportedOperationException(
                "this infrastructure provider has no Kafka TLS listener; use the embedded provider");
    }

    /**
     * Kafka client settings for the TLS listener, as a plain client names them: {@code
     * bootstrap.servers}, {@code security.protocol=SSL}, {@code ssl.truststore.location|password|type}.
     */
    default Map<String, String> kafkaTlsClientConfig() {
        return Map.of(
                "bootstrap.servers", kafkaTlsBootstrapServers(),
                "security.protocol", "SSL",
                "ssl.truststore.location", kafkaTlsTruststore().toString(),
                "ssl.truststore.password", kafkaTlsTruststorePassword(),
                "ssl.truststore.type", "PKCS12");
    }

    /**
     * Kafka client settings for the broker's {@code SASL_SSL} listener (mechanism {@code PLAIN}, the
     * CA of {@link #kafkaTlsTruststore()}); embedded provider only, added with the TLS listener.
     */
    default Map<String, String> kafkaSaslClientConfig() {
        throw new UnsupportedOperationException(
                "this infrastructure provider has no Kafka SASL listener; use the embedded provider");
    }

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
        return serviceConfig(database, false);
    }

    /**
     * As {@link #serviceConfig(String)}; with {@code tls} the service reaches Kafka through the TLS
     * listener with settings only: {@code kafka.bootstrap.servers}, {@code
     * kafka.security.protocol=SSL}, {@code kafka.ssl.truststore.location|password|type}.
     */
    default Map<String, String> serviceConfig(String database, boolean tls) {
        if (tls) {
            Map<String, String> config = new java.util.HashMap<>();
            kafkaTlsClientConfig().forEach((key, value) -> config.put("kafka." + key, value));
            config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
            config.put("quarkus.datasource.username", jdbcUsername());
            config.put("quarkus.datasource.password", jdbcPassword());
            return Map.copyOf(config);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", jdbcUsername(),
                "quarkus.datasource.password", jdbcPassword());
    }
}
