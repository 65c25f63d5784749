package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.PLATFORM_KEY;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class TenantIsolationTest {

    @Test
    void anotherTenantsKeyIsNotFoundNotListedAndCannotBeTouched() {
        var a = newTenant("orders");
        var b = newTenant("orders");
        String id = (String) newKey(a.adminKey(), Map.of("name", "a-key", "scopes", List.of("orders:read")))
                .get("id");

        given().auth()
                .oauth2(b.adminKey())
                .get("/v1/keys/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(b.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "stolen"))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(b.adminKey())
                .post("/v1/keys/" + id + "/rotate")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(b.adminKey())
                .get("/v1/keys")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        given().auth()
                .oauth2(b.adminKey())
                .queryParam("tenant", a.id())
                .get("/v1/keys")
                .then()
                .statusCode(400);
        given().auth().oauth2(b.adminKey()).get("/v1/tenants/" + a.id()).then().statusCode(404);
        given().auth()
                .oauth2(a.adminKey())
                .get("/v1/keys/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("a-key"));
    }

    @Test
    void platformAdminsSeeEveryTenantAndOnlyTheyCreateTenants() {
        var a = newTenant("orders");
        String id = (String) newKey(a.adminKey(), Map.of("name", "a-key", "scopes", List.of("orders:read")))
                .get("id");
        given().auth()
                .oauth2(PLATFORM_KEY)
                .queryParam("tenant", a.id())
                .get("/v1/keys")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(id)));
        given().auth()
                .oauth2(PLATFORM_KEY)
                .get("/v1/tenants/" + a.id())
                .then()
                .statusCode(200)
                .body("resources", equalTo(List.of("orders")));
        given().auth()
                .oauth2(a.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "resources", List.of("y")))
                .post("/v1/tenants")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }
}
