package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.credential.CredentialIds;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class TenantIsolationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anotherTenantsKeyAndRevocationAreNotFound() {
        TestTenant owner = IssuerAdmin.newTenant();
        TestTenant stranger = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(owner);
        KnownCredentials.awaitKnown(dataSource, key.id());
        String revocation = given().auth()
                .oauth2(owner.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id(), "reason", "MANUAL"))
                .post("/v1/revocations")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        given().auth()
                .oauth2(stranger.adminKey())
                .get("/v1/revocations/" + revocation)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(stranger.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id(), "reason", "MANUAL"))
                .post("/v1/revocations")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(stranger.adminKey())
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void missingOrInvalidCredentialsAre401AndMissingScopeIs403() {
        TestTenant tenant = IssuerAdmin.newTenant();
        String readOnly = IssuerAdmin.newAdminKey(tenant, List.of("revocations:read"));

        given().get("/v1/revocations")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().auth()
                .oauth2("ww_admin_not-a-real-key")
                .get("/v1/revocations")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(ApiKeyFormat.generate("admin"))
                .get("/v1/revocations")
                .then()
                .statusCode(401);
        given().auth().oauth2(readOnly).get("/v1/revocations").then().statusCode(200);
        given().auth()
                .oauth2(readOnly)
                .contentType(ContentType.JSON)
                .body(Map.of("jti", CredentialIds.newId("tok"), "reason", "MANUAL"))
                .post("/v1/revocations")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("revocations:write"));
        given().auth().oauth2(readOnly).get("/v1/policy").then().statusCode(403);
    }
}
