package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

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
class AdminKeyTest {

    @Test
    void readOnlyAdminKeyCanListButNotCreate() {
        var tenant = newTenant("orders");
        String reader = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "dashboard", "scopes", List.of("keys:read"), "ttl", "P1D"))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .body("key", startsWith("ww_admin_"))
                .extract()
                .path("key");
        given().auth().oauth2(reader).get("/v1/keys").then().statusCode(200);
        IssuerTestSupport.createKey(reader, Map.of("name", "n", "scopes", List.of("orders:read")))
                .statusCode(403)
                .body("detail", equalTo("This admin credential lacks the scope 'keys:write'."));
        given().auth()
                .oauth2(reader)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("keys:read")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(403);
    }

    @Test
    void adminKeyScopesCannotExceedTheCreators() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "too-much", "scopes", List.of("tenants:admin")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("scopes[0]"));
    }
}
