package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stale keys and least-privilege scope advice, applied through the real issuer. */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class HygieneTest {

    @Test
    void staleKeysAreThoseNeverUsedOrNotUsedSinceTheCutoff() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        String neverUsed = oldKey(tenant.id(), longAgo);
        String usedLongAgo = oldKey(tenant.id(), longAgo);
        String usedYesterday = oldKey(tenant.id(), longAgo);
        Fixtures.publish(Fixtures.usage(
                tenant.id(), usedLongAgo, Instant.now().minus(Duration.ofDays(35)), "GET", "/orders", 200, "10.4.0.1"));
        Fixtures.publish(Fixtures.usage(
                tenant.id(),
                usedYesterday,
                Instant.now().minus(Duration.ofDays(1)),
                "GET",
                "/orders",
                200,
                "10.4.0.2"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath stale = given().auth()
                    .oauth2(tenant.adminKey())
                    .queryParam("unusedFor", "P30D")
                    .get("/v1/keys/stale")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(stale.getList("keys.credentialId")).containsExactly(neverUsed, usedLongAgo);
            assertThat(stale.getList("keys.neverUsed")).containsExactly(true, false);
        });
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("unusedFor", "P0D")
                .get("/v1/keys/stale")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("unusedFor"));
    }

    @Test
    void scopeAdviceProposesTheScopesUsedAndApplyingItRotatesToThem() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        Fixtures.Key key = Fixtures.newApiKey(tenant, List.of("orders:read", "orders:write", "invoices:read"));
        // Usage of this tenant recorded since six days ago, so two- and five-day windows are covered.
        Fixtures.publish(Fixtures.usage(
                tenant.id(), key.id(), Instant.now().minus(Duration.ofDays(6)), "GET", "/orders", 200, "10.5.0.1"));
        Fixtures.publish(Fixtures.usage(
                tenant.id(), key.id(), Instant.now().minus(Duration.ofDays(3)), "POST", "/orders", 201, "10.5.0.1"));
        Fixtures.publish(Fixtures.usage(tenant.id(), key.id(), Instant.now(), "GET", "/orders/{id}", 200, "10.5.0.1"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath advice = given().auth()
                    .oauth2(tenant.adminKey())
                    .queryParam("window", "P2D")
                    .get("/v1/keys/{id}/scope-advice", key.id())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(advice.getList("held"))
                    .containsExactlyInAnyOrder("orders:read", "orders:write", "invoices:read");
            assertThat(advice.getList("proposed")).containsExactly("orders:read");
            assertThat(advice.getList("removable")).containsExactly("invoices:read", "orders:write");
        });
        // Over five days the POST counts too: orders:write covers orders:read.
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("window", "P5D")
                .get("/v1/keys/{id}/scope-advice", key.id())
                .then()
                .statusCode(200)
                .body("proposed", equalTo(List.of("orders:write")));
        // The data does not reach 30 days back, and 400 days is beyond any window.
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("window", "P30D")
                .get("/v1/keys/{id}/scope-advice", key.id())
                .then()
                .statusCode(409);
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("window", "P400D")
                .get("/v1/keys/{id}/scope-advice", key.id())
                .then()
                .statusCode(400);

        JsonPath rotated = given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("window", "P2D")
                .post("/v1/keys/{id}/scope-advice/apply", key.id())
                .then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath();
        assertThat(rotated.getList("scopes")).containsExactly("orders:read");
        assertThat(rotated.getString("id")).isNotEqualTo(key.id());

        // Another tenant cannot see or apply advice for this key.
        Fixtures.Tenant other = Fixtures.newTenant();
        given().auth()
                .oauth2(other.adminKey())
                .get("/v1/keys/{id}/scope-advice", key.id())
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(other.adminKey())
                .post("/v1/keys/{id}/scope-advice/apply", key.id())
                .then()
                .statusCode(404);
    }

    @Test
    void scopeAdviceCountsTheScopesTheClientDeclaredBeforeInferringFromTheRoute() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        Fixtures.Key key = Fixtures.newApiKey(tenant, List.of("orders:read", "invoices:read", "invoices:write"));
        // Data since three days ago, so a two-day window is covered; that old use is outside it.
        Fixtures.publish(Fixtures.usage(
                tenant.id(), key.id(), Instant.now().minus(Duration.ofDays(3)), "GET", "/", 200, "10.6.0.1"));
        // A route outside the convention: inference would guess "reports:read", which the key does
        // not hold; the client library says the method required invoices:read.
        Fixtures.publish(Fixtures.usage(tenant.id(), key.id(), Instant.now(), "GET", "/reports/{id}", 200, "10.6.0.1")
                .withRequiredScopes(List.of("invoices:read")));
        // Without requiredScopes (an older producer) inference still applies: GET /orders → orders:read.
        Fixtures.publish(Fixtures.usage(tenant.id(), key.id(), Instant.now(), "GET", "/orders", 200, "10.6.0.1"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath advice = given().auth()
                    .oauth2(tenant.adminKey())
                    .queryParam("window", "P2D")
                    .get("/v1/keys/{id}/scope-advice", key.id())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(advice.getList("proposed")).containsExactlyInAnyOrder("invoices:read", "orders:read");
            assertThat(advice.getList("removable")).containsExactly("invoices:write");
        });
    }

    /** A key the issuer announced {@code at} (as the compacted topic would replay it). */
    private static String oldKey(String tenant, Instant at) {
        String id = CredentialIds.newApiKeyId();
        CredentialStateChanged state = new CredentialStateChanged(
                UUID.randomUUID(),
                at,
                tenant,
                id,
                CredentialType.API_KEY,
                "live",
                "ww_live_AbCd1234",
                "old key",
                List.of("orders:read"),
                List.of(),
                Instant.now().plus(Duration.ofDays(300)),
                CredentialState.ACTIVE,
                null,
                null,
                null);
        Fixtures.kafka().send(EventRecords.toProducerRecord(state, "/watchword/issuer-service"));
        return id;
    }
}
