package io.watchword.client.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

/** Any {@code watchword.client.kafka.<property>} reaches the Kafka clients, so TLS/SASL need no code. */
class KafkaPassThroughTest {

    @Test
    void everyKafkaPropertyUnderThePrefixIsPassedThroughUnderItsKafkaName() {
        Config config = new MapConfig(Map.of(
                "watchword.client.kafka.bootstrap-servers", "broker:9093",
                "watchword.client.kafka.security.protocol", "SASL_SSL",
                "watchword.client.kafka.sasl.mechanism", "SCRAM-SHA-512",
                "watchword.client.kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "watchword.client.audience", "orders",
                "kafka.bootstrap.servers", "ignored:9092"));

        assertThat(WatchwordClientProducer.kafkaProperties(config))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "ssl.truststore.location", "/etc/kafka/truststore.p12"));
    }

    /** The few Config methods the producer uses, over a map (a one-class unit test). */
    private record MapConfig(Map<String, String> values) implements Config {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            return Optional.ofNullable((T) values.get(name));
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            return getOptionalValue(name, type).orElseThrow(NoSuchElementException::new);
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return java.util.List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }
    }
}
