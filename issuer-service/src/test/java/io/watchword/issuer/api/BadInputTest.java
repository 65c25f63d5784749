package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.createKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class BadInputTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void malformedJsonIsA400Problem() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body("{\"name\": ")
                .post("/v1/keys")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("https://watchword.io/problems/malformed-json"));
        assertNoKeys(tenant.adminKey());
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        var tenant = newTenant("orders");
        createKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read"), "scope", "orders:read"))
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("'scope'"))
                .body("errors[0].field", equalTo("scope"));
        assertNoKeys(tenant.adminKey());
    }

    @Test
    void expiryBeyondTheMaximumOrInThePastIsRefused() {
        var tenant = newTenant("orders");
        createKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read"), "ttl", "P3000D"))
                .statusCode(400)
                .body("detail", containsString("maximum key lifetime"));
        createKey(
                        tenant.adminKey(),
                        Map.of(
                                "name",
                                "n",
                                "scopes",
                                List.of("orders:read"),
                                "expiresAt",
                                Instant.now().minus(1, ChronoUnit.HOURS).toString()))
                .statusCode(400)
                .body("detail", containsString("in the past"));
        createKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read"), "ttl", "forever"))
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"));
        createKey(
                        tenant.adminKey(),
                        Map.of(
                                "name",
                                "n",
                                "scopes",
                                List.of("orders:read"),
                                "allowedCidrs",
                                List.of("10.0.0.0/99", "nope")))
                .statusCode(400)
                .body("errors", hasSize(2));
        assertNoKeys(tenant.adminKey());
    }

    @Test
    void wrongChecksumUnknownOrMissingCredentialsAre401() {
        var tenant = newTenant("orders");
        String typo = tenant.adminKey().substring(0, 20)
                + (tenant.adminKey().charAt(20) == 'a' ? 'b' : 'a')
                + tenant.adminKey().substring(21);
        given().auth()
                .oauth2(typo)
                .get("/v1/keys")
                .then()
                .statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"))
                // One answer for every bad credential (decision 0072): a typo reads like an unknown key.
                .body("type", equalTo("https://watchword.io/problems/invalid-credential"));
        given().get("/v1/keys").then().statusCode(401).contentType(PROBLEM);
        given().auth()
                .oauth2("ww_admin_l0HRHDFX8bXX8cPTLhwU0O76u25wtPvu49hQ0x")
                .get("/v1/keys")
                .then()
                .statusCode(401);
    }

    @Test
    void wrongContentTypeIs415() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.TEXT)
                .body("name=n")
                .post("/v1/keys")
                .then()
                .statusCode(415)
                .contentType(PROBLEM);
    }

    @Test
    void oversizedBodyIs413() {
        var tenant = newTenant("orders");
        String big = "x".repeat(70 * 1024);
        createKey(
                        tenant.adminKey(),
                        Map.of("name", "n", "scopes", List.of("orders:read"), "metadata", Map.of("blob", big)))
                .statusCode(413)
                .contentType(PROBLEM);
        assertNoKeys(tenant.adminKey());
    }

    @Test
    void unknownKeyIdAndUnknownPathAre404Problems() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/key_missing")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType(PROBLEM);
        given().auth()
                .oauth2(tenant.adminKey())
                .delete("/v1/keys")
                .then()
                .statusCode(405)
                .contentType(PROBLEM);
    }

    private static void assertNoKeys(String adminKey) {
        given().auth().oauth2(adminKey).get("/v1/keys").then().statusCode(200).body("items", hasSize(0));
    }
}
