package io.watchword.analytics.console;

import static io.restassured.RestAssured.given;
import static io.watchword.analytics.console.ConsoleFixtures.PLATFORM_KEY;
import static io.watchword.analytics.console.ConsoleFixtures.alert;
import static io.watchword.analytics.console.ConsoleFixtures.decision;
import static io.watchword.analytics.console.ConsoleFixtures.kafka;
import static io.watchword.analytics.console.ConsoleFixtures.newCredentialId;
import static io.watchword.analytics.console.ConsoleFixtures.newTenant;
import static io.watchword.analytics.console.ConsoleFixtures.publish;
import static io.watchword.analytics.console.ConsoleFixtures.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.analytics.it.AnalyticsTestResource;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import io.watchword.testsupport.kafka.TopicRecord;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The analysts' API on the real broker and PostgreSQL, with alerts this test publishes. */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class AlertApiTest {

    @TestHTTPResource("/v1/alerts/stream")
    URL stream;

    @Test
    void alertIsStoredOnceWithEveryFindingSampleAndTheDecisionEvenWhenRedelivered() {
        ConsoleFixtures.Tenant t = newTenant();
        AnomalyDetected a = published(alert(t.id(), newCredentialId(), Severity.HIGH, Instant.now()));
        publish(a); // redelivery, e.g. after a consumer restart
        publish(decision(a, ResponseAction.SUSPEND, false));
        publish(decision(a, ResponseAction.REVOKE, false, "someone-else"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + a.eventId())
                .then()
                .statusCode(200)
                .body("decisions", hasSize(1))
                .body("decisions[0].action", equalTo("SUSPEND")));
        JsonPath detail = given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + a.eventId())
                .then()
                .extract()
                .jsonPath();
        assertThat(detail.getString("alert.status")).isEqualTo("OPEN");
        assertThat(detail.getList("event.findings.detector")).containsExactly("rate-spike", "new-source");
        assertThat(detail.getString("event.findings[0].expected")).isEqualTo("10/min");
        assertThat(detail.getString("event.samples[0].clientIp")).isEqualTo("203.0.113.9");
        assertThat(detail.getString("event.recommendedAction")).isEqualTo("SUSPEND");
        given().auth()
                .oauth2(t.adminKey())
                .queryParam("credentialId", a.credentialId())
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
    }

    @Test
    void filtersAndTheCursorPageThroughNewestFirstWithoutGapsOrRepeats() {
        ConsoleFixtures.Tenant t = newTenant();
        String key = newCredentialId();
        Instant base = Instant.parse("2026-11-30T12:00:00Z");
        Severity[] severities = {Severity.LOW, Severity.HIGH, Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM};
        for (int i = 0; i < severities.length; i++) {
            published(alert(t.id(), key, severities[i], base.plusSeconds(i * 60L)));
        }
        published(alert(t.id(), newCredentialId(), Severity.HIGH, base)); // another key

        Set<String> seen = new HashSet<>();
        String cursor = null;
        Instant previous = Instant.MAX;
        int pages = 0;
        do {
            var request = given().auth()
                    .oauth2(t.adminKey())
                    .queryParam("credentialId", key)
                    .queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page =
                    request.get("/v1/alerts").then().statusCode(200).extract().jsonPath();
            for (String at : page.<String>getList("items.occurredAt")) {
                assertThat(Instant.parse(at)).isBefore(previous);
                previous = Instant.parse(at);
            }
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);

        given().auth()
                .oauth2(t.adminKey())
                .queryParam("credentialId", key)
                .queryParam("severity", "high")
                .queryParam("severity", "CRITICAL")
                .queryParam("from", base.plusSeconds(60).toString())
                .queryParam("to", base.plusSeconds(180).toString())
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].severity", equalTo("CRITICAL"))
                .body("next", nullValue());
    }

    @Test
    void triageAcknowledgesNotesAndMarksFalsePositiveEachAuditedThroughTheOutbox() {
        ConsoleFixtures.Tenant t = newTenant();
        String analyst = ConsoleFixtures.adminKey(t, "revocations:write");
        AnomalyDetected a = published(alert(t.id(), newCredentialId(), Severity.HIGH, Instant.now()));

        given().auth()
                .oauth2(analyst)
                .post("/v1/alerts/" + a.eventId() + "/acknowledge")
                .then()
                .statusCode(200)
                .body("alert.status", equalTo("ACKNOWLEDGED"))
                .body("triage.action", equalTo("ACKNOWLEDGE"));
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "Customer confirmed a batch job.\nClosing."))
                .post("/v1/alerts/" + a.eventId() + "/notes")
                .then()
                .statusCode(200)
                .body("alert.status", equalTo("ACKNOWLEDGED"));
        // No suspension was decided for this alert: nothing to lift, no call to the revocation-service.
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "benign"))
                .post("/v1/alerts/" + a.eventId() + "/false-positive")
                .then()
                .statusCode(200)
                .body("alert.status", equalTo("FALSE_POSITIVE"))
                .body("triage.reinstatement", nullValue());
        given().auth()
                .oauth2(analyst)
                .post("/v1/alerts/" + a.eventId() + "/acknowledge")
                .then()
                .statusCode(409);

        JsonPath detail = given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + a.eventId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getList("triage.action")).containsExactly("ACKNOWLEDGE", "NOTE", "FALSE_POSITIVE");
        assertThat(detail.getString("triage[1].note")).isEqualTo("Customer confirmed a batch job.\nClosing.");

        List<TopicRecord> audits = kafka().awaitRecords(
                        Topics.AUDIT.name(),
                        records -> records.stream()
                                        .filter(r -> r.valueAsString()
                                                .contains(a.eventId().toString()))
                                        .count()
                                >= 3,
                        Duration.ofSeconds(10));
        List<String> actions = audits.stream()
                .filter(r -> r.valueAsString().contains(a.eventId().toString()))
                .map(r -> JsonPath.from(r.valueAsString()).getString("action"))
                .toList();
        assertThat(actions).containsExactly("alert.acknowledge", "alert.note", "alert.false-positive");
        assertThat(audits.stream()
                        .filter(r -> r.valueAsString().contains(a.eventId().toString()))
                        .map(TopicRecord::valueAsString))
                .allSatisfy(v -> assertThat(v).doesNotContain("batch job").contains(t.id()));
    }

    @Test
    void ocsfExportIsADetectionFindingPerAlert() {
        ConsoleFixtures.Tenant t = newTenant();
        AnomalyDetected a = published(alert(t.id(), newCredentialId(), Severity.CRITICAL, Instant.now()));

        JsonPath finding = given().auth()
                .oauth2(t.adminKey())
                .queryParam("credentialId", a.credentialId())
                .get("/v1/alerts/export/ocsf")
                .then()
                .statusCode(200)
                .body("findings", hasSize(1))
                .extract()
                .jsonPath()
                .setRootPath("findings[0]");
        assertThat(finding.getInt("class_uid")).isEqualTo(2004);
        assertThat(finding.getInt("category_uid")).isEqualTo(2);
        assertThat(finding.getInt("type_uid")).isEqualTo(200401);
        assertThat(finding.getInt("severity_id")).isEqualTo(5);
        assertThat(finding.getInt("status_id")).isEqualTo(1);
        assertThat(finding.getLong("time")).isEqualTo(a.occurredAt().toEpochMilli());
        assertThat(finding.getString("finding_info.uid")).isEqualTo(a.eventId().toString());
        assertThat(finding.getList("finding_info.related_analytics.name")).containsExactly("rate-spike", "new-source");
        assertThat(finding.getString("resources[0].uid")).isEqualTo(a.credentialId());
        assertThat(finding.getString("metadata.version")).isEqualTo("1.3.0");
        assertThat(finding.getString("unmapped.watchword_tenant_id")).isEqualTo(t.id());
    }

    @Test
    void liveFeedDeliversNewAlertsAndTriageOfTheCallersTenantOnly() throws Exception {
        ConsoleFixtures.Tenant mine = newTenant();
        ConsoleFixtures.Tenant other = newTenant();
        try (SseClient feed = new SseClient(URI.create(stream.toString()), mine.adminKey())) {
            assertThat(feed.status()).isEqualTo(200);
            assertThat(feed.await("ready", null, Duration.ofSeconds(5))).isNotNull();

            AnomalyDetected theirs = alert(other.id(), newCredentialId(), Severity.CRITICAL, Instant.now());
            publish(theirs);
            AnomalyDetected ours = alert(mine.id(), newCredentialId(), Severity.HIGH, Instant.now());
            publish(ours);

            assertThat(feed.await("alert", ours.eventId().toString(), Duration.ofSeconds(10)))
                    .as("our alert, live")
                    .isNotNull();
            given().auth()
                    .oauth2(mine.adminKey())
                    .post("/v1/alerts/" + ours.eventId() + "/acknowledge")
                    .then()
                    .statusCode(200);
            SseClient.Event update = feed.await("update", ours.eventId().toString(), Duration.ofSeconds(5));
            assertThat(update).isNotNull();
            assertThat(update.data()).contains("ACKNOWLEDGED");

            ConsoleFixtures.awaitAlert(theirs.eventId(), PLATFORM_KEY);
            assertThat(feed.seesWithin(theirs.eventId().toString(), Duration.ofMillis(300)))
                    .as("another tenant's alert never reaches this feed")
                    .isFalse();
        }
    }

    @Test
    void unusableAlertRecordsAreDeadLetteredWithTheReasonAndTheAlertBehindThemIsStored() {
        ConsoleFixtures.Tenant t = newTenant();
        String key = newCredentialId();
        String marker = "console-poison-" + key;
        kafka().send(
                        Topics.ALERTS.name(),
                        key,
                        ("{not json " + marker).getBytes(StandardCharsets.UTF_8),
                        Map.of("ce_type", "io.watchword.anomaly.detected.v1", "ce_id", marker));
        AnomalyDetected badTenant = alert("Not A Tenant", key, Severity.LOW, Instant.now());
        publish(badTenant);
        AnomalyDetected good = published(alert(t.id(), key, Severity.MEDIUM, Instant.now()));

        List<TopicRecord> dead = kafka().awaitRecords(
                        DeadLetters.TOPIC,
                        records -> records.stream()
                                        .filter(r -> "watchword-usage-analytics-console-alerts"
                                                .equals(r.header(DeadLetters.CONSUMER)))
                                        .filter(r -> key.equals(r.key()))
                                        .count()
                                >= 2,
                        Duration.ofSeconds(10));
        List<String> reasons = dead.stream()
                .filter(r -> key.equals(r.key()))
                .filter(r -> "watchword-usage-analytics-console-alerts".equals(r.header(DeadLetters.CONSUMER)))
                .map(r -> r.header(DeadLetters.REASON))
                .toList();
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("not a valid event"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).isEqualTo("tenantId is not a tenant id"));
        given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + good.eventId())
                .then()
                .statusCode(200);
    }
}
