package io.watchword.analytics.console;

import static io.restassured.RestAssured.given;
import static io.watchword.analytics.console.ConsoleFixtures.PLATFORM_KEY;
import static io.watchword.analytics.console.ConsoleFixtures.alert;
import static io.watchword.analytics.console.ConsoleFixtures.newCredentialId;
import static io.watchword.analytics.console.ConsoleFixtures.newTenant;
import static io.watchword.analytics.console.ConsoleFixtures.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.analytics.it.AnalyticsTestResource;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Roles (analyst, operator, auditor) and tenant isolation on every console endpoint; an anonymous
 * caller is refused before anything it sent is read.
 */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAccessTest {

    ConsoleFixtures.Tenant a;
    ConsoleFixtures.Tenant b;
    String analyst;
    String operator;
    String auditor;
    String noRole;
    AnomalyDetected alertOfA;
    AnomalyDetected alertOfB;

    /** Once per class, but in @BeforeEach: RestAssured knows the test port only from then on. */
    @BeforeEach
    void tenantsRolesAndAlerts() {
        if (a != null) {
            return;
        }
        a = newTenant();
        b = newTenant();
        analyst = ConsoleFixtures.adminKey(a, "revocations:write");
        operator = ConsoleFixtures.adminKey(a, "policies:write");
        auditor = ConsoleFixtures.adminKey(a, "audit:read");
        noRole = ConsoleFixtures.adminKey(a, "keys:read");
        alertOfA = published(alert(a.id(), newCredentialId(), Severity.HIGH, Instant.now()));
        alertOfB = published(alert(b.id(), newCredentialId(), Severity.HIGH, Instant.now()));
    }

    private List<String> readPaths(AnomalyDetected alert) {
        return List.of("/v1/alerts", "/v1/alerts/" + alert.eventId(), "/v1/alerts/export/ocsf", "/v1/console/session");
    }

    private List<String> triagePaths(AnomalyDetected alert) {
        return List.of(
                "/v1/alerts/" + alert.eventId() + "/acknowledge",
                "/v1/alerts/" + alert.eventId() + "/notes",
                "/v1/alerts/" + alert.eventId() + "/false-positive");
    }

    @Test
    void everyRoleReadsAndOnlyTheAnalystTriages() {
        for (String key : List.of(analyst, operator, auditor)) {
            for (String path : readPaths(alertOfA)) {
                given().auth().oauth2(key).get(path).then().statusCode(200);
            }
        }
        for (String key : List.of(operator, auditor)) {
            for (String path : triagePaths(alertOfA)) {
                given().auth()
                        .oauth2(key)
                        .contentType(ContentType.JSON)
                        .body(Map.of("note", "x"))
                        .post(path)
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json");
            }
        }
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "looking"))
                .post("/v1/alerts/" + alertOfA.eventId() + "/notes")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(auditor)
                .get("/v1/console/session")
                .then()
                .body("roles", equalTo(List.of("auditor")))
                .body("tenantId", equalTo(a.id()));
    }

    @Test
    void aKeyWithNoConsoleRoleIsRefusedEverywhere() {
        for (String path : readPaths(alertOfA)) {
            given().auth().oauth2(noRole).get(path).then().statusCode(403);
        }
        given().auth().oauth2(noRole).get("/v1/alerts/stream").then().statusCode(403);
    }

    @Test
    void anonymousAndForgedCallersGetTheSame401BeforeTheirBodyOrParametersAreRead() {
        for (String key : List.of("", "ww_admin_" + "A".repeat(40), "Basic Zm9vOmJhcg==")) {
            for (String path : triagePaths(alertOfA)) {
                Response r = given().header("Authorization", key.startsWith("Basic") ? key : "Bearer " + key)
                        .contentType(ContentType.JSON)
                        .body("{\"note\": [[[[ not json")
                        .post(path);
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.asString()).doesNotContain("note").doesNotContain("json");
            }
            given().header("Authorization", "Bearer " + key)
                    .queryParam("limit", "not-a-number")
                    .get("/v1/alerts")
                    .then()
                    .statusCode(401);
        }
        given().get("/v1/alerts/stream").then().statusCode(401);
    }

    @Test
    void aTenantNeverSeesNorTouchesAnotherTenantsAlerts() {
        // B's alert is, to A, an alert that does not exist.
        given().auth()
                .oauth2(a.adminKey())
                .get("/v1/alerts/" + alertOfB.eventId())
                .then()
                .statusCode(404);
        for (String path : triagePaths(alertOfB)) {
            given().auth()
                    .oauth2(a.adminKey())
                    .contentType(ContentType.JSON)
                    .body(Map.of("note", "x"))
                    .post(path)
                    .then()
                    .statusCode(404);
        }
        given().auth()
                .oauth2(a.adminKey())
                .queryParam("credentialId", alertOfB.credentialId())
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        given().auth()
                .oauth2(a.adminKey())
                .queryParam("tenant", b.id())
                .get("/v1/alerts")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(a.adminKey())
                .queryParam("tenant", b.id())
                .get("/v1/alerts/export/ocsf")
                .then()
                .statusCode(403);
        assertThat(given().auth()
                        .oauth2(a.adminKey())
                        .queryParam("limit", 200)
                        .get("/v1/alerts")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.tenantId", String.class))
                .containsOnly(a.id());
        given().auth()
                .oauth2(b.adminKey())
                .get("/v1/alerts/" + alertOfB.eventId() + "/../" + alertOfA.eventId())
                .then()
                .statusCode(404);
    }

    @Test
    void aPlatformAdminReadsEveryTenantAndFiltersByOne() {
        given().auth()
                .oauth2(PLATFORM_KEY)
                .get("/v1/alerts/" + alertOfB.eventId())
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(PLATFORM_KEY)
                .queryParam("tenant", b.id())
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .body("items.tenantId", org.hamcrest.Matchers.everyItem(equalTo(b.id())))
                .body(
                        "items.id",
                        org.hamcrest.Matchers.hasItem(alertOfB.eventId().toString()));
        given().auth()
                .oauth2(PLATFORM_KEY)
                .get("/v1/console/session")
                .then()
                .body("platform", equalTo(true))
                .body("roles", equalTo(List.of("analyst", "operator", "auditor")));
    }

    @Test
    void consolePagesCarryAStrictContentSecurityPolicyAndHoldNoInlineCode() {
        for (String path : List.of("/console/", "/console/js/app.js", "/console/css/console.css")) {
            Response r = given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String csp = r.header("Content-Security-Policy");
            assertThat(csp)
                    .as(path)
                    .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
        String page = given().get("/console/").asString();
        assertThat(page).containsPattern("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(page.split("<script", -1)).hasSize(2); // the one external module, nothing inline
        assertThat(page).doesNotContain(" style=", "onclick=", "onload=", "javascript:");
    }
}
