package io.watchword.issuer.token.rest;

import static io.watchword.issuer.token.support.IssuerTestClient.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class TokenAuditTest {

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Test
    void everyIssueAndEveryRefusalReachesTheAuditTopic() {
        Key key = IssuerTestClient.newTenant("orders").newKey(List.of("orders:read"));

        String jti =
                exchange(key.secret(), "{}").then().statusCode(200).extract().path("access_token");
        exchange(key.secret(), "{\"scopes\":[\"orders:write\"]}").then().statusCode(403);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tokenEventsOf(key))
                .extracting(AuditRecorded::outcome)
                .containsExactlyInAnyOrder(AuditOutcome.SUCCESS, AuditOutcome.DENIED));
        assertThat(tokenEventsOf(key)).allSatisfy(event -> {
            assertThat(event.tenantId()).isEqualTo(key.tenantId());
            assertThat(event.service()).isEqualTo("issuer-service");
            assertThat(event.sourceIp()).isNotBlank();
            assertThat(event.toString()).doesNotContain(key.secret()).doesNotContain(jti);
        });
    }

    private List<AuditRecorded> tokenEventsOf(Key key) {
        return tokenIssuesOnTheAuditTopic(infrastructure, key);
    }

    /** Every {@code token.issue} record of the key on the audit topic, in topic order. */
    static List<AuditRecorded> tokenIssuesOnTheAuditTopic(Infrastructure infrastructure, Key key) {
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            return kafka.readAll(Topics.AUDIT.name()).stream()
                    .map(record -> EventSerde.deserialize(record.value(), AuditRecorded.class))
                    .filter(event ->
                            "token.issue".equals(event.action()) && key.id().equals(event.actor()))
                    .toList();
        }
    }
}
