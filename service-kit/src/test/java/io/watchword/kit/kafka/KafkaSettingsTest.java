package io.watchword.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private final KafkaSettings settings = new KafkaSettings(Map.of(
            "bootstrap.servers", "broker:9093",
            "security.protocol", "SASL_SSL",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "ScramLoginModule required;",
            "group.id", "issuer-service",
            "auto.offset.reset", "earliest",
            "acks", "1"));

    @Test
    void everyClientGetsTheSecuritySettingsOfTheStandardKafkaProperties() {
        for (Map<String, Object> client :
                java.util.List.of(settings.producer("p"), settings.consumer("c"), settings.admin("a"))) {
            assertThat(client)
                    .containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("sasl.jaas.config", "ScramLoginModule required;");
        }
    }

    @Test
    void aClientGetsOnlyTheSettingsOfItsOwnTypeAndNeverTheApplicationsGroupId() {
        assertThat(settings.producer("relay"))
                .containsEntry("client.id", "relay")
                .containsEntry("acks", "1")
                .doesNotContainKeys("auto.offset.reset", "group.id");
        assertThat(settings.consumer("follower"))
                .containsEntry("auto.offset.reset", "earliest")
                .doesNotContainKeys("acks", "group.id");
        assertThat(settings.consumer("worker", "my-group")).containsEntry("group.id", "my-group");
    }
}
