package io.watchword.core.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * The follower's consumer answers on arrival (decision 0236): {@code fetch.min.bytes} stays 1
 * whatever the caller passes, so a revocation or a verifier's report is never held by the broker
 * for {@code fetch.max.wait.ms} to fill a bigger fetch; the caller's other settings still apply.
 */
class CompactedTopicFollowerSettingsTest {

    @Test
    void aFetchIsAnsweredOnArrivalEvenWhenTheCallerAsksForBiggerFetches() {
        CompactedTopicFollower follower = CompactedTopicFollower.builder()
                .topic("watchword.revocations.v1")
                .consumerName("settings-test")
                .handler(record -> {})
                .kafkaProperties(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "localhost:9092",
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                        "65536",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        "300",
                        "security.protocol",
                        "SSL"))
                .build();

        Properties props = follower.consumerProperties();

        assertThat(props.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)).isEqualTo("1");
        assertThat(props.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo("300");
        assertThat(props.get("security.protocol")).isEqualTo("SSL");
        assertThat(props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isEqualTo("false");
    }
}
