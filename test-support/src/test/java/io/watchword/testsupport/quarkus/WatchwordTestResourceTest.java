package io.watchword.testsupport.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import io.watchword.testsupport.Infrastructure;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WatchwordTestResourceTest {

    @Test
    void startReturnsTheServiceSettingsForTheNamedDatabase() {
        WatchwordTestResource resource = new WatchwordTestResource();
        resource.init(Map.of("database", "issuer"));

        Map<String, String> config = resource.start();

        assertThat(config)
                .containsEntry(
                        "kafka.bootstrap.servers", Infrastructure.shared().kafkaBootstrapServers())
                .containsEntry(
                        "quarkus.datasource.jdbc.url", Infrastructure.shared().jdbcUrl("issuer"))
                .containsKeys("quarkus.datasource.username", "quarkus.datasource.password");
    }

    @Test
    void databaseDefaultsToWatchword() {
        WatchwordTestResource resource = new WatchwordTestResource();
        resource.init(Map.of());

        assertThat(resource.start().get("quarkus.datasource.jdbc.url")).endsWith("/watchword");
    }

    @Test
    void injectsTheInfrastructureIntoAnnotatedFieldsOnly() {
        WatchwordTestResource resource = new WatchwordTestResource();
        resource.init(Map.of());
        resource.start();
        SomeTest test = new SomeTest();

        resource.inject(new FieldInjector(test));

        assertThat(test.infrastructure).isNotNull();
        assertThat(test.infrastructure.kafkaBootstrapServers())
                .isEqualTo(Infrastructure.shared().kafkaBootstrapServers());
        assertThat(test.notAnnotated).isNull();
    }

    @Test
    void badDatabaseNameIsRejectedAtInit() {
        assertThatThrownBy(() -> new WatchwordTestResource().init(Map.of("database", "Issuer-DB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Issuer-DB");
    }

    static final class SomeTest {
        @InjectInfrastructure
        Infrastructure infrastructure;

        Infrastructure notAnnotated;
    }

    /** What Quarkus does: set every field of the test instance the predicate accepts. */
    private record FieldInjector(Object testInstance) implements TestInjector {
        @Override
        public void injectIntoFields(Object value, Predicate<Field> predicate) {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
