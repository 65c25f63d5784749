package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.watchword.analytics.rollup.RollupWriter;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.testsupport.kafka.TopicRecord;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage consumed from the topic becomes per-key rollups and an exact last use, once. */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class UsageRollupTest {

    @Inject
    RollupWriter writer;

    @Test
    void consumedUsageBecomesRollupsLastUseRoutesScopesAndTopKeys() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        Fixtures.Key key = Fixtures.newApiKey(tenant, List.of("orders:read", "orders:write", "invoices:read"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Fixtures.publish(
                Fixtures.usage(tenant.id(), key.id(), now.minusSeconds(5), "GET", "/orders/{id}", 200, "10.0.0.1"));
        Fixtures.publish(
                Fixtures.usage(tenant.id(), key.id(), now.minusSeconds(4), "GET", "/orders/{id}", 404, "10.0.0.2"));
        Fixtures.publish(
                Fixtures.usage(tenant.id(), key.id(), now.minusSeconds(3), "POST", "/orders", 503, "10.0.0.2"));
        Fixtures.publish(
                Fixtures.usage(tenant.id(), key.id(), now.minusSeconds(2), "GET", "/v1/orders", 201, "10.0.0.3"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("granularity", "minute")
                .queryParam("from", now.minus(Duration.ofMinutes(5)).toString())
                .get("/v1/keys/{id}/usage", key.id())
                .then()
                .statusCode(200)
                .body("totals.requests", equalTo(4)));

        JsonPath usage = given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("granularity", "hour")
                .get("/v1/keys/{id}/usage", key.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(usage.getInt("totals.status2xx")).isEqualTo(2);
        assertThat(usage.getInt("totals.status4xx")).isEqualTo(1);
        assertThat(usage.getInt("totals.status5xx")).isEqualTo(1);
        assertThat(usage.getInt("totals.errors")).isEqualTo(2);
        assertThat(usage.getLong("totals.requestBytes")).isEqualTo(400);
        assertThat(usage.getLong("totals.responseBytes")).isEqualTo(4000);
        assertThat(usage.getInt("totals.distinctSources")).isEqualTo(3);
        assertThat(usage.getString("lastUse.usedAt"))
                .isEqualTo(now.minusSeconds(2).toString());
        assertThat(usage.getString("lastUse.clientIp")).isEqualTo("10.0.0.3");
        assertThat(usage.getString("lastUse.route")).isEqualTo("/v1/orders");
        assertThat(usage.getString("lastUse.scope")).isEqualTo("orders:read");

        JsonPath routes = given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("keyId", key.id())
                .get("/v1/usage/routes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(routes.getList("items.name")).containsExactly("GET /orders/{id}", "GET /v1/orders", "POST /orders");
        assertThat(routes.getInt("items[0].requests")).isEqualTo(2);

        JsonPath scopes = given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/usage/scopes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(scopes.getList("items.name")).containsExactly("orders:read", "orders:write");

        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/usage/top-keys")
                .then()
                .statusCode(200)
                .body("keys[0].credentialId", equalTo(key.id()))
                .body("keys[0].requests", equalTo(4));

        // The key listing of this service carries last-used, once the issuer's state arrived.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys")
                .then()
                .statusCode(200)
                .body("keys.find { it.credentialId == '" + key.id() + "' }.lastUse.clientIp", equalTo("10.0.0.3")));
    }

    @Test
    void redeliveredRecordsAreNeverCountedTwice() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String credential = Fixtures.newApiKey(tenant, List.of("orders:read")).id();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // A partition number no real consumer owns, so the test's offsets are its own.
        int partition = 1000 + (int) (Math.random() * 1_000_000);
        List<RollupWriter.Positioned> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new RollupWriter.Positioned(
                    partition, i, Fixtures.usage(tenant.id(), credential, at, "GET", "/orders", 200, "10.1.0." + i)));
        }
        RollupWriter.Outcome first =
                writer.write(Topics.USAGE.name(), batch).await().atMost(Duration.ofSeconds(10));
        // The consumer crashed before Kafka's commit: the same records come again, plus one new.
        List<RollupWriter.Positioned> redelivered = new ArrayList<>(batch);
        redelivered.add(new RollupWriter.Positioned(
                partition, 5, Fixtures.usage(tenant.id(), credential, at, "GET", "/orders", 200, "10.1.0.9")));
        RollupWriter.Outcome second =
                writer.write(Topics.USAGE.name(), redelivered).await().atMost(Duration.ofSeconds(10));

        assertThat(first.applied()).isEqualTo(5);
        assertThat(second.applied()).isEqualTo(1);
        assertThat(second.alreadyApplied()).isEqualTo(5);
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("granularity", "day")
                .get("/v1/keys/{id}/usage", credential)
                .then()
                .statusCode(200)
                .body("totals.requests", equalTo(6));
    }

    @Test
    void aBadRecordIsDeadLetteredWithItsReasonAndTheRestOfTheBatchCounts() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String credential = Fixtures.newApiKey(tenant, List.of("orders:read")).id();
        Instant at = Instant.now();
        ApiUsageRecorded good = Fixtures.usage(tenant.id(), credential, at, "GET", "/orders", 200, "10.2.0.1");
        ApiUsageRecorded badStatus = Fixtures.usage(tenant.id(), credential, at, "GET", "/orders", 42, "10.2.0.1");
        Fixtures.kafka()
                .send(
                        Topics.USAGE.name(),
                        credential,
                        "{not json",
                        Map.of("ce_type", "io.watchword.usage.recorded.v1"));
        Fixtures.publish(badStatus);
        Fixtures.publish(good);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/{id}/usage", credential)
                .then()
                .statusCode(200)
                .body("totals.requests", equalTo(1)));
        List<TopicRecord> dead = Fixtures.kafka()
                .awaitRecords(
                        Topics.DEAD_LETTERS.name(),
                        rs -> rs.stream()
                                        .filter(r -> credential.equals(r.key()))
                                        .count()
                                >= 2,
                        Duration.ofSeconds(20))
                .stream()
                .filter(r -> credential.equals(r.key()))
                .toList();
        assertThat(dead)
                .extracting(r -> r.headers().get(DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).contains("malformed JSON"))
                .anySatisfy(reason -> assertThat(reason).contains("status must be an HTTP status"));
        assertThat(dead).allSatisfy(r -> assertThat(r.headers().get(DeadLetters.CONSUMER))
                .isEqualTo("watchword-usage-analytics-usage"));
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isNotEmpty();
    }

    @Test
    void anotherTenantLearnsNothingAboutAKey() {
        Fixtures.Tenant owner = Fixtures.newTenant();
        Fixtures.Tenant other = Fixtures.newTenant();
        String credential = Fixtures.newApiKey(owner, List.of("orders:read")).id();
        Fixtures.publish(Fixtures.usage(owner.id(), credential, Instant.now(), "GET", "/orders", 200, "10.3.0.1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(owner.adminKey())
                .get("/v1/keys/{id}/usage", credential)
                .then()
                .statusCode(200));

        String missing = given().auth()
                .oauth2(other.adminKey())
                .get("/v1/keys/{id}/usage", "key_0000000000000000000000")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        String foreign = given().auth()
                .oauth2(other.adminKey())
                .get("/v1/keys/{id}/usage", credential)
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertThat(foreign.replaceAll("\"instance\":\"[^\"]*\"", ""))
                .isEqualTo(missing.replaceAll("\"instance\":\"[^\"]*\"", ""));
        given().auth()
                .oauth2(other.adminKey())
                .get("/v1/usage/top-keys")
                .then()
                .statusCode(200)
                .body("keys.size()", equalTo(0));
        // The owner's admin key without usage:read is refused.
        String keysOnly = Fixtures.adminKey(owner, List.of("keys:read"));
        given().auth()
                .oauth2(keysOnly)
                .get("/v1/keys/{id}/usage", credential)
                .then()
                .statusCode(403);
        given().get("/v1/keys/{id}/usage", credential).then().statusCode(401);
    }
}
