package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.Topics;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The issuer reaches Kafka only through the broker's TLS listener, configured with the standard
 * settings alone ({@code kafka.bootstrap.servers}, {@code kafka.security.protocol=SSL}, {@code
 * kafka.ssl.truststore.*}): the outbox relay publishes over TLS with no code of its own for it.
 */
@QuarkusTest
@TestProfile(KafkaOverTlsTest.OverTls.class)
class KafkaOverTlsTest {

    /** The shared infrastructure, with Kafka given as its TLS listener only. */
    public static class OverTls implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(
                    WatchwordTestResource.class,
                    Map.of(WatchwordTestResource.DATABASE_ARG, "issuer", WatchwordTestResource.KAFKA_TLS_ARG, "true")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Test
    void keyCreatedWithKafkaReachableOnlyOverTlsIsPublishedToTheCredentialsTopic() {
        assertThat(ConfigProvider.getConfig().getValue("kafka.security.protocol", String.class))
                .isEqualTo("SSL");
        assertThat(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .as("the service knows only the TLS listener")
                .isEqualTo(infrastructure.kafkaTlsBootstrapServers())
                .isNotEqualTo(infrastructure.kafkaBootstrapServers());

        var tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "over-tls", "scopes", List.of("orders:read")))
                .get("id");

        try (KafkaTestClient overTls = new KafkaTestClient(infrastructure.kafkaTlsClientConfig())) {
            TopicRecord issued =
                    overTls.awaitRecord(Topics.CREDENTIALS.name(), r -> id.equals(r.key()), Duration.ofSeconds(60));
            assertThat(issued.header(CloudEventHeaders.TYPE)).isEqualTo("io.watchword.credential.issued.v1");
            assertThat(issued.header(CloudEventHeaders.SOURCE)).isEqualTo("/watchword/issuer-service");
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
