package io.watchword.testsupport;

import io.watchword.testsupport.internal.Databases;
import io.watchword.testsupport.internal.FreePorts;
import io.watchword.testsupport.internal.TopicInitializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The provider for machines with Docker ({@code -Dwatchword.infra=testcontainers}): Kafka from the
 * {@value #KAFKA_IMAGE} image and PostgreSQL from {@value #POSTGRES_IMAGE}, with the same topics and
 * settings as the embedded provider. Kafka's host port is fixed so that an outage ({@link
 * #stopKafka()}, then {@link #startKafka()}) keeps the address; the container keeps its data.
 */
public final class TestcontainersInfrastructure implements Infrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String POSTGRES_IMAGE = "postgres:17";
    private static final Duration KAFKA_RESTART_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;

    private TestcontainersInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    public static TestcontainersInfrastructure start() {
        requireDocker();
        int kafkaPort = FreePorts.loopback();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv(
                        "KAFKA_TRANSACTION_MAX_TIMEOUT_MS",
                        Long.toString(Duration.ofHours(1).toMillis()))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.setPortBindings(List.of(kafkaPort + ":9092"));
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
        try {
            kafka.start();
            postgres.start();
            TopicInitializer.createAll(kafka.getBootstrapServers());
            return new TestcontainersInfrastructure(kafka, postgres);
        } catch (RuntimeException e) {
            kafka.stop();
            postgres.stop();
            throw e;
        }
    }

    private static void requireDocker() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            available = false;
        }
        if (!available) {
            throw new IllegalStateException("watchword.infra=testcontainers needs a running Docker engine, and none"
                    + " was found (see Testcontainers' log above for where it looked). Run without"
                    + " -Dwatchword.infra, or with -Dwatchword.infra=embedded, to start Kafka and PostgreSQL"
                    + " without Docker.");
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String jdbcUrl(String database) {
        String base = "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/";
        Databases.ensureExists(base + "postgres", jdbcUsername(), jdbcPassword(), database);
        return base + database;
    }

    @Override
    public String jdbcUsername() {
        return postgres.getUsername();
    }

    @Override
    public String jdbcPassword() {
        return postgres.getPassword();
    }

    @Override
    public void stopKafka() {
        kafka.getDockerClient().stopContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startKafka() {
        kafka.getDockerClient().startContainerCmd(kafka.getContainerId()).exec();
        long deadline = System.nanoTime() + KAFKA_RESTART_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while restarting Kafka", notYet);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "the Kafka container did not answer within " + KAFKA_RESTART_TIMEOUT.toSeconds()
                                        + "s of its restart:\n" + kafka.getLogs(),
                                notYet);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }
}
