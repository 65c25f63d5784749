package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class RotationTest {

    @Inject
    CredentialLookup lookup;

    @Test
    void rotatedKeyStillWorksDuringGracePeriodAndIsRefusedAfter() {
        var tenant = newTenant("orders");
        Map<String, Object> old = newKey(
                tenant.adminKey(),
                Map.of(
                        "name",
                        "n",
                        "environment",
                        "test",
                        "scopes",
                        List.of("orders:write"),
                        "allowedCidrs",
                        List.of("10.0.0.0/8"),
                        "metadata",
                        Map.of("a", "b")));
        String oldKey = (String) old.get("key");

        var rotated = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("gracePeriod", "PT3S"))
                .post("/v1/keys/" + old.get("id") + "/rotate")
                .then()
                .statusCode(201)
                .body("environment", equalTo("test"))
                .body("scopes", equalTo(List.of("orders:write")))
                .body("allowedCidrs", equalTo(List.of("10.0.0.0/8")))
                .body("metadata.a", equalTo("b"))
                .extract();
        String newKey = rotated.path("key");
        assertThat(newKey).startsWith("ww_test_").isNotEqualTo(oldKey);

        assertThat(lookup.findByPresentedKey(oldKey).orElseThrow().usableAt(Instant.now()))
                .isTrue();
        assertThat(lookup.findByPresentedKey(newKey).orElseThrow().usableAt(Instant.now()))
                .isTrue();
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/" + old.get("id"))
                .then()
                .body("rotatedTo", equalTo(rotated.path("id")));

        await().atMost(Duration.ofSeconds(10)).until(() -> lookup.findByPresentedKey(oldKey)
                .map(c -> !c.usableAt(Instant.now()))
                .orElse(true));
        assertThat(lookup.findByPresentedKey(newKey).orElseThrow().usableAt(Instant.now()))
                .isTrue();
    }

    @Test
    void rotatingTwiceIsAConflict() {
        var tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read")))
                .get("id");
        given().auth()
                .oauth2(tenant.adminKey())
                .post("/v1/keys/" + id + "/rotate")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(tenant.adminKey())
                .post("/v1/keys/" + id + "/rotate")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://watchword.io/problems/already-rotated"));
    }

    @Test
    void gracePeriodAboveTheMaximumIsRefused() {
        var tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read")))
                .get("id");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("gracePeriod", "P30D"))
                .post("/v1/keys/" + id + "/rotate")
                .then()
                .statusCode(400);
        given().auth().oauth2(tenant.adminKey()).get("/v1/keys/" + id).then().body("rotatedTo", equalTo(null));
    }
}
