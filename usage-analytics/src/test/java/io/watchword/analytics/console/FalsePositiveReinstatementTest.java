package io.watchword.analytics.console;

import static io.restassured.RestAssured.given;
import static io.watchword.analytics.console.ConsoleFixtures.PLATFORM_KEY;
import static io.watchword.analytics.console.ConsoleFixtures.alert;
import static io.watchword.analytics.console.ConsoleFixtures.decision;
import static io.watchword.analytics.console.ConsoleFixtures.issuerUrl;
import static io.watchword.analytics.console.ConsoleFixtures.newTenant;
import static io.watchword.analytics.console.ConsoleFixtures.publish;
import static io.watchword.analytics.console.ConsoleFixtures.published;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.analytics.it.AnalyticsTestResource;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Marking an alert a false positive lifts the suspension the policy imposed, through the real
 * revocation-service and with the analyst's own admin key (decision 0159).
 */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RevocationServiceForConsole.class, restrictToAnnotatedClass = false)
class FalsePositiveReinstatementTest {

    @Test
    void falsePositiveReinstatesTheKeyThePolicySuspendedAndRecordsIt() throws Exception {
        String revocation = RevocationServiceForConsole.ensureRunning(issuerUrl(), PLATFORM_KEY);
        ConsoleFixtures.Tenant t = newTenant();
        String key = given().baseUri(issuerUrl())
                .auth()
                .oauth2(t.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "suspect", "scopes", List.of("orders:read"), "ttl", "PT1H"))
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        // The policy's suspension, as the revocation-service applies it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().baseUri(revocation)
                .auth()
                .oauth2(t.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key, "comment", "anomaly"))
                .post("/v1/suspensions")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)));
        AnomalyDetected a = published(alert(t.id(), key, Severity.HIGH, Instant.now()));
        publish(decision(a, ResponseAction.SUSPEND, false));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + a.eventId())
                .then()
                // The revocation-service consumes the alert too and adds its own decision.
                .body("decisions.action", org.hamcrest.Matchers.hasItem("SUSPEND")));

        String analyst = ConsoleFixtures.adminKey(t, "revocations:write");
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "the customer's own load test"))
                .post("/v1/alerts/" + a.eventId() + "/false-positive")
                .then()
                .statusCode(200)
                .body("alert.status", equalTo("FALSE_POSITIVE"))
                .body("triage.reinstatement", equalTo("REINSTATED"));

        given().baseUri(revocation)
                .auth()
                .oauth2(t.adminKey())
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("items.find { it.credentialId == '" + key + "' }.status", equalTo("REINSTATED"));
        // Repeating it is harmless: nothing left to lift.
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "again"))
                .post("/v1/alerts/" + a.eventId() + "/false-positive")
                .then()
                .statusCode(200)
                .body("alert.status", equalTo("FALSE_POSITIVE"));
    }

    @Test
    void falsePositiveLiftsTheThrottleThePolicyPutOnTheKey() throws Exception {
        String revocation = RevocationServiceForConsole.ensureRunning(issuerUrl(), PLATFORM_KEY);
        ConsoleFixtures.Tenant t = newTenant();
        String key = given().baseUri(issuerUrl())
                .auth()
                .oauth2(t.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "suspect", "scopes", List.of("orders:read"), "ttl", "PT1H"))
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        AnomalyDetected a = published(alert(t.id(), key, Severity.HIGH, Instant.now()));
        // The policy's throttle, as the revocation-service applies it through the issuer (0212).
        given().baseUri(issuerUrl())
                .auth()
                .oauth2(t.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "throttle",
                        Map.of(
                                "rateLimit",
                                2,
                                "ttl",
                                "PT1H",
                                "alertId",
                                a.eventId().toString())))
                .patch("/v1/keys/" + key)
                .then()
                .statusCode(200)
                .body("throttle.reason", equalTo("alert:" + a.eventId()));
        publish(decision(a, ResponseAction.THROTTLE, false));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + a.eventId())
                .then()
                .body("decisions.action", org.hamcrest.Matchers.hasItem("THROTTLE")));

        String analyst = ConsoleFixtures.adminKey(t, "revocations:write");
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "a batch job, expected"))
                .post("/v1/alerts/" + a.eventId() + "/false-positive")
                .then()
                .statusCode(200)
                .body("alert.status", equalTo("FALSE_POSITIVE"))
                .body("triage.reinstatement", equalTo("THROTTLE_LIFTED"));

        given().baseUri(issuerUrl())
                .auth()
                .oauth2(t.adminKey())
                .get("/v1/keys/" + key)
                .then()
                .statusCode(200)
                .body("throttle", org.hamcrest.Matchers.nullValue());
        given().baseUri(revocation)
                .auth()
                .oauth2(analyst)
                .post("/v1/throttles/" + key + "/lift")
                .then()
                .statusCode(409);
    }
}
