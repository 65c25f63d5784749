package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.Topics;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class OutboxOutageTest {

    private static final String ISSUED = "io.watchword.credential.issued.v1";
    private static final String UPDATED = "io.watchword.credential.updated.v1";

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Test
    void eventsWrittenWhileKafkaIsDownArriveInOrderPerKeyOnceItIsBack() {
        var tenant = newTenant("orders");
        List<String> ids = new ArrayList<>();
        infrastructure.stopKafka();
        try {
            for (int i = 0; i < 3; i++) {
                String id = (String) newKey(tenant.adminKey(), Map.of("name", "v0", "scopes", List.of("orders:read")))
                        .get("id");
                ids.add(id);
                for (int v = 1; v <= 2; v++) {
                    given().auth()
                            .oauth2(tenant.adminKey())
                            .contentType(ContentType.JSON)
                            .body(Map.of("name", "v" + v))
                            .patch("/v1/keys/" + id)
                            .then()
                            .statusCode(200);
                }
            }
        } finally {
            infrastructure.startKafka();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ids.stream().allMatch(id -> eventTypes(id).size() == 3));
        for (String id : ids) {
            assertThat(eventTypes(id)).as("events of %s in offset order", id).containsExactly(ISSUED, UPDATED, UPDATED);
            assertThat(names(id)).containsExactly("\"v0\"", "\"v1\"", "\"v2\"");
        }
    }

    /**
     * The key's events in offset order, each event once: delivery is at-least-once, so a batch
     * partly acknowledged before a failure may be published again (same ce_id).
     */
    private static List<ConsumerRecord<String, byte[]>> distinctInOffsetOrder(String id) {
        Map<String, ConsumerRecord<String, byte[]>> byEventId = new LinkedHashMap<>();
        TopicReader.await(Topics.CREDENTIALS.name(), r -> id.equals(r.key()), Integer.MAX_VALUE, Duration.ofSeconds(2))
                .stream()
                .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                .forEach(r -> byEventId.putIfAbsent(TopicReader.header(r, CloudEventHeaders.ID), r));
        return List.copyOf(byEventId.values());
    }

    private static List<String> eventTypes(String id) {
        return distinctInOffsetOrder(id).stream()
                .map(r -> TopicReader.header(r, CloudEventHeaders.TYPE))
                .toList();
    }

    private static List<String> names(String id) {
        return distinctInOffsetOrder(id).stream()
                .map(r -> new String(r.value()).replaceAll("(?s).*\"name\":(\"[^\"]*\").*", "$1"))
                .toList();
    }
}
