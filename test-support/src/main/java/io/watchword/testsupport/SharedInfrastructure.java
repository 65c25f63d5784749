package io.watchword.testsupport;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Holds the one infrastructure of a JVM. The platform MBean server is the registry because it is
 * the one object every class loader of the JVM sees: a second copy of this class finds the
 * instance there and talks to it through JDK types only.
 */
final class SharedInfrastructure {

    private static final ObjectName NAME = objectName();
    private static Infrastructure local;
    // A failed start is not retried by every test that follows: they fail fast with the first cause.
    private static RuntimeException failure;

    private SharedInfrastructure() {}

    static Infrastructure get() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        // The MBean server is one object for all class loaders, so it is also the lock.
        synchronized (server) {
            if (local != null) {
                return local;
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "the shared infrastructure failed to start earlier in this JVM", failure);
            }
            if (!server.isRegistered(NAME)) {
                Infrastructure started;
                try {
                    started = Infrastructure.start();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
                try {
                    server.registerMBean(new Registration(started), NAME);
                } catch (InstanceAlreadyExistsException e) {
                    throw new IllegalStateException("shared infrastructure registered twice", e);
                } catch (JMException e) {
                    started.close();
                    throw new IllegalStateException("cannot register the shared infrastructure", e);
                }
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(started::close, "watchword-shared-infrastructure-stop"));
                local = new View(new Registration(started), "shared " + started);
            } else {
                local = new View(
                        JMX.newMXBeanProxy(server, NAME, SharedInfrastructureMXBean.class),
                        "shared infrastructure (started by another class loader)");
            }
            return local;
        }
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName("io.watchword.testsupport:type=SharedInfrastructure");
        } catch (JMException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the MBean server holds: the infrastructure this class loader started. */
    private record Registration(Infrastructure infrastructure) implements SharedInfrastructureMXBean {
        @Override
        public String getKafkaBootstrapServers() {
            return infrastructure.kafkaBootstrapServers();
        }

        @Override
        public String jdbcUrl(String database) {
            return infrastructure.jdbcUrl(database);
        }

        @Override
        public String getKafkaTlsBootstrapServers() {
            return infrastructure.kafkaTlsBootstrapServers();
        }

        @Override
        public String getKafkaTlsTruststore() {
            return infrastructure.kafkaTlsTruststore().toString();
        }

        @Override
        public String getKafkaTlsTruststorePassword() {
            return infrastructure.kafkaTlsTruststorePassword();
        }

        @Override
        public java.util.Map<String, String> getKafkaSaslClientConfig() {
            return infrastructure.kafkaSaslClientConfig();
        }

        @Override
        public String getJdbcUsername() {
            return infrastructure.jdbcUsername();
        }

        @Override
        public String getJdbcPassword() {
            return infrastructure.jdbcPassword();
        }

        @Override
        public void stopKafka() {
            infrastructure.stopKafka();
        }

        @Override
        public void startKafka() {
            infrastructure.startKafka();
        }
    }

    /** What callers get: the shared infrastructure, which they must not close. */
    private static final class View implements Infrastructure {
        private final SharedInfrastructureMXBean shared;
        private final String description;

        View(SharedInfrastructureMXBean shared, String description) {
            this.shared = shared;
            this.description = description;
        }

        @Override
        public String kafkaBootstrapServers() {
            return shared.getKafkaBootstrapServers();
        }

        @Override
        public String jdbcUrl(String database) {
            return shared.jdbcUrl(database);
        }

        @Override
        public String kafkaTlsBootstrapServers() {
            return shared.getKafkaTlsBootstrapServers();
        }

        @Override
        public java.nio.file.Path kafkaTlsTruststore() {
            return java.nio.file.Path.of(shared.getKafkaTlsTruststore());
        }

        @Override
        public String kafkaTlsTruststorePassword() {
            return shared.getKafkaTlsTruststorePassword();
        }

        @Override
        public java.util.Map<String, String> kafkaSaslClientConfig() {
            return shared.getKafkaSaslClientConfig();
        }

        @Override
        public String jdbcUsername() {
            return shared.getJdbcUsername();
        }

        @Override
        public String jdbcPassword() {
            return shared.getJdbcPassword();
        }

        @Override
        public void stopKafka() {
            shared.stopKafka();
        }

        @Override
        public void startKafka() {
            shared.startKafka();
        }

        /** Does nothing: the shared infrastructure stops when the JVM exits. */
        @Override
        public void close() {}

        @Override
        public String toString() {
            return description;
        }
    }
}
