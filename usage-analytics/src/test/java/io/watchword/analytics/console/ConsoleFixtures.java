package io.watchword.analytics.console;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.analytics.it.AnalyticsTestResource;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.DetectorFinding;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.Severity;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.events.v1.UsageSample;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** Tenants, admin keys (from the real issuer) and alerts (published to the real broker) for the console tests. */
final class ConsoleFixtures {

    private ConsoleFixtures() {}

    /** A tenant and its first admin key, which holds every console role. */
    record Tenant(String id, String adminKey) {}

    static final String PLATFORM_KEY = AnalyticsTestResource.PLATFORM_KEY;

    private static KafkaTestClient kafka;

    static synchronized KafkaTestClient kafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(Infrastructure.shared().kafkaBootstrapServers());
        }
        return kafka;
    }

    static String issuerUrl() {
        return ConfigProvider.getConfig().getValue("watchword.test.issuer.url", String.class);
    }

    static Tenant newTenant() {
        String id = "c"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        JsonPath created = given().baseUri(issuerUrl())
                .auth()
                .oauth2(PLATFORM_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Tenant " + id, "resources", List.of("orders")))
                .post("/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Tenant(id, created.getString("adminKey.key"));
    }

    /** A further admin key of the tenant holding only {@code scopes} (a role's scope, or none of them). */
    static String adminKey(Tenant tenant, String... scopes) {
        return given().baseUri(issuerUrl())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "console role", "scopes", List.of(scopes)))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("key");
    }

    static String newCredentialId() {
        return CredentialIds.newApiKeyId();
    }

    static AnomalyDetected alert(String tenant, String credentialId, Severity severity, Instant at) {
        Instant t = at.truncatedTo(ChronoUnit.MILLIS);
        return new AnomalyDetected(
                UUID.randomUUID(),
                t,
                tenant,
                credentialId,
                "rate-spike",
                severity,
                3.5,
                "Requests per minute 40x the key's baseline",
                t.minusSeconds(60),
                t,
                Map.of("requestsPerMinute", "400", "baseline", "10"),
                List.of(
                        new DetectorFinding(
                                "rate-spike", 3.5, "40x the usual rate", "400/min", "10/min", Map.of("window", "PT1M")),
                        new DetectorFinding(
                                "new-source",
                                1.2,
                                "a client address never seen",
                                "203.0.113.9",
                                "10.0.0.0/8",
                                Map.of())),
                t.minusSeconds(55),
                t.minusSeconds(1),
                List.of(new UsageSample(
                        t.minusSeconds(2),
                        "orders",
                        "GET",
                        "/orders/{id}",
                        200,
                        "203.0.113.9",
                        "curl/8.5",
                        UsageOutcome.ACCEPTED,
                        null)),
                ResponseAction.SUSPEND);
    }

    static ResponseDecided decision(AnomalyDetected alert, ResponseAction action, boolean dryRun) {
        return decision(alert, action, dryRun, alert.tenantId());
    }

    /** A decision about the alert's id, as written by {@code tenant} (another tenant: a forgery). */
    static ResponseDecided decision(AnomalyDetected alert, ResponseAction action, boolean dryRun, String tenant) {
        return new ResponseDecided(
                UUID.randomUUID(),
                alert.occurredAt().plusMillis(50),
                tenant,
                alert.credentialId(),
                alert.eventId(),
                action,
                dryRun,
                "high-severity",
                "severity HIGH or above");
    }

    static void publish(WatchwordEvent event) {
        kafka().send(EventRecords.toProducerRecord(event, "/watchword/test"));
    }

    /** Publishes the alert and waits until the console's API shows it. */
    static AnomalyDetected published(AnomalyDetected alert) {
        publish(alert);
        awaitAlert(alert.eventId(), PLATFORM_KEY);
        return alert;
    }

    static void awaitAlert(UUID id, String key) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60)) // generous: CI machines are shared
                .pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(key).get("/v1/alerts/" + id).statusCode() == 200);
    }
}
