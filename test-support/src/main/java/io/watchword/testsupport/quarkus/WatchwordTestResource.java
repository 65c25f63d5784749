package io.watchword.testsupport.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.internal.Databases;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared Kafka and PostgreSQL.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
 * class CredentialResourceTest {
 *     @InjectInfrastructure Infrastructure infrastructure;
 * }
 * }</pre>
 *
 * <p>Init arg {@code database} (default {@value #DEFAULT_DATABASE}) names the service's database,
 * created if missing. Init arg {@value #KAFKA_TLS_ARG} {@code =true} points the service at the
 * broker's TLS listener through the standard {@code kafka.security.protocol} and {@code
 * kafka.ssl.truststore.*} settings (embedded provider only). Nothing is stopped after the tests: the infrastructure is shared by every
 * test class of the JVM and stops when it exits.
 */
public class WatchwordTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_ARG = "database";
    public static final String DEFAULT_DATABASE = "watchword";
    public static final String KAFKA_TLS_ARG = "kafka-tls";

    private String database = DEFAULT_DATABASE;
    private boolean kafkaTls;
    private Infrastructure infrastructure;

    @Override
    public void init(Map<String, String> initArgs) {
        database = Databases.checkName(initArgs.getOrDefault(DATABASE_ARG, DEFAULT_DATABASE));
        kafkaTls = Boolean.parseBoolean(initArgs.getOrDefault(KAFKA_TLS_ARG, "false"));
    }

    @Override
    public Map<String, String> start() {
        infrastructure = Infrastructure.shared();
        return infrastructure.serviceConfig(database, kafkaTls);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                infrastructure,
                new TestInjector.AnnotatedAndMatchesType(InjectInfrastructure.class, Infrastructure.class));
    }

    @Override
    public void stop() {
        // Shared with the other test classes of this JVM; a shutdown hook stops it.
    }
}
