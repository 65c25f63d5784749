package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.TopicSpec;
import io.watchword.events.Topics;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class SharedKafkaTest {

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void everyTopicExistsWithItsPartitionsAndSettings() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = Topics.ALL.stream().map(TopicSpec::name).collect(java.util.stream.Collectors.toSet());
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : Topics.ALL) {
                assertThat(descriptions.get(spec.name()).partitions())
                        .as(spec.name())
                        .hasSize(spec.partitions());
                Config config = admin.describeConfigs(List.of(topic(spec.name())))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic(spec.name()));
                spec.configs()
                        .forEach((key, value) -> assertThat(config.get(key).value())
                                .as(spec.name() + " " + key)
                                .isEqualTo(value));
            }
        }
    }

    @Test
    void revocationsTopicIsCompacted() throws Exception {
        try (Admin admin = admin()) {
            ConfigResource revocations = topic(Topics.REVOCATIONS.name());
            Config config = admin.describeConfigs(List.of(revocations))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(revocations);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void recordRoundTripsWithItsHeaders() {
        String key = "key_" + UUID.randomUUID();
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            kafka.send(Topics.AUDIT.name(), key, "{\"hello\":1}", Map.of("ce_type", "test.v1"));

            TopicRecord read = kafka.awaitRecord(Topics.AUDIT.name(), r -> key.equals(r.key()), Duration.ofSeconds(30));

            assertThat(read.valueAsString()).isEqualTo("{\"hello\":1}");
            assertThat(read.header("ce_type")).isEqualTo("test.v1");
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()));
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }
}
