package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.events.EventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/usage-events: per-event refusals, tenant-bound, authenticated before parsing. */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class UsageIngestionTest {

    @Test
    void validEventsAreAcceptedAndCountedWhileInvalidOnesAreRefusedOneByOne() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String publisher = Fixtures.adminKey(tenant, List.of("usage:write"));
        String key = Fixtures.newApiKey(tenant, List.of("orders:read")).id();
        Instant now = Instant.now();
        String body = "[" + json(Fixtures.usage(tenant.id(), key, now, "GET", "/orders", 200, "10.9.0.1")) + ","
                + json(Fixtures.usage(tenant.id(), key, now, "GET", "/orders", 42, "10.9.0.1")) + ","
                + json(Fixtures.usage("tenant-of-someone", key, now, "GET", "/orders", 200, "10.9.0.1")) + ","
                + "{\"eventId\":\"not-a-uuid\"}" + "]";

        JsonPath result = given().auth()
                .oauth2(publisher)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/usage-events")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        assertThat(result.getInt("accepted")).isEqualTo(1);
        assertThat(result.getInt("refused")).isEqualTo(3);
        assertThat(result.getList("errors.field", String.class))
                .contains("[1].status", "[2].tenantId")
                .anySatisfy(f -> assertThat(f).startsWith("[3]"));
        assertThat(result.prettify()).doesNotContain("not-a-uuid").doesNotContain("tenant-of-someone");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/{id}/usage", key)
                .then()
                .statusCode(200)
                .body("totals.requests", equalTo(1)));
    }

    @Test
    void aBatchWithNoValidEventIsAProblemWithEveryReason() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String publisher = Fixtures.adminKey(tenant, List.of("usage:write"));
        given().auth()
                .oauth2(publisher)
                .contentType(ContentType.JSON)
                .body("[{\"status\":200},7]")
                .post("/v1/usage-events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("[0].eventId", "[1]"));
    }

    @Test
    void theCallerIsAuthenticatedBeforeTheBodyIsReadAndNeedsUsageWrite() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        given().contentType(ContentType.JSON)
                .body("[{\"garbage\":")
                .post("/v1/usage-events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        String reader = Fixtures.adminKey(tenant, List.of("usage:read"));
        given().auth()
                .oauth2(reader)
                .contentType(ContentType.JSON)
                .body("[{\"garbage\":")
                .post("/v1/usage-events")
                .then()
                .statusCode(403);
    }

    @Test
    void usageOfAnotherTenantsKeyIsRefused() {
        Fixtures.Tenant owner = Fixtures.newTenant();
        Fixtures.Tenant intruder = Fixtures.newTenant();
        String key = Fixtures.newApiKey(owner, List.of("orders:read")).id();
        // Wait until this service knows the key (from the issuer's credential-state topic).
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(owner.adminKey())
                .get("/v1/keys/{id}", key)
                .then()
                .statusCode(200));
        String publisher = Fixtures.adminKey(intruder, List.of("usage:write"));
        given().auth()
                .oauth2(publisher)
                .contentType(ContentType.JSON)
                .body("[" + json(Fixtures.usage(intruder.id(), key, Instant.now(), "GET", "/orders", 200, "10.9.1.1"))
                        + "]")
                .post("/v1/usage-events")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("[0].credentialId"));
    }

    static String json(io.watchword.events.v1.ApiUsageRecorded event) {
        return new String(EventSerde.serialize(event), StandardCharsets.UTF_8);
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
