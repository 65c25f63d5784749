package io.watchword.testsupport;

/**
 * The shared infrastructure as the platform MBean server exposes it, so that every class loader of
 * a JVM (Quarkus tests load classes more than once) finds the same instance. Not for direct use:
 * call {@link Infrastructure#shared()}.
 */
public interface SharedInfrastructureMXBean {

    String getKafkaBootstrapServers();

    String jdbcUrl(String database);

    String getKafkaTlsBootstrapServers();

    String getKafkaTlsTruststore();

    String getKafkaTlsTruststorePassword();

    java.util.Map<String, String> getKafkaSaslClientConfig();

    String getJdbcUsername();

    String getJdbcPassword();

    void stopKafka();

    void startKafka();
}
