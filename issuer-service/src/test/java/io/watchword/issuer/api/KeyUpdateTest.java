package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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
class KeyUpdateTest {

    @Test
    void nameAndMetadataChange() {
        var tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "old", "scopes", List.of("orders:read")))
                .get("id");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "new", "metadata", Map.of("owner", "team-a")))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("new"))
                .body("metadata.owner", equalTo("team-a"))
                .body("scopes[0]", equalTo("orders:read"))
                .body("key", nullValue());
    }

    @Test
    void otherFieldsAreImmutableAndNothingChanges() {
        var tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "old", "scopes", List.of("orders:read")))
                .get("id");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "new", "scopes", List.of("orders:admin")))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(400)
                .body("detail", containsString("only 'name', 'metadata', 'limits' and 'throttle'"))
                .body("errors[0].field", equalTo("scopes"));
        given().auth().oauth2(tenant.adminKey()).get("/v1/keys/" + id).then().body("name", equalTo("old"));
    }
}
