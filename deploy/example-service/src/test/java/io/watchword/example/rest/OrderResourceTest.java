package io.watchword.example.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ExampleServiceTestResource.class)
class OrderResourceTest {

    private static String bearer(String tenant, String keyId, String scope) {
        Instant now = Instant.now();
        return "Bearer "
                + ExampleServiceTestResource.issuer()
                        .token(tenant, keyId, "tok_" + UUID.randomUUID(), scope, "orders", now, now.plusSeconds(300));
    }

    private static String newTenant() {
        return "ten_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void withoutACredentialAnswers401ProblemJson() {
        given().when()
                .get("/orders")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("reason", equalTo("MISSING_CREDENTIAL"))
                .body("detail", containsString("Authorization: Bearer"));
    }

    @Test
    void aMistypedApiKeyIsRefusedByItsChecksum() {
        given().header("Authorization", "Bearer ww_live_thisIsNotARealKeyAtAll000000000000000")
                .when()
                .get("/orders")
                .then()
                .statusCode(401)
                .body("reason", equalTo("BAD_CHECKSUM"));
    }

    @Test
    void readScopeListsButCannotCreate() {
        String token = bearer(newTenant(), "key_reader", "orders:read");

        given().header("Authorization", token).when().get("/orders").then().statusCode(200);
        given().header("Authorization", token)
                .contentType("application/json")
                .body("{\"item\":\"widget\",\"quantity\":2}")
                .when()
                .post("/orders")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("insufficient_scope"))
                .body("reason", equalTo("INSUFFICIENT_SCOPE"))
                .body("detail", containsString("orders:write"));
    }

    @Test
    void writeScopeCreatesAndReadsOnlyItsTenantsOrders() {
        String tenant = newTenant();
        String writer = bearer(tenant, "key_writer", "orders:write");

        given().header("Authorization", writer)
                .contentType("application/json")
                .body("{\"item\":\"widget\",\"quantity\":2}")
                .when()
                .post("/orders")
                .then()
                .statusCode(201)
                .body("tenantId", equalTo(tenant))
                .body("createdBy", equalTo("key_writer"));

        given().header("Authorization", writer)
                .when()
                .get("/orders")
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
        given().header("Authorization", bearer(newTenant(), "key_other", "orders:read"))
                .when()
                .get("/orders")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        Instant now = Instant.now();
        String token = ExampleServiceTestResource.issuer()
                .token("key_x", "tok_" + UUID.randomUUID(), "orders:read", "billing", now, now.plusSeconds(60));

        given().header("Authorization", "Bearer " + token)
                .when()
                .get("/orders")
                .then()
                .statusCode(401)
                .body("reason", equalTo("WRONG_AUDIENCE"));
    }

    @Test
    void eachAuthenticatedRequestIsPublishedAsUsage() {
        String keyId = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        given().header("Authorization", bearer(newTenant(), keyId, "orders:read"))
                .header("User-Agent", "usage-test/1.0")
                .when()
                .get("/orders")
                .then()
                .statusCode(200);

        try (KafkaTestClient kafka = new KafkaTestClient(Infrastructure.shared().kafkaBootstrapServers())) {
            TopicRecord record =
                    kafka.awaitRecord(Topics.USAGE.name(), r -> keyId.equals(r.key()), Duration.ofSeconds(30));
            ApiUsageRecorded usage = EventSerde.deserialize(record.value(), ApiUsageRecorded.class);
            assertThat(usage.service()).isEqualTo("example-service");
            assertThat(usage.method()).isEqualTo("GET");
            assertThat(usage.route()).isEqualTo("/orders");
            // What @RequiresScope declares travels with the event (decision 0221).
            assertThat(usage.requiredScopes()).containsExactly("orders:read");
            assertThat(usage.status()).isEqualTo(200);
            assertThat(usage.userAgent()).isEqualTo("usage-test/1.0");
            assertThat(usage.clientIp()).isEqualTo("127.0.0.1");
            assertThat(usage.latencyMicros()).isNotNegative();
        }
    }
}
