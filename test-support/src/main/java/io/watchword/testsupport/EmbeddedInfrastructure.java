package io.watchword.testsupport;

import io.watchword.testsupport.internal.OrphanWatchdog;
import io.watchword.testsupport.internal.TopicInitializer;
import io.watchword.testsupport.internal.WorkDirectories;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The default provider: a Kafka broker in a child JVM and zonky embedded PostgreSQL, both under one
 * work directory in {@code java.io.tmpdir}, started in parallel. Close, JVM exit and Ctrl-C stop both
 * and delete the directory; if this JVM is killed with {@code -9} the broker exits by itself and the
 * next start removes what was left.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

    private static final System.Logger LOG = System.getLogger(EmbeddedInfrastructure.class.getName());

    private final Path workDir;
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresServer postgres;
    private final OrphanWatchdog watchdog;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedInfrastructure(Path workDir, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.postgres = postgres;
        this.watchdog = OrphanWatchdog.start(postgres.postmasterPid(workDir.resolve("postgres")), workDir);
        this.shutdownHook = new Thread(this::closeQuietly, "watchword-infrastructure-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static EmbeddedInfrastructure start() {
        long started = System.nanoTime();
        Path workDir = WorkDirectories.create();
        EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(workDir.resolve("kafka"));
        CompletableFuture<Void> kafkaReady = CompletableFuture.runAsync(() -> {
            kafka.start();
            TopicInitializer.createAll(kafka.bootstrapServers());
        });
        CompletableFuture<EmbeddedPostgresServer> postgresReady = CompletableFuture.supplyAsync(
                () -> EmbeddedPostgresServer.start(workDir.resolve("postgres"), workDir.resolve("postgres.log")));
        try {
            kafkaReady.join();
            EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(workDir, kafka, postgresReady.join());
            LOG.log(
                    System.Logger.Level.INFO,
                    "Watchword infrastructure ready in {0,number,#} ms: Kafka {1} (log {2}), PostgreSQL 127.0.0.1:{3,number,#},"
                            + " files in {4}",
                    (System.nanoTime() - started) / 1_000_000,
                    kafka.bootstrapServers(),
                    kafka.logFile(),
                    infrastructure.postgres.port(),
                    workDir);
            return infrastructure;
        } catch (CompletionException e) {
            kafka.stop();
            try {
                postgresReady.join().close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            WorkDirectories.deleteRecursively(workDir);
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("the infrastructure did not start", cause);
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    @Override
    public String jdbcUsername() {
        return EmbeddedPostgresServer.USERNAME;
    }

    @Override
    public String jdbcPassword() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    public String kafkaTlsBootstrapServers() {
        kafka.enableTls();
        return kafka.tlsBootstrapServers();
    }

    @Override
    public java.nio.file.Path kafkaTlsTruststore() {
        kafka.enableTls();
        return kafka.tlsStores().truststore();
    }

    @Override
    public String kafkaTlsTruststorePassword() {
        kafka.enableTls();
        return kafka.tlsStores().password();
    }

    @Override
    public java.util.Map<String, String> kafkaSaslClientConfig() {
        kafka.enableTls();
        return java.util.Map.of(
                "bootstrap.servers",
                kafka.saslBootstrapServers(),
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + EmbeddedKafkaBroker.SASL_USER + "\" password=\"" + kafka.saslPassword() + "\";",
                "ssl.truststore.location",
                kafka.tlsStores().truststore().toString(),
                "ssl.truststore.password",
                kafka.tlsStores().password(),
                "ssl.truststore.type",
                "PKCS12");
    }

    @Override
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        kafka.start();
    }

    /** The broker itself, for tests of its process. */
    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    /** The process that cleans up if this JVM is killed with {@code -9}. */
    public ProcessHandle watchdog() {
        return watchdog.handle();
    }

    /** Where the broker's data and log, and PostgreSQL's data, live until {@link #close()}. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself.
        }
        try {
            watchdog.close();
            kafka.stop();
        } finally {
            try {
                postgres.close();
            } finally {
                WorkDirectories.deleteRecursively(workDir);
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("watchword: stopping the infrastructure failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedInfrastructure[" + kafka + ", PostgreSQL 127.0.0.1:" + postgres.port() + "]";
    }
}
