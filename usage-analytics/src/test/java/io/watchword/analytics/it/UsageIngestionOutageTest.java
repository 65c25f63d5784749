package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.testsupport.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A broker outage is a clear 503 with Retry-After, never a false 202, and nothing half-counted. */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class UsageIngestionOutageTest {

    @Test
    void duringABrokerOutageIngestionAnswers503AndTheResentBatchCountsOnce() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String publisher = Fixtures.adminKey(tenant, List.of("usage:write"));
        String key = Fixtures.newApiKey(tenant, List.of("orders:read")).id();
        String batch = "["
                + UsageIngestionTest.json(
                        Fixtures.usage(tenant.id(), key, Instant.now(), "GET", "/orders", 200, "10.8.0.1"))
                + ","
                + UsageIngestionTest.json(
                        Fixtures.usage(tenant.id(), key, Instant.now(), "GET", "/orders", 200, "10.8.0.2"))
                + "]";
        // Authenticated once while all is well (the admin cache), as a running publisher would be.
        given().auth()
                .oauth2(publisher)
                .contentType(ContentType.JSON)
                .body("[]")
                .post("/v1/usage-events");

        Infrastructure infrastructure = Infrastructure.shared();
        infrastructure.stopKafka();
        try {
            given().auth()
                    .oauth2(publisher)
                    .contentType(ContentType.JSON)
                    .body(batch)
                    .post("/v1/usage-events")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        } finally {
            infrastructure.startKafka();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(publisher)
                .contentType(ContentType.JSON)
                .body(batch)
                .post("/v1/usage-events")
                .then()
                .statusCode(202));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/{id}/usage", key)
                .then()
                .statusCode(200)
                .body("totals.requests", equalTo(2)));
    }
}
